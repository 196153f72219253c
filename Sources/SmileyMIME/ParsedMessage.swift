/// A message parsed from bytes; parsing never fails, and what was wrong is listed in `warnings`.
public struct ParsedMessage: Sendable {
    /// The top-level header fields.
    public let headers: MIMEHeaders
    /// The top-level entity (its headers are `headers`).
    public let root: MIMEPart
    /// Defects noticed while parsing (missing boundaries, bad encodings, limits reached…).
    public let warnings: [String]
    /// The first Subject field, unfolded and RFC 2047-decoded (`headers["Subject"]`, decoded once).
    public let subject: String?

    init(root: MIMEPart, warnings: [String]) {
        self.headers = root.headers
        self.subject = root.headers["Subject"]
        self.root = root
        self.warnings = warnings
    }

    /// Parses a message. Never throws, never traps; time and memory are linear in the input, bounded by
    /// `limits` for nesting and part counts.
    /// - Parameters:
    ///   - bytes: The message, CRLF or LF line endings, optionally starting with an mbox `From ` line.
    ///   - limits: Bounds for hostile input.
    public static func parse(_ bytes: [UInt8], limits: MIMELimits = .default) -> ParsedMessage {
        var parser = MIMEParser(limits: limits)
        let root = parser.parseMessage(bytes)
        return ParsedMessage(root: root, warnings: parser.warnings)
    }

    /// The text body: the first `text/plain` part that is not an attachment, found as mail clients do
    /// (alternatives and mixed parts searched in order, only the start part of `multipart/related`,
    /// embedded messages not entered), decoded with its charset.
    public var textBody: String? { bodyPart(subtype: "plain")?.text }

    /// The HTML body, found like ``textBody`` with `text/html`.
    public var htmlBody: String? { bodyPart(subtype: "html")?.text }

    /// The part ``textBody`` (`plain`) or ``htmlBody`` (`html`) comes from.
    /// - Parameter subtype: `plain` or `html`.
    public func bodyPart(subtype: String) -> MIMEPart? {
        Self.findBody(root, subtype: subtype)
    }

    private static func findBody(_ part: MIMEPart, subtype: String) -> MIMEPart? {
        if part.isAttachment { return nil }
        let type = part.contentType
        if type.type == "text" { return type.subtype == subtype ? part : nil }
        guard type.type == "multipart", !part.children.isEmpty else { return nil }
        if type.subtype != "related" {
            for child in part.children {
                if let found = findBody(child, subtype: subtype) { return found }
            }
            return nil
        }
        var start = part.children[0]
        if let id = type.parameters["start"],
            let match = part.children.first(where: { $0.headers.raw("content-id") == id })
        {
            start = match
        }
        return findBody(start, subtype: subtype)
    }

    /// Every leaf that is not the text or HTML body (embedded messages reported whole), in order.
    public var attachments: [AttachmentInfo] {
        let text = bodyPart(subtype: "plain")
        let html = bodyPart(subtype: "html")
        var out: [AttachmentInfo] = []
        var stack: [MIMEPart] = [root]
        var isRoot = true
        while let part = stack.popLast() {
            defer { isRoot = false }
            if part.contentType.type == "multipart", !part.children.isEmpty {
                stack += part.children.reversed()
                continue
            }
            if let text, part == text { continue }
            if let html, part == html { continue }
            if isRoot, part.contentType.type == "text", part.filename == nil, !part.isAttachment { continue }
            out.append(
                AttachmentInfo(
                    name: part.filename,
                    type: part.contentType.mimeType,
                    size: part.bodySize,
                    disposition: part.disposition
                )
            )
        }
        return out
    }
}
