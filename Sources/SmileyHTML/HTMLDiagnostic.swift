/// One problem libxml2 noticed while parsing a document (HTML parses always recover; XML parses stop at errors).
public struct HTMLDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// The 1-based source line the parser was on.
    public let line: Int
    /// The 1-based column the parser was on (0 when libxml2 did not know it).
    public let column: Int
    /// libxml2's own wording, e.g. "Tag foo invalid".
    public let message: String
    /// `true` for errors, `false` for warnings.
    public let isError: Bool

    /// Creates a diagnostic (used by the parsers; public so callers can build expected values in tests).
    public init(line: Int, column: Int, message: String, isError: Bool) {
        self.line = line
        self.column = column
        self.message = message
        self.isError = isError
    }

    /// `line 3, column 7: error: Tag foo invalid`.
    public var description: String {
        "line \(line), column \(column): \(isError ? "error" : "warning"): \(message)"
    }
}
