/// The Message-ID Smiley gives every survey email, `smiley.SURVEY.RECIPIENT[.VARIANT]@DOMAIN`: written by the
/// sender and read back by the inbound side (from `In-Reply-To`, `References`, or a bounce's quoted original)
/// with this one type, so nothing is encoded one way and decoded another (as ``ReplyAddress`` does for the
/// `feedback+TOKEN@` address).
///
/// Survey ids hold no `.` (``Survey/isValidID(_:)``) and the recipient id is 16 hex digits, so the parts never
/// run into each other.
public struct SurveyMessageID: Sendable, Hashable, CustomStringConvertible {
    /// The survey's id.
    public var surveyID: String
    /// The recipient's id in that survey.
    public var recipientID: RecipientID
    /// The variant (`reminder`), or `nil` for the survey email itself.
    public var variant: String?
    /// The sender's domain.
    public var domain: String

    /// Creates the Message-ID of one survey email.
    public init(surveyID: String, recipientID: RecipientID, variant: String? = nil, domain: String) {
        self.surveyID = surveyID
        self.recipientID = recipientID
        self.variant = variant
        self.domain = domain
    }

    /// Reads `smiley.SURVEY.RECIPIENT[.VARIANT]@DOMAIN`, with or without the angle brackets; `nil` for any other
    /// Message-ID.
    public init?(parsing text: some StringProtocol) {
        var id = Substring(text)
        if id.hasPrefix("<") { id = id.dropFirst() }
        if id.hasSuffix(">") { id = id.dropLast() }
        guard let at = id.lastIndex(of: "@") else { return nil }
        let parts = id[..<at].split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts.count <= 4, parts[0] == "smiley", !parts[1].isEmpty, parts[2].utf8.count == 16,
            let raw = UInt64(parts[2], radix: 16)
        else { return nil }
        self.init(
            surveyID: String(parts[1]),
            recipientID: RecipientID(rawValue: raw),
            variant: parts.count == 4 ? String(parts[3]) : nil,
            domain: String(id[id.index(after: at)...])
        )
    }

    /// The Message-ID without angle brackets (`MIMEHeaders` adds them where a header needs them).
    public var description: String {
        "smiley.\(surveyID).\(recipientID)\(variant.map { ".\($0)" } ?? "")@\(domain)"
    }
}
