/// A field of the header block a mail client writes above the message it quotes or forwards
/// (`From:`, `Sent:`, `To:`, `Cc:`, `Subject:`, in the client's language).
enum QuoteHeaderField: String, Sendable, CaseIterable {
    /// The earlier message's sender (`From:`, `Von:`, `De :`, `Fra:`, `Od:` …).
    case from
    /// When it was sent (`Sent:`, `Date:`, `Gesendet:`, `Envoyé :` …).
    case date
    /// Its recipients (`To:`, `An:`, `À :`, `Til:` …).
    case to
    /// Its copy recipients (`Cc:`, `Kopie:`, `Kopia:` …).
    case cc
    /// Its subject (`Subject:`, `Betreff:`, `Objet :`, `Emne:` …).
    case subject
}

/// The forms one mail client (or a family of clients) writes in one language to introduce quoted history, and the
/// lines it appends as a signature: the knowledge ``ReplyExtractor`` works from, as data.
///
/// Every string is written as the client writes it; the rule book reads them lower-cased and normalized the way it
/// reads lines (spaces collapsed, no space before a colon, full-width colon as `:`), prepared ahead into
/// `QuoteRuleBook+Prepared*.swift` — after editing a form, regenerate those files (see ``QuoteRuleBook``).
struct QuoteForms: Sendable {
    /// ISO 639-1 code (`pt-br` for Brazilian Portuguese, `zh-tw` for traditional Chinese).
    let language: String
    /// The client that writes these forms (`Gmail`, `Outlook`, `Apple Mail`, `Thunderbird`, `Yahoo`, `mobile`, …).
    let client: String
    /// Where the forms were seen: the client's own documentation or a real message that can be cited.
    let source: String
    /// Attribution lines, `*` standing for any text (a date, a name, an address): `On * wrote:`. A line matches
    /// only when it also holds a digit or an `@` (a date or an address), so "My colleague wrote:" is text.
    var attributions: [String] = []
    /// Attribution lines whose wording alone marks them, with no date or address needed
    /// ("Acme Support さんは書きました:").
    var bareAttributions: [String] = []
    /// Titles written between rules of dashes: `-----Original Message-----`, `---------- Forwarded message ---------`.
    var separators: [String] = []
    /// Whole lines that open a forwarded message: `Begin forwarded message:`.
    var introductions: [String] = []
    /// Labels of the quoted header block, by field (pairs rather than a dictionary: see ``PhraseTable``).
    var fields: KeyValuePairs<QuoteHeaderField, [String]> = [:]
    /// Openings of the line a client appends as a signature: `Sent from my iPhone`.
    var signatures: [String] = []
    /// Sign-offs ("Best regards"): the sign-off and the name on the line after it are kept, what follows them (a
    /// signature block: title, phone, address, disclaimer) goes.
    var signOffs: [String] = []
    /// Openings of the warnings mail gateways put at the top of messages from outside ("CAUTION: This email
    /// originated from outside of the organization"): dropped with their paragraph when they open the reply.
    var banners: [String] = []
}

extension QuoteForms {
    /// Every language's and client's forms, in the order they are tried (earlier ones win when two match).
    static let all: [QuoteForms] =
        westernEurope + northernEurope + centralEurope + easternEurope + asia
}
