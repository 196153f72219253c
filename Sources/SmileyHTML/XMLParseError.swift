/// Why an XML payload was refused.
public struct XMLParseError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case malformed
        case entityDeclarations
        case empty
    }

    private let code: Code
    /// The 1-based line of the first problem (0 when not known).
    public let line: Int
    /// The 1-based column of the first problem (0 when not known).
    public let column: Int
    /// libxml2's wording of the first error, or Smiley's own.
    public let message: String

    /// The payload is not well-formed XML (including entity loops, which libxml2 stops early).
    public static func malformed(line: Int, column: Int, message: String) -> XMLParseError {
        XMLParseError(code: .malformed, line: line, column: column, message: message)
    }

    /// The payload declares entities; webhook payloads never need them, and they are how XML attacks work.
    public static func entityDeclarations(line: Int) -> XMLParseError {
        XMLParseError(
            code: .entityDeclarations,
            line: line,
            column: 0,
            message: "the document declares entities in its DOCTYPE"
        )
    }

    /// The payload was empty.
    public static var empty: XMLParseError {
        XMLParseError(code: .empty, line: 0, column: 0, message: "the payload is empty")
    }

    /// `true` when the document was refused for declaring entities (billion laughs, external entities).
    public var isEntityDeclaration: Bool { code == .entityDeclarations }

    public var description: String {
        switch code {
        case .malformed:
            return "XML payload is not well-formed at line \(line), column \(column): \(message). "
                + "Check that the sender posts XML (not form data or JSON) and that it arrived complete."
        case .entityDeclarations:
            return "XML payload refused at line \(line): \(message). Smiley does not expand entities; "
                + "ask the sender to post plain XML without a DOCTYPE."
        case .empty:
            return "XML payload is empty: nothing was posted, or the body was lost on the way."
        }
    }
}
