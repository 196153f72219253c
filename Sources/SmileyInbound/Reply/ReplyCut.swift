/// Which rule cut a reply's text, and where: what `smiley inspect` shows so an admin can report a miss.
public struct ReplyCut: Sendable, Hashable, Encodable {
    /// The kinds of rule.
    public enum Rule: String, Sendable, Encodable {
        /// `>` quoted lines.
        case quotedLines
        /// An "On … wrote:" line (also wrapped over up to four lines).
        case attribution
        /// A date and an address ending in `>:`, with no verb ("вт, 12 мар. 2024 г. в 10:04, Иван <ivan@…>:").
        case datedAddress
        /// A title between rules: `-----Original Message-----`.
        case separator
        /// A line opening a forwarded message: `Begin forwarded message:`.
        case introduction
        /// A quoted header block: `From:` / `Sent:` / `To:` / `Subject:`, localized.
        case headerBlock
        /// Outlook's rule of underscores above the quoted header block.
        case underscoreRule
        /// The `-- ` signature delimiter.
        case signatureDelimiter
        /// A client's signature line: "Sent from my iPhone".
        case signature
        /// What follows a sign-off ("Best regards," and the name below it): a signature block.
        case signOff
        /// A short rule (`---`, `. . . . .`, `***`) above a footer: a mailing list's, a company's (links, addresses).
        case footerRule
        /// A mail gateway's warning at the top ("CAUTION: This email originated from outside …").
        case banner
    }

    /// The rule.
    public let rule: Rule
    /// The language of the form that matched (ISO 639-1), or `nil` for a rule no language owns.
    public let language: String?
    /// The client that writes the form, or `nil` for a rule no client owns.
    public let client: String?
    /// The line (1-based) of the text where the cut starts.
    public let line: Int
    /// That line, trimmed (at most 200 characters).
    public let text: String

    init(rule: Rule, form: QuoteRuleBook.FormName?, line: Int, text: Substring) {
        self.rule = rule
        self.language = form?.language
        self.client = form?.client
        self.line = line
        let trimmed = text.drop { $0.isWhitespace || QuoteRuleBook.isInvisible($0.unicodeScalars.first!) }
        self.text = String(trimmed.prefix(200)).trimmingTrailingWhitespace()
    }
}

extension String {
    /// Without trailing whitespace.
    func trimmingTrailingWhitespace() -> String {
        var slice = Substring(self)
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
