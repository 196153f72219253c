/// An image the HTML part refers to as `cid:`, to be attached as an inline MIME part.
///
/// The renderer fills ``RenderedSurvey/inlineImages`` with these when no `imageBaseURL` is configured; the
/// HTML's `<img src="cid:…">` matches ``contentID``.
public struct TemplateImage: Sendable, Hashable {
    /// The Content-ID without angle brackets, e.g. `smiley-positive@smiley`.
    public let contentID: String
    /// The file name to announce in `Content-Disposition: inline; filename=…`, e.g. `positive.png`.
    public let filename: String
    /// The MIME type, e.g. `image/png`.
    public let contentType: String
    /// The image bytes.
    public let data: [UInt8]

    /// Creates an inline image.
    public init(contentID: String, filename: String, contentType: String, data: [UInt8]) {
        self.contentID = contentID
        self.filename = filename
        self.contentType = contentType
        self.data = data
    }
}
