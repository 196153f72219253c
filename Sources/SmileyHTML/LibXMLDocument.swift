internal import CLibXML2

/// Owns one parsed libxml2 document and frees it exactly once.
///
/// The tree is never modified after parsing: every reader only follows pointers and copies strings out, which
/// libxml2 allows from several threads at once. That is why sharing the owner across tasks is sound.
final class LibXMLDocument: @unchecked Sendable {
    let pointer: xmlDocPtr

    init(_ pointer: xmlDocPtr) {
        self.pointer = pointer
    }

    deinit {
        LibXML.api.xmlFreeDoc(pointer)
    }

    /// The root element, if the document has one.
    var rootElement: xmlNodePtr? {
        LibXML.api.xmlDocGetRootElement(pointer)
    }
}

/// Collects the errors and warnings libxml2 reports for one parse instead of letting it print them.
///
/// Installed per parser context (`sax.serror`, found again through `ctxt._private`), so two parses on two
/// threads never share it and no process-wide handler is touched.
final class LibXMLErrorCollector {
    private(set) var diagnostics: [HTMLDiagnostic] = []
    /// libxml2 can report the same problem thousands of times on hostile input; keep the first few.
    let limit: Int

    init(limit: Int = 200) {
        self.limit = limit
    }

    /// Whether another diagnostic would be kept.
    var isFull: Bool { diagnostics.count >= limit }

    func record(line: Int, column: Int, message: String, isError: Bool) {
        guard !isFull else { return }
        diagnostics.append(HTMLDiagnostic(line: line, column: column, message: message, isError: isError))
    }

    /// Points `context`'s structured error handler at this collector for as long as the context lives.
    ///
    /// libxml2 only consults `sax.serror` when the handler block carries the SAX2 magic number; the HTML parser's
    /// default block does not, so it is set here (the HTML parser never looks at the field otherwise).
    func install(on context: xmlParserCtxtPtr) {
        context.pointee._private = Unmanaged.passUnretained(self).toOpaque()
        guard let sax = context.pointee.sax else { return }
        sax.pointee.initialized = clibxml2_sax2_magic()
        sax.pointee.serror = { userData, error in
            // `userData` is the parser context itself (libxml2 passes `ctxt->userData`, which defaults to `ctxt`).
            guard let userData, let error else { return }
            let context = userData.assumingMemoryBound(to: xmlParserCtxt.self)
            guard let raw = context.pointee._private else { return }
            let collector = Unmanaged<LibXMLErrorCollector>.fromOpaque(raw).takeUnretainedValue()
            guard !collector.isFull else { return }
            let message = error.pointee.message.map { String(cString: $0) } ?? "unknown libxml2 error"
            collector.record(
                line: Int(error.pointee.line),
                column: Int(error.pointee.int2),
                message: message.trimmingWhitespaceAtEnds(),
                isError: error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue
            )
        }
    }
}

/// libxml2's option enums import as structs of `UInt32` while its parse functions take `Int32`: convert once here.
func libxmlOptions(_ html: [htmlParserOption]) -> Int32 {
    Int32(bitPattern: html.reduce(0) { $0 | $1.rawValue })
}

func libxmlOptions(_ xml: [xmlParserOption]) -> Int32 {
    Int32(bitPattern: xml.reduce(0) { $0 | $1.rawValue })
}

extension String {
    /// Copies a libxml2 string (UTF-8, NUL-terminated) into Swift; `nil` stays `nil`.
    init?(libxml pointer: UnsafePointer<xmlChar>?) {
        guard let pointer else { return nil }
        self = pointer.withMemoryRebound(to: CChar.self, capacity: 1) { String(cString: $0) }
    }

    /// Copies a libxml2 string the caller must free, and frees it.
    init?(libxmlOwned pointer: UnsafeMutablePointer<xmlChar>?) {
        guard let pointer else { return nil }
        defer { LibXML.api.free(pointer) }
        self = pointer.withMemoryRebound(to: CChar.self, capacity: 1) { String(cString: $0) }
    }

    /// `lowercased().filter { !$0.isWhitespace }`, for style attributes. ASCII text (the usual style) is done on
    /// its bytes: there `Character.isWhitespace` holds for tab, line feed, vertical tab, form feed, carriage return
    /// and space (and for "\r\n", both of whose bytes are among them), and lowercasing folds `A`–`Z`.
    func lowercasedWithoutWhitespace() -> String {
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return lowercased().filter { !$0.isWhitespace } }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        for byte in utf8 where byte != 0x20 && !(0x09...0x0D).contains(byte) {
            bytes.append(byte &- 0x41 < 26 ? byte | 0x20 : byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func trimmingWhitespaceAtEnds() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}

extension UnsafeMutablePointer where Pointee == xmlNode {
    /// The element's name (for HTML: lower case), or "" for nodes without one.
    var elementName: String {
        String(libxml: pointee.name) ?? ""
    }

    /// The value of an attribute, entities decoded; `nil` when absent.
    func attribute(_ name: String) -> String? {
        String(libxmlOwned: LibXML.api.xmlGetProp(self, name))
    }

    /// Every attribute of an element, entities decoded (a later duplicate overwrites an earlier one).
    var attributes: [String: String] {
        var result: [String: String] = [:]
        var attribute = pointee.properties
        while let current = attribute {
            if let name = String(libxml: current.pointee.name) {
                let value = String(
                    libxmlOwned: LibXML.api.xmlNodeListGetString(pointee.doc, current.pointee.children, 1)
                )
                result[name] = value ?? ""
            }
            attribute = current.pointee.next
        }
        return result
    }

    /// The whitespace-separated tokens of the `class` attribute, lower-cased.
    var classTokens: [Substring] {
        guard let value = attribute("class")?.lowercased() else { return [] }
        return value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
    }

    var isElement: Bool { pointee.type == XML_ELEMENT_NODE }
}
