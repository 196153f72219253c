internal import CLibXML2

/// A small, safe XML parse for webhook payloads: the whole document copied into an ``XMLElement`` tree.
///
/// libxml2 runs with `XML_PARSE_NONET` and none of the options that make XML dangerous: no entity substitution
/// (`XML_PARSE_NOENT`), no size-limit lifting (`XML_PARSE_HUGE`), no DTD loading or validation. A document that
/// declares entities at all is refused, so neither billion laughs nor an external entity pointing at a local file
/// can expand into the values a caller reads.
public struct XMLDocument: Sendable {
    /// The document element.
    public let root: XMLElement

    /// Parses `bytes` (any encoding the XML declaration names; UTF-8 by default).
    ///
    /// - Parameters:
    ///   - bytes: the payload as received.
    /// - Throws: ``XMLParseError`` naming line and column when the payload is not well-formed, is empty, or
    ///   declares entities.
    public init(parsing bytes: [UInt8]) throws(XMLParseError) {
        guard !bytes.isEmpty else { throw .empty }
        let libxml: clibxml2_api
        switch LibXML.loaded {
        case .success(let api): libxml = api
        case .failure(let error): throw .malformed(line: 0, column: 0, message: error.description)
        }
        guard let context = libxml.xmlNewParserCtxt() else {
            throw .malformed(line: 0, column: 0, message: "libxml2 could not allocate a parser")
        }
        defer { libxml.xmlFreeParserCtxt(context) }
        let collector = LibXMLErrorCollector(limit: 20)
        collector.install(on: context)
        let options = libxmlOptions([XML_PARSE_NONET, XML_PARSE_NOERROR, XML_PARSE_NOWARNING])
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                libxml.xmlCtxtReadMemory(context, chars.baseAddress, Int32(clamping: chars.count), nil, nil, options)
            }
        }
        let firstError = collector.diagnostics.first { $0.isError }
        guard let parsed else {
            throw .malformed(
                line: firstError?.line ?? 0,
                column: firstError?.column ?? 0,
                message: firstError?.message ?? "libxml2 produced no document"
            )
        }
        let document = LibXMLDocument(parsed)
        if let firstError {
            throw .malformed(line: firstError.line, column: firstError.column, message: firstError.message)
        }
        if let subset = parsed.pointee.intSubset, subset.pointee.entities != nil || subset.pointee.pentities != nil {
            throw .entityDeclarations(line: Int(libxml.xmlGetLineNo(document.rootElement)))
        }
        guard let rootNode = document.rootElement else {
            throw .malformed(line: 0, column: 0, message: "the document has no root element")
        }
        root = XMLTreeCopier.copy(rootNode)
    }
}

/// Copies a libxml2 element tree into ``XMLElement`` values without recursion.
enum XMLTreeCopier {
    private struct Frame {
        let node: xmlNodePtr
        var children: [XMLElement] = []
        var text = ""
    }

    static func copy(_ root: xmlNodePtr) -> XMLElement {
        var stack = [Frame(node: root)]
        var pendingChild: xmlNodePtr? = root.pointee.children
        while true {
            if let node = pendingChild {
                pendingChild = node.pointee.next
                switch node.pointee.type {
                case XML_ELEMENT_NODE:
                    stack.append(Frame(node: node))
                    pendingChild = node.pointee.children
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                    stack[stack.count - 1].text += String(libxml: node.pointee.content) ?? ""
                default:
                    // Comments, processing instructions and (unexpanded) entity references carry no payload data.
                    break
                }
                continue
            }
            let frame = stack.removeLast()
            let element = makeElement(frame)
            guard !stack.isEmpty else { return element }
            stack[stack.count - 1].children.append(element)
            pendingChild = frame.node.pointee.next
        }
    }

    private static func makeElement(_ frame: Frame) -> XMLElement {
        let node = frame.node
        let localName = node.elementName
        let prefix = node.pointee.ns.flatMap { String(libxml: $0.pointee.prefix) }
        let namespaceURI = node.pointee.ns.flatMap { String(libxml: $0.pointee.href) }
        var attributes: [String: String] = [:]
        var attribute = node.pointee.properties
        while let current = attribute {
            if let name = String(libxml: current.pointee.name) {
                let attributePrefix = current.pointee.ns.flatMap { String(libxml: $0.pointee.prefix) }
                let key = attributePrefix.map { "\($0):\(name)" } ?? name
                attributes[key] =
                    String(libxmlOwned: LibXML.api.xmlNodeListGetString(node.pointee.doc, current.pointee.children, 1))
                    ?? ""
            }
            attribute = current.pointee.next
        }
        return XMLElement(
            name: prefix.map { "\($0):\(localName)" } ?? localName,
            localName: localName,
            namespaceURI: namespaceURI,
            attributes: attributes,
            children: frame.children,
            text: frame.text
        )
    }
}
