/// A plus-address that carries a rating token: `feedback+TOKEN@reply.example.com`, or with a rating,
/// `feedback+TOKEN.positive@reply.example.com` (the `mailto:` smileys).
///
/// Both directions use this one type: the sender builds Reply-To and `mailto:` links with it, the inbound side
/// reads To/Delivered-To with it, so nothing is encoded one way and decoded another.
public struct ReplyAddress: Sendable, Hashable {
    /// The part before the `+` (`feedback`).
    public var mailbox: String
    /// The 40-character token.
    public var token: String
    /// The rating code after the token's `.` (mailto smileys), if any.
    public var ratingCode: String?
    /// The reply domain.
    public var domain: String

    /// Creates a reply address.
    public init(mailbox: String, token: String, ratingCode: String? = nil, domain: String) {
        self.mailbox = mailbox
        self.token = token
        self.ratingCode = ratingCode
        self.domain = domain.lowercased()
    }

    /// The mailbox of the VERP return path (`bounces+TOKEN@reply-domain`): a bounce sent back to it names the
    /// recipient it is about.
    public static let bounceMailbox = "bounces"

    /// The VERP return path for one recipient's token: `bounces+TOKEN@domain`.
    public static func bounce(token: String, domain: String) -> ReplyAddress {
        ReplyAddress(mailbox: bounceMailbox, token: token, domain: domain)
    }

    /// Whether this is a VERP return path (``bounce(token:domain:)``), whatever the case of its mailbox.
    public var isBounce: Bool { mailbox.lowercased() == Self.bounceMailbox }

    /// The address for a survey's recipient, optionally for one rating.
    public init(survey: Survey, token: String, rating: Rating? = nil) {
        self.init(mailbox: survey.replyLocalPart, token: token, ratingCode: rating?.code, domain: survey.replyDomain)
    }

    /// Finds a token in an address such as `feedback+TOKEN.5@domain` (any mailbox before the `+`), or `nil`.
    public init?(parsing address: String) {
        let text = address.trimmingASCIIWhitespace()
        guard let at = text.lastIndex(of: "@"), let plus = text[..<at].firstIndex(of: "+") else { return nil }
        let mailbox = String(text[..<plus])
        let detail = text[text.index(after: plus)..<at]
        guard !mailbox.isEmpty, detail.utf8.count >= RatingToken.encodedLength else { return nil }
        let tokenEnd = detail.utf8.index(detail.startIndex, offsetBy: RatingToken.encodedLength)
        let token = String(detail[..<tokenEnd])
        let rest = detail[tokenEnd...]
        var rating: String?
        if !rest.isEmpty {
            guard rest.first == ".", rest.count > 1 else { return nil }
            rating = String(rest.dropFirst())
        }
        self.init(mailbox: mailbox, token: token, ratingCode: rating, domain: String(text[text.index(after: at)...]))
    }

    /// The address as text.
    public var address: String {
        var local = mailbox + "+" + token
        if let ratingCode { local += "." + ratingCode }
        return local + "@" + domain
    }

    /// As a checked ``EmailAddress`` (throws when the local part would exceed 64 octets).
    public func emailAddress() throws(EmailAddressError) -> EmailAddress {
        try EmailAddress(address)
    }
}
