internal import CLibXML2

/// An HTML document parsed once by libxml2's forgiving HTML parser; an immutable view on it.
///
/// Parsing never fails: broken markup is repaired the way browsers do, and every complaint is kept in
/// ``diagnostics`` (with line and column) instead of being printed. The parser never touches the network, and the
/// input is always read as UTF-8 — a `<meta charset>` inside the markup cannot re-interpret a Swift `String`.
/// libxml2 stops building the tree at a nesting depth of 256 elements (hostile mail); what came before is kept
/// and the cut is reported in ``diagnostics``.
public struct HTMLDocument: Sendable {
    /// The parsed tree; `nil` only for input libxml2 produced no tree for at all (empty input).
    let storage: LibXMLDocument?

    /// What the parser complained about, in source order (capped at 200 entries).
    public let diagnostics: [HTMLDiagnostic]

    /// Parses `html`.
    ///
    /// - Parameters:
    ///   - html: the markup, a full document or a fragment.
    ///   - diagnosticLimit: how many of the parser's complaints to keep in ``diagnostics`` (0 when only the
    ///     tree is wanted, as for the text of an incoming reply: then none is even turned into a message).
    public init(parsing html: String, diagnosticLimit: Int = 200) {
        let collector = LibXMLErrorCollector(limit: diagnosticLimit)
        var bytes = Array(html.utf8)
        // libxml2 stops at a NUL byte inside a buffer; a NUL is never meaningful in HTML text.
        bytes.removeAll { $0 == 0 }
        let libxml: clibxml2_api
        switch LibXML.loaded {
        case .success(let api): libxml = api
        case .failure(let error):
            storage = nil
            diagnostics = [HTMLDiagnostic(line: 0, column: 0, message: error.description, isError: true)]
            return
        }
        guard !bytes.isEmpty, let context = libxml.htmlNewParserCtxt() else {
            storage = nil
            diagnostics = []
            return
        }
        defer { libxml.htmlFreeParserCtxt(context) }
        collector.install(on: context)
        let options = libxmlOptions([
            HTML_PARSE_RECOVER, HTML_PARSE_NONET, HTML_PARSE_NOERROR, HTML_PARSE_NOWARNING, HTML_PARSE_IGNORE_ENC,
        ])
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                libxml.htmlCtxtReadMemory(
                    context,
                    chars.baseAddress,
                    Int32(clamping: chars.count),
                    nil,
                    "UTF-8",
                    options
                )
            }
        }
        storage = document.map(LibXMLDocument.init)
        diagnostics = collector.diagnostics
    }

    /// Every element called `name` (case-insensitive), in document order.
    ///
    /// - Parameters:
    ///   - name: an element name such as `img` or `a`.
    /// - Returns: each element's name, attributes and the source line of its start tag.
    public func elements(named name: String) -> [HTMLElementInfo] {
        let wanted = name.lowercased()
        var found: [HTMLElementInfo] = []
        forEachElement { node in
            let nodeName = node.elementName
            if nodeName.lowercased() == wanted {
                found.append(
                    HTMLElementInfo(
                        name: nodeName,
                        attributes: node.attributes,
                        line: Int(LibXML.api.xmlGetLineNo(node))
                    )
                )
            }
        }
        return found
    }

    /// Visits every element in document order without recursion (hostile mail nests tens of thousands deep).
    func forEachElement(_ body: (xmlNodePtr) -> Void) {
        guard let storage else { return }
        var node: xmlNodePtr? = storage.pointer.pointee.children
        while let current = node {
            if current.isElement { body(current) }
            node = current.nextInDocumentOrder(within: nil, enteringChildren: true)
        }
    }
}

extension UnsafeMutablePointer where Pointee == xmlNode {
    /// The next node in a depth-first, document-order walk; `nil` when the walk leaves `root`'s subtree
    /// (or the whole document when `root` is `nil`).
    func nextInDocumentOrder(within root: xmlNodePtr?, enteringChildren: Bool) -> xmlNodePtr? {
        if enteringChildren, let child = pointee.children, pointee.type != XML_ENTITY_REF_NODE {
            return child
        }
        var node: xmlNodePtr = self
        while true {
            if node == root { return nil }
            if let sibling = node.pointee.next { return sibling }
            guard let parent = node.pointee.parent, parent.pointee.type != XML_DOCUMENT_NODE,
                parent.pointee.type != XML_HTML_DOCUMENT_NODE
            else { return nil }
            node = parent
        }
    }
}
