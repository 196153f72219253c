import SmileyCore

/// What templates see, less the recipient: words, survey, sender and the fixed part of each rating link.
///
/// ``context(value:custom:)`` adds one recipient's values (or placeholder markers standing for them) and returns
/// the dictionary swift-mustache renders. Absent values are left out of the dictionary, so `{{#agent}}…{{/agent}}`
/// is skipped and `{{^agent}}…{{/agent}}` shown for a recipient without an agent.
struct SurveyModel: Sendable {
    let locale: String
    let variant: String
    let words: [String: String]
    let survey: [String: String]
    let sender: [String: String]
    /// Per rating, best first: `code`, `value`, `sentiment`, `label`, `color`, `width`, and `image` (smiley scale)
    /// or `caption` (CSAT).
    let links: [[String: String]]

    /// The keys each entry of `links` offers (besides the per-recipient `url`).
    static let linkKeys: Set<String> = [
        "url", "code", "value", "sentiment", "label", "color", "width", "image", "caption",
    ]

    init(survey: Survey, locale: String, variant: String, words: LocaleWords, imageSources: [String: String]) {
        self.locale = locale
        self.variant = variant
        self.words = words.words
        self.survey = ["id": survey.id, "scale": survey.scale.rawValue]
        self.sender = ["name": survey.sender.name, "email": survey.sender.address.description]
        self.links = survey.scale.ratingsForDisplay.map { rating in
            var entry: [String: String] = [
                "code": rating.code, "value": String(rating.value), "sentiment": rating.sentiment.rawValue,
                "color": Self.color(of: rating.sentiment),
            ]
            let label = words.labels[rating.code] ?? rating.code
            entry["label"] = label
            switch survey.scale {
            case .smiley:
                entry["width"] = "96"
                entry["image"] = imageSources[rating.code]
            case .csat5:
                entry["width"] = "64"
                entry["caption"] = label
            case .nps:
                entry["width"] = "36"
            }
            return entry
        }
    }

    /// A button colour per sentiment, with white text readable on it (WCAG AA for bold 16 px) in light and dark mode.
    static func color(of sentiment: Rating.Sentiment) -> String {
        switch sentiment {
        case .positive: "#2E7D46"
        case .neutral: "#A15C00"
        case .negative: "#C53030"
        }
    }

    /// The render context for one recipient.
    /// - Parameters:
    ///   - value: a field's text (or its marker), `nil` when absent.
    ///   - custom: the custom columns present, by name.
    func context(value: (RecipientField) -> String?, custom: [String: String]) -> [String: Any] {
        var recipient: [String: String] = [:]
        recipient["name"] = value(.name)
        recipient["first_name"] = value(.firstName)
        recipient["email"] = value(.email)
        recipient["company"] = value(.company)
        var ticket: [String: String] = [:]
        ticket["id"] = value(.ticketID)
        ticket["subject"] = value(.ticketSubject)
        var linkEntries: [[String: String]] = []
        linkEntries.reserveCapacity(links.count)
        for (index, entry) in links.enumerated() {
            var entry = entry
            entry["url"] = value(.linkURL(index))
            linkEntries.append(entry)
        }
        var context: [String: Any] = [
            "t": words, "locale": locale, "variant": variant, "is_reminder": variant == "reminder",
            "survey": survey, "sender": sender, "recipient": recipient, "ticket": ticket,
            "links": linkEntries, "custom": custom,
        ]
        context["agent"] = value(.agent)
        context["unsubscribe_url"] = value(.unsubscribeURL)
        context["reply_address"] = value(.replyAddress)
        return context
    }

    /// The names templates may use at the top level, and under each object.
    static let knownNames: [String: Set<String>?] = [
        "t": nil,  // checked against the English words
        "locale": [], "variant": [], "is_reminder": [],
        "survey": ["id", "scale"], "sender": ["name", "email"],
        "recipient": ["name", "first_name", "email", "company"], "ticket": ["id", "subject"],
        "agent": [], "links": [], "unsubscribe_url": [], "reply_address": [],
        "custom": nil,  // any column of the recipient list
    ]

    /// Names whose value differs per recipient (at the top level or inside `links`).
    static func isPerRecipient(_ name: String, insideLinks: Bool) -> Bool {
        let first = name.split(separator: ".").first.map(String.init) ?? name
        if insideLinks, first == "url" { return true }
        return ["recipient", "ticket", "agent", "unsubscribe_url", "reply_address", "custom"].contains(first)
    }
}
