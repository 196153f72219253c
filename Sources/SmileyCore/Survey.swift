/// A survey: what is asked, on which scale, from whom, and how answers come back.
public struct Survey: Sendable, Hashable, Codable {
    /// A short, stable identifier such as `support` or `onboarding-2026` (letters, digits, `-`, `_`).
    public var id: String
    /// The rating scale.
    public var scale: RatingScale
    /// The template set to render (a folder name under the templates directory), e.g. `default`.
    public var template: String
    /// The default language for recipients without one.
    public var locale: String
    /// Who the survey comes from.
    public var sender: Sender
    /// The domain whose plus-addresses receive replies: `feedback+TOKEN@replyDomain`.
    public var replyDomain: String
    /// The local part before the `+` of reply addresses; `feedback` unless configured.
    public var replyLocalPart: String
    /// How a click becomes a rating.
    public var linkMode: LinkMode

    /// Creates a survey.
    public init(
        id: String,
        scale: RatingScale = .smiley,
        template: String = "default",
        locale: String = "en",
        sender: Sender,
        replyDomain: String,
        replyLocalPart: String = "feedback",
        linkMode: LinkMode
    ) {
        self.id = id
        self.scale = scale
        self.template = template
        self.locale = locale
        self.sender = sender
        self.replyDomain = replyDomain
        self.replyLocalPart = replyLocalPart
        self.linkMode = linkMode
    }

    /// Whether `id` is a usable survey id: 1–64 characters of `A–Z a–z 0–9 - _`.
    public static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 64
            && id.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
                    || $0 == "_"
            }
    }
}

/// The name and address a survey is sent from.
public struct Sender: Sendable, Hashable, Codable {
    /// The display name, e.g. `Acme Support`.
    public var name: String
    /// The address.
    public var address: EmailAddress

    /// Creates a sender.
    public init(name: String, address: EmailAddress) {
        self.name = name
        self.address = address
    }
}

/// How a recipient's click turns into a rating.
public enum LinkMode: Sendable, Hashable, Codable {
    /// Each smiley links to `{baseURL}/r/{token}/{rating}` on Smiley's web side.
    case https(baseURL: String)
    /// Each smiley is a `mailto:` link to its own plus-address (`feedback+TOKEN.RATING@replyDomain`) with a
    /// prefilled subject, so a team with no web server still gets one-click ratings by reply.
    case mailto
}
