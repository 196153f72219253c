/// The new text of a reply, with what was taken away noted.
public struct ReplyText: Sendable, Hashable {
    /// What the sender wrote this time: no quoted history, no signature, no surrounding blank lines.
    public let text: String
    /// `true` when quoted lines, an "On … wrote:" line, an Outlook header block or a forwarded message were cut.
    public let removedQuote: Bool
    /// `true` when a signature (`-- `, "Sent from my iPhone", …) was cut.
    public let removedSignature: Bool
    /// The rules that cut the text, in the order of the lines they cut at.
    public let cuts: [ReplyCut]

    /// Creates a reply text.
    public init(text: String, removedQuote: Bool, removedSignature: Bool, cuts: [ReplyCut] = []) {
        self.text = text
        self.removedQuote = removedQuote
        self.removedSignature = removedSignature
        self.cuts = cuts
    }
}
