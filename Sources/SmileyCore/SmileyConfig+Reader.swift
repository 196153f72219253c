extension SmileyConfig {
    /// The configuration in `bytes` read without `JSONDecoder`, exactly as ``init(from:)`` (and the nested types'
    /// decoders) read it; nil when anything is not plainly right (a wrong type, a missing required key, a value
    /// ``ConfigJSON`` leaves to `JSONDecoder`), so that ``parse(_:path:)`` lets `JSONDecoder` read the file and
    /// word the error. `ConfigReaderTests` holds both paths to the same result on many files, good and bad.
    static func read(_ bytes: [UInt8]) -> SmileyConfig? {
        guard case .object(let members)? = ConfigJSON.parse(bytes) else { return nil }
        return try? read(members)
    }

    private typealias Decline = ConfigJSON.Decline
    private typealias Members = [ConfigJSON.Member]

    /// The keys this reader reads in each object: the top level, a survey, `retention`, `server`. A file with any
    /// other key goes to `JSONDecoder`, so a key added to the `Codable` types but not here is still read
    /// (`ConfigReaderTests` also compares these lists with the keys `JSONEncoder` writes).
    static let readerKeys: (top: [String], survey: [String], retention: [String], server: [String]) = (
        top: [
            "version", "secretFile", "templatesDirectory", "dataDirectory", "outboxDirectory", "tokenMaxAgeDays",
            "frequencyCapDays", "reminderAfterDays", "retention", "baseURL", "surveys", "server",
        ],
        survey: ["id", "scale", "template", "locale", "fromName", "fromAddress", "replyDomain", "links"],
        retention: ["records", "sent", "journals", "quarantine", "outbox", "suppression", "dmarc"],
        server: [
            "host", "port", "trustedProxies", "scannerUserAgents", "scannerAddresses", "clickBurstSeconds",
            "clickQuietSeconds", "maximumBodyBytes", "requestTimeoutSeconds",
        ]
    )

    private static func read(_ top: Members) throws(Decline) -> SmileyConfig {
        try top.requireKnownKeys(readerKeys.top)
        guard case .array(let list)? = top.value("surveys") else { throw Decline() }
        var surveys: [SurveyEntry] = []
        for element in list {
            guard case .object(let entry) = element else { throw Decline() }
            try entry.requireKnownKeys(readerKeys.survey)
            surveys.append(
                SurveyEntry(
                    id: try entry.requiredString("id"),
                    scale: try entry.optionalString("scale").map { name throws(Decline) in
                        guard let scale = RatingScale(rawValue: name) else { throw Decline() }
                        return scale
                    },
                    template: try entry.optionalString("template"),
                    locale: try entry.optionalString("locale"),
                    fromName: try entry.requiredString("fromName"),
                    fromAddress: try entry.requiredString("fromAddress"),
                    replyDomain: try entry.requiredString("replyDomain"),
                    links: try entry.optionalString("links")
                )
            )
        }
        var config = SmileyConfig(surveys: surveys)
        config.version = try top.optionalInteger("version") ?? 1
        config.secretFile = try top.optionalString("secretFile") ?? "smiley.secret"
        config.templatesDirectory = try top.optionalString("templatesDirectory")
        config.dataDirectory = try top.optionalString("dataDirectory") ?? "data"
        config.outboxDirectory = try top.optionalString("outboxDirectory") ?? "outbox"
        config.tokenMaxAgeDays = try top.optionalInteger("tokenMaxAgeDays") ?? 90
        config.frequencyCapDays = try top.optionalInteger("frequencyCapDays") ?? 0
        config.reminderAfterDays = try top.optionalInteger("reminderAfterDays") ?? 3
        config.baseURL = try top.optionalString("baseURL")
        switch top.value("retention") {
        case nil, .null?: config.retention = RetentionPolicy()
        case .object(let retention)?:
            try retention.requireKnownKeys(readerKeys.retention)
            // A kind left out keeps its default; `null` keeps that kind for ever (RetentionPolicy.init(from:)).
            func days(_ key: String, _ fallback: Int?) throws(Decline) -> Int? {
                switch retention.value(key) {
                case nil: return fallback
                case .null?: return nil
                case .integer(let days)?: return days
                default: throw Decline()
                }
            }
            let defaults = RetentionPolicy()
            config.retention = RetentionPolicy(
                records: try days("records", defaults.records),
                sent: try days("sent", defaults.sent),
                journals: try days("journals", defaults.journals),
                quarantine: try days("quarantine", defaults.quarantine),
                outbox: try days("outbox", defaults.outbox),
                suppression: try days("suppression", defaults.suppression),
                dmarc: try days("dmarc", defaults.dmarc)
            )
        default: throw Decline()
        }
        switch top.value("server") {
        case nil, .null?: config.server = nil
        case .object(let server)?:
            try server.requireKnownKeys(readerKeys.server)
            let defaults = ServerSettings()
            config.server = ServerSettings(
                host: try server.optionalString("host") ?? defaults.host,
                port: try server.optionalInteger("port") ?? defaults.port,
                trustedProxies: try server.optionalStrings("trustedProxies") ?? [],
                scannerUserAgents: try server.optionalStrings("scannerUserAgents") ?? [],
                scannerAddresses: try server.optionalStrings("scannerAddresses") ?? [],
                clickBurstSeconds: try server.optionalInteger("clickBurstSeconds") ?? defaults.clickBurstSeconds,
                clickQuietSeconds: try server.optionalInteger("clickQuietSeconds") ?? defaults.clickQuietSeconds,
                maximumBodyBytes: try server.optionalInteger("maximumBodyBytes") ?? defaults.maximumBodyBytes,
                requestTimeoutSeconds: try server.optionalInteger("requestTimeoutSeconds")
                    ?? defaults.requestTimeoutSeconds
            )
        default: throw Decline()
        }
        return config
    }
}

extension [ConfigJSON.Member] {
    /// Gives up on an object with a key that is not in `known` (one of ``SmileyConfig/readerKeys``).
    fileprivate func requireKnownKeys(_ known: [String]) throws(ConfigJSON.Decline) {
        for member in self where !known.contains(member.key) { throw ConfigJSON.Decline() }
    }

    fileprivate func value(_ key: String) -> ConfigJSON? {
        first { $0.key == key }?.value
    }

    /// `decodeIfPresent(String.self, …)`: absent or null is nil.
    fileprivate func optionalString(_ key: String) throws(ConfigJSON.Decline) -> String? {
        switch value(key) {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw ConfigJSON.Decline()
        }
    }

    /// `decode(String.self, …)`.
    fileprivate func requiredString(_ key: String) throws(ConfigJSON.Decline) -> String {
        guard case .string(let text)? = value(key) else { throw ConfigJSON.Decline() }
        return text
    }

    /// `decodeIfPresent(Int.self, …)`: absent or null is nil.
    fileprivate func optionalInteger(_ key: String) throws(ConfigJSON.Decline) -> Int? {
        switch value(key) {
        case nil, .null?: return nil
        case .integer(let number)?: return number
        default: throw ConfigJSON.Decline()
        }
    }

    /// `decodeIfPresent([String].self, …)`: absent or null is nil.
    fileprivate func optionalStrings(_ key: String) throws(ConfigJSON.Decline) -> [String]? {
        switch value(key) {
        case nil, .null?: return nil
        case .array(let elements)?:
            var strings: [String] = []
            for element in elements {
                guard case .string(let text) = element else { throw ConfigJSON.Decline() }
                strings.append(text)
            }
            return strings
        default: throw ConfigJSON.Decline()
        }
    }
}
