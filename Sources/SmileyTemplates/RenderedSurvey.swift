public import SmileyMIME

/// One recipient's survey email, ready for MIME assembly.
public struct RenderedSurvey: Sendable, Hashable {
    /// The subject line, on one line, trimmed (not yet RFC 2047-encoded).
    public let subject: String
    /// The preheader (the preview text a mail client shows after the subject), trimmed.
    public let preheader: String
    /// The HTML part.
    public let html: String
    /// The plain-text part.
    public let text: String
    /// The images the HTML refers to by `cid:`; empty when the survey uses hosted image URLs.
    public let inlineImages: [InlineAttachment]

    /// Creates a rendered survey.
    public init(subject: String, preheader: String, html: String, text: String, inlineImages: [InlineAttachment]) {
        self.subject = subject
        self.preheader = preheader
        self.html = html
        self.text = text
        self.inlineImages = inlineImages
    }
}
