/// One element of a parsed XML document, copied into Swift values (no pointers into libxml2 remain).
public struct XMLElement: Sendable, Hashable {
    /// The qualified name as written, e.g. `feedback` or `s:Envelope`.
    public let name: String
    /// The local part of the name, without a prefix.
    public let localName: String
    /// The namespace URI the element is in, or `nil`.
    public let namespaceURI: String?
    /// The attributes by qualified name (namespace declarations are not attributes).
    public let attributes: [String: String]
    /// The child elements in document order.
    public let children: [XMLElement]
    /// The element's own character data and CDATA, concatenated, entities decoded (not the children's text).
    public let text: String

    /// Creates an element value.
    public init(
        name: String,
        localName: String? = nil,
        namespaceURI: String? = nil,
        attributes: [String: String] = [:],
        children: [XMLElement] = [],
        text: String = ""
    ) {
        self.name = name
        self.localName = localName ?? String(name.split(separator: ":").last ?? Substring(name))
        self.namespaceURI = namespaceURI
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// The first child whose local name is `name`.
    public func child(named name: String) -> XMLElement? {
        children.first { $0.localName == name }
    }

    /// All children whose local name is `name`.
    public func children(named name: String) -> [XMLElement] {
        children.filter { $0.localName == name }
    }

    /// Follows a path of local names from this element, e.g. `["record", "row", "count"]`.
    public func descendant(path: [String]) -> XMLElement? {
        var current: XMLElement? = self
        for step in path { current = current?.child(named: step) }
        return current
    }

    /// The text of this element and all its descendants, in document order.
    public var allText: String {
        text + children.map(\.allText).joined()
    }
}
