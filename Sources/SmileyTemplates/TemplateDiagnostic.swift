/// One finding of ``TemplateChecker``: where, how bad, and what.
public struct TemplateDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// The file on disk (or the name of the missing one).
    public let file: String
    /// The 1-based line; 0 when the finding concerns the whole file.
    public let line: Int
    /// The 1-based column; 0 when unknown.
    public let column: Int
    /// `true` for problems that break surveys; `false` for warnings.
    public let isError: Bool
    /// What is wrong and, where it helps, what to do.
    public let message: String

    /// Creates a diagnostic.
    public init(file: String, line: Int, column: Int, isError: Bool, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.isError = isError
        self.message = message
    }

    /// `file:line:column: error: message`, the form editors and CI logs understand.
    public var description: String {
        "\(file):\(line):\(column): \(isError ? "error" : "warning"): \(message)"
    }
}
