/// One entity of a parsed message: headers, content type, and either children or a decoded body.
///
/// A multipart has its parts as `children`; a `message/rfc822` part has the embedded message's root as its
/// only child (and an empty `body`, so nested messages never hold copies of each other); any other part has
/// its body transfer-decoded (base64, quoted-printable) in `body`.
public struct MIMEPart: Sendable, Hashable {
    /// The part's own header fields.
    public let headers: MIMEHeaders
    /// The parsed Content-Type (`text/plain` when absent or invalid).
    public let contentType: ContentType
    /// Sub-parts of a multipart, or the root of an embedded message.
    public let children: [MIMEPart]
    /// The body with its transfer encoding removed (still in its charset); empty for multiparts and
    /// embedded messages.
    public let body: [UInt8]
    /// The decoded size in bytes: of `body`, or for an embedded message of the whole embedded message.
    public let bodySize: Int
    /// The Content-Disposition type, lowercased (`inline`, `attachment`), if given.
    public let disposition: String?
    /// The file name from Content-Disposition `filename`, else Content-Type `name`, decoded.
    public let filename: String?

    init(headers: MIMEHeaders, contentType: ContentType, children: [MIMEPart], body: [UInt8], bodySize: Int? = nil) {
        self.headers = headers
        self.contentType = contentType
        self.children = children
        self.body = body
        self.bodySize = bodySize ?? body.count
        var disposition: String?
        var filename: String?
        if let raw = headers.raw("content-disposition") {
            let bytes = Array(raw.utf8)
            let semicolon = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.count
            let type = ContentType.lowercasedKeyword(bytes[..<semicolon])
            disposition = type.isEmpty ? nil : type
            filename = ParameterParser.parse(bytes[semicolon...])["filename"]
        }
        if filename == nil || filename?.isEmpty == true { filename = contentType.parameters["name"] }
        self.disposition = disposition
        self.filename = filename
    }

    /// Whether the part is an attachment (`Content-Disposition: attachment`), as mail clients decide.
    public var isAttachment: Bool { disposition == "attachment" }

    /// Whether this is a multipart with parts.
    public var isMultipart: Bool { contentType.type == "multipart" && !children.isEmpty }

    /// The body decoded to text with the part's charset (see ``CharsetDecoder``).
    public var text: String { CharsetDecoder.decode(body, charset: contentType.charset).text }
}

/// A part that is not the text or HTML body: what a user would see as an attachment.
public struct AttachmentInfo: Sendable, Hashable {
    /// The file name, if any.
    public var name: String?
    /// The media type, `type/subtype`.
    public var type: String
    /// The decoded size in bytes.
    public var size: Int
    /// The Content-Disposition type, if given.
    public var disposition: String?
}
