/// An image (or other part) referenced from the HTML body by `cid:` and sent inside `multipart/related`.
///
/// Values are sanitised when the message is serialised: characters that cannot appear in a Content-ID are
/// dropped, a content type that is not `type/subtype` becomes `application/octet-stream`, and a non-ASCII
/// filename is written with RFC 2231 encoding.
public struct InlineAttachment: Sendable, Hashable {
    /// The Content-ID without angle brackets, as referenced by `cid:` in the HTML.
    public var contentID: String {
        didSet { mimePart = OutgoingMessage.imagePart(self) }
    }
    /// The file name given in `Content-Disposition: inline; filename=…`.
    public var filename: String {
        didSet { mimePart = OutgoingMessage.imagePart(self) }
    }
    /// The media type, such as `image/png`.
    public var contentType: String {
        didSet { mimePart = OutgoingMessage.imagePart(self) }
    }
    /// The raw bytes (written base64-encoded).
    public var data: [UInt8] {
        didSet { mimePart = OutgoingMessage.imagePart(self) }
    }
    /// The whole MIME part (headers, blank line, base64 body wrapped at 76 columns, final CRLF), made once:
    /// the same images go out with every survey.
    private(set) var mimePart: [UInt8] = []

    /// Creates an inline attachment.
    /// - Parameters:
    ///   - contentID: The Content-ID without angle brackets (`logo@smiley`).
    ///   - filename: The file name shown by mail clients.
    ///   - contentType: The media type, such as `image/png`.
    ///   - data: The raw bytes.
    public init(contentID: String, filename: String, contentType: String, data: [UInt8]) {
        self.contentID = contentID
        self.filename = filename
        self.contentType = contentType
        self.data = data
        self.mimePart = OutgoingMessage.imagePart(self)
    }
}
