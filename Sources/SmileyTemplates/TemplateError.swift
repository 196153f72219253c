/// Why a template set could not be loaded, compiled or rendered: which file, where, what is wrong and what to do.
///
/// `description` reads like a compiler message, `templates/default/smiley.html.mustache:12:5: …`, followed by
/// the remedy, so it can be shown to an administrator as is.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file the problem is in (as found on disk), or `nil` when it concerns no single file.
    public let file: String?
    /// The 1-based line, when known.
    public let line: Int?
    /// The 1-based column, when known.
    public let column: Int?
    /// What is wrong.
    public let message: String
    /// What to do about it.
    public let remedy: String

    /// Creates an error.
    /// - Parameters:
    ///   - file: the file concerned, if any.
    ///   - line: the 1-based line, if known.
    ///   - column: the 1-based column, if known.
    ///   - message: what is wrong.
    ///   - remedy: what to do about it.
    public init(file: String?, line: Int? = nil, column: Int? = nil, message: String, remedy: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.remedy = remedy
    }

    public var description: String {
        var place = ""
        if let file {
            place = file
            if let line {
                place += ":\(line)"
                if let column { place += ":\(column)" }
            }
            place += ": "
        }
        return "\(place)\(message). \(remedy)"
    }
}
