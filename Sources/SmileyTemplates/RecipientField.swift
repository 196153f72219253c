import SmileyCore

/// A value that differs from one recipient to the next, and its name in templates.
enum RecipientField: Hashable, Sendable {
    case name, firstName, email, company, ticketID, ticketSubject, agent, unsubscribeURL, replyAddress
    case linkURL(Int)
    case custom(String)

    /// The fields that may be absent (empty), in the order of their bit in a ``PresenceKey``.
    static let optional: [RecipientField] = [.name, .firstName, .company, .ticketID, .ticketSubject, .agent]

    /// The key carried inside a placeholder marker.
    var key: String {
        switch self {
        case .name: "recipient.name"
        case .firstName: "recipient.first_name"
        case .email: "recipient.email"
        case .company: "recipient.company"
        case .ticketID: "ticket.id"
        case .ticketSubject: "ticket.subject"
        case .agent: "agent"
        case .unsubscribeURL: "unsubscribe_url"
        case .replyAddress: "reply_address"
        case .linkURL(let index): "links.\(index).url"
        case .custom(let name): "custom.\(name)"
        }
    }

    init?(key: Substring) {
        switch key {
        case "recipient.name": self = .name
        case "recipient.first_name": self = .firstName
        case "recipient.email": self = .email
        case "recipient.company": self = .company
        case "ticket.id": self = .ticketID
        case "ticket.subject": self = .ticketSubject
        case "agent": self = .agent
        case "unsubscribe_url": self = .unsubscribeURL
        case "reply_address": self = .replyAddress
        default:
            if key.hasPrefix("custom.") {
                let name = key.dropFirst("custom.".count)
                guard Self.isUsableCustomName(name) else { return nil }
                self = .custom(String(name))
            } else if key.hasPrefix("links."), key.hasSuffix(".url"), let index = Int(key.dropFirst(6).dropLast(4)) {
                self = .linkURL(index)
            } else {
                return nil
            }
        }
    }

    /// Custom column names a template can use: letters, digits, `_` and `-` (what a Mustache name allows,
    /// without the `.` that would split it).
    static func isUsableCustomName(_ name: some StringProtocol) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || byte == 0x5F || byte == 0x2D
            }
    }
}

/// One recipient's values, cleaned: control characters (line breaks included) become spaces, so a value is
/// always one line of text, and empty values count as absent (a `{{#agent}}` section is skipped for them).
struct RecipientValues: Sendable {
    private(set) var fixed: [RecipientField: String] = [:]
    private(set) var linkURLs: [String]
    private(set) var custom: [String: String] = [:]

    init(recipient: Recipient, links: SurveyLinks?, ratings: [Rating]) {
        var fixed: [RecipientField: String] = [:]
        func put(_ field: RecipientField, _ value: String) {
            let clean = Self.clean(value)
            if !clean.isEmpty { fixed[field] = clean }
        }
        put(.name, recipient.displayName)
        put(.firstName, Self.firstName(of: recipient.displayName))
        put(.email, recipient.email.description)
        put(.company, recipient.company)
        put(.ticketID, recipient.ticketID)
        put(.ticketSubject, recipient.ticketSubject)
        put(.agent, recipient.agent)
        self.fixed = fixed
        linkURLs = []
        setLinks(links, ratings: ratings)
        for (name, value) in recipient.custom where RecipientField.isUsableCustomName(name) {
            let clean = Self.clean(value)
            if !clean.isEmpty { custom[name] = clean }
        }
    }

    /// Sets (or, with `nil`, clears) the values that come from the recipient's links.
    mutating func setLinks(_ links: SurveyLinks?, ratings: [Rating]) {
        for (field, value) in [
            (RecipientField.unsubscribeURL, links?.unsubscribeURL), (.replyAddress, links?.replyAddress.address),
        ] {
            let clean = Self.clean(value ?? "")
            fixed[field] = clean.isEmpty ? nil : clean
        }
        linkURLs = ratings.map { rating in Self.clean(links?.ratings.first { $0.rating == rating }?.url ?? "") }
    }

    /// The value of a field, or `nil` when it is absent.
    func value(_ field: RecipientField) -> String? {
        switch field {
        case .linkURL(let index): return linkURLs.indices.contains(index) ? linkURLs[index] : nil
        case .custom(let name): return custom[name]
        default: return fixed[field]
        }
    }

    /// Which optional values are present: what decides the shape of the rendered survey.
    var presence: PresenceKey {
        var mask: UInt16 = 0
        for (bit, field) in RecipientField.optional.enumerated() where fixed[field] != nil {
            mask |= 1 << UInt16(bit)
        }
        return PresenceKey(mask: mask, custom: custom.keys.sorted())
    }

    /// The first word of a display name (`Anna` of `Anna Schmidt`; `Anna` of `Schmidt, Anna`).
    static func firstName(of displayName: String) -> String {
        let name = clean(displayName)
        if let comma = name.firstIndex(of: ",") {
            let after = name[name.index(after: comma)...].split(separator: " ").first
            if let after { return String(after) }
        }
        return name.split(separator: " ").first.map(String.init) ?? ""
    }

    /// Control characters become spaces; leading and trailing spaces are removed.
    static func clean(_ value: String) -> String {
        // 0xC2 leads U+0080–U+00BF, which holds the C1 controls.
        let needsWork =
            value.utf8.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 } || value.utf8.first == 0x20
            || value.utf8.last == 0x20
        guard needsWork else { return value }
        var scalars = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            let isControl = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
            scalars.append(isControl ? " " : scalar)
        }
        return String(scalars).trimmingASCIISpaces()
    }
}

/// Which optional recipient values are present. Two recipients with the same key render through the same
/// compiled chunks.
struct PresenceKey: Hashable, Sendable {
    var mask: UInt16
    var custom: [String]

    func contains(_ field: RecipientField) -> Bool {
        switch field {
        case .custom(let name): return custom.contains(name)
        case .linkURL, .email, .unsubscribeURL, .replyAddress: return true
        default:
            guard let bit = RecipientField.optional.firstIndex(of: field) else { return true }
            return mask & (1 << UInt16(bit)) != 0
        }
    }
}

extension String {
    func trimmingASCIISpaces() -> String {
        let bytes = utf8
        guard let first = bytes.firstIndex(where: { $0 != 0x20 }) else { return "" }
        let last = bytes.lastIndex(where: { $0 != 0x20 })!
        return String(self[first...last])
    }
}
