/// One element of a parsed HTML document, copied out of the tree.
public struct HTMLElementInfo: Sendable, Hashable {
    /// The element name in lower case (`img`, `a`).
    public let name: String
    /// The attributes, names lower-cased by the parser and values with entities decoded.
    public let attributes: [String: String]
    /// The 1-based source line of the start tag.
    public let line: Int

    /// Creates an element description (used by ``HTMLDocument/elements(named:)``).
    public init(name: String, attributes: [String: String], line: Int) {
        self.name = name
        self.attributes = attributes
        self.line = line
    }
}
