public import Foundation

/// The one configuration file, `smiley.json`, that `smiley init` creates (documented in the README).
///
/// Paths in it are relative to the folder the file is in. Everything but `surveys` has a default.
public struct SmileyConfig: Sendable, Hashable, Codable {
    /// The file format's version; 1.
    public var version: Int
    /// The secret file (`KEY-ID BASE64` lines), readable only by its owner.
    public var secretFile: String
    /// An admin's own templates folder; any file missing there falls back to the built-in templates.
    public var templatesDirectory: String?
    /// Where the feedback records, journals and suppression list live.
    public var dataDirectory: String
    /// Where `outbox:` sends and previews are written by default.
    public var outboxDirectory: String
    /// How many days a rating link stays valid.
    public var tokenMaxAgeDays: Int
    /// Do not survey the same address more than once in this many days (0: no cap).
    public var frequencyCapDays: Int
    /// `smiley send --remind` reminds recipients who have not answered this many days after the survey.
    public var reminderAfterDays: Int
    /// How long each kind of stored file is kept (`smiley prune`).
    public var retention: RetentionPolicy
    /// The web side's public base URL (`https://feedback.example.com`), used by surveys with `links: https`.
    public var baseURL: String?
    /// The surveys this installation sends.
    public var surveys: [SurveyEntry]
    /// How `smiley serve` listens and which clicks it refuses; `nil` (no section) means the defaults.
    public var server: ServerSettings?
    /// Help-desk "ticket closed" triggers (`POST /triggers/{name}`, `smiley trigger`); none when absent.
    public var triggers: TriggerSettings?

    /// One survey as the configuration file writes it.
    public struct SurveyEntry: Sendable, Hashable, Codable {
        /// The survey id (letters, digits, `-`, `_`).
        public var id: String
        /// `smiley` (default), `csat5` or `nps`.
        public var scale: RatingScale?
        /// The template folder name; `default` unless set.
        public var template: String?
        /// The default language; `en` unless set.
        public var locale: String?
        /// The sender's display name.
        public var fromName: String
        /// The sender's address.
        public var fromAddress: String
        /// The domain that receives `feedback+TOKEN@` replies.
        public var replyDomain: String
        /// `mailto` (default) or `https`.
        public var links: String?

        /// Creates an entry.
        public init(
            id: String,
            scale: RatingScale? = nil,
            template: String? = nil,
            locale: String? = nil,
            fromName: String,
            fromAddress: String,
            replyDomain: String,
            links: String? = nil
        ) {
            self.id = id
            self.scale = scale
            self.template = template
            self.locale = locale
            self.fromName = fromName
            self.fromAddress = fromAddress
            self.replyDomain = replyDomain
            self.links = links
        }
    }

    /// Creates a configuration with Smiley's defaults.
    public init(surveys: [SurveyEntry], secretFile: String = "smiley.secret", baseURL: String? = nil) {
        version = 1
        self.secretFile = secretFile
        templatesDirectory = nil
        dataDirectory = "data"
        outboxDirectory = "outbox"
        tokenMaxAgeDays = 90
        frequencyCapDays = 0
        reminderAfterDays = 3
        retention = RetentionPolicy()
        self.baseURL = baseURL
        self.surveys = surveys
    }

    private enum CodingKeys: String, CodingKey {
        case version, secretFile, templatesDirectory, dataDirectory, outboxDirectory, tokenMaxAgeDays,
            frequencyCapDays, reminderAfterDays, retention, baseURL, surveys, server, triggers
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decodeIfPresent(Int.self, forKey: .version) ?? 1
        secretFile = try c.decodeIfPresent(String.self, forKey: .secretFile) ?? "smiley.secret"
        templatesDirectory = try c.decodeIfPresent(String.self, forKey: .templatesDirectory)
        dataDirectory = try c.decodeIfPresent(String.self, forKey: .dataDirectory) ?? "data"
        outboxDirectory = try c.decodeIfPresent(String.self, forKey: .outboxDirectory) ?? "outbox"
        tokenMaxAgeDays = try c.decodeIfPresent(Int.self, forKey: .tokenMaxAgeDays) ?? 90
        frequencyCapDays = try c.decodeIfPresent(Int.self, forKey: .frequencyCapDays) ?? 0
        reminderAfterDays = try c.decodeIfPresent(Int.self, forKey: .reminderAfterDays) ?? 3
        retention = try c.decodeIfPresent(RetentionPolicy.self, forKey: .retention) ?? RetentionPolicy()
        baseURL = try c.decodeIfPresent(String.self, forKey: .baseURL)
        surveys = try c.decode([SurveyEntry].self, forKey: .surveys)
        server = try c.decodeIfPresent(ServerSettings.self, forKey: .server)
        triggers = try c.decodeIfPresent(TriggerSettings.self, forKey: .triggers)
    }

    /// Writes the configuration; `retention` only when it differs from the defaults (reading it back costs every
    /// `smiley ingest` process a little, and the defaults are documented).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(version, forKey: .version)
        try c.encode(secretFile, forKey: .secretFile)
        try c.encodeIfPresent(templatesDirectory, forKey: .templatesDirectory)
        try c.encode(dataDirectory, forKey: .dataDirectory)
        try c.encode(outboxDirectory, forKey: .outboxDirectory)
        try c.encode(tokenMaxAgeDays, forKey: .tokenMaxAgeDays)
        try c.encode(frequencyCapDays, forKey: .frequencyCapDays)
        try c.encode(reminderAfterDays, forKey: .reminderAfterDays)
        if retention != RetentionPolicy() { try c.encode(retention, forKey: .retention) }
        try c.encodeIfPresent(baseURL, forKey: .baseURL)
        try c.encode(surveys, forKey: .surveys)
        try c.encodeIfPresent(server, forKey: .server)
        try c.encodeIfPresent(triggers, forKey: .triggers)
    }

    /// Parses and checks the configuration.
    /// - Parameters:
    ///   - data: the file's bytes.
    ///   - path: the file's path, named in every error.
    /// - Throws: ``ConfigError`` naming the file, the setting and what to do.
    public static func parse(_ data: Data, path: String) throws(ConfigError) -> SmileyConfig {
        try parse(data, path: path, ownReader: true)
    }

    /// ``parse(_:path:)``; with `ownReader` the file is read first by ``read(_:)`` (a relay's per-message
    /// `smiley ingest` is spared `JSONDecoder`'s first-use cost), and by `JSONDecoder` only when that reader gives
    /// up; without it (the tests' reference), always by `JSONDecoder`.
    static func parse(_ data: Data, path: String, ownReader: Bool) throws(ConfigError) -> SmileyConfig {
        let config: SmileyConfig
        if ownReader, let read = Self.read([UInt8](data)) {
            config = read
        } else {
            do {
                config = try JSONDecoder().decode(SmileyConfig.self, from: data)
            } catch let error as DecodingError {
                throw ConfigError(path: path, message: Self.describe(error))
            } catch {
                throw ConfigError(path: path, message: "\(error)")
            }
        }
        guard config.version == 1 else {
            throw ConfigError(
                path: path,
                message: "version \(config.version) is not supported by this Smiley (expected 1)"
            )
        }
        guard config.tokenMaxAgeDays > 0 else {
            throw ConfigError(path: path, message: "tokenMaxAgeDays must be at least 1")
        }
        guard config.frequencyCapDays >= 0 else {
            throw ConfigError(path: path, message: "frequencyCapDays cannot be negative")
        }
        guard config.reminderAfterDays >= 0 else {
            throw ConfigError(path: path, message: "reminderAfterDays cannot be negative")
        }
        for (name, days) in config.retention.periods where days < 1 {
            throw ConfigError(
                path: path,
                message: "retention.\(name) is \(days); give at least 1 day, or null to keep that kind"
            )
        }
        if let problem = config.server?.problem { throw ConfigError(path: path, message: problem) }
        if let problem = config.triggers?.problem { throw ConfigError(path: path, message: problem) }
        guard !config.secretFile.isEmpty else {
            throw ConfigError(path: path, message: "secretFile is empty; run 'smiley init' to create a secret")
        }
        // A list, not a Set and a Dictionary: a configuration has a handful of surveys, and each generic collection
        // type costs a relay's per-message process a run-time conformance lookup.
        var seen: [(id: String, tag: [UInt8])] = []
        for (index, _) in config.surveys.enumerated() {
            let survey = try config.survey(at: index, path: path)
            guard !seen.contains(where: { $0.id == survey.id }) else {
                throw ConfigError(path: path, message: "surveys[\(index)]: the id '\(survey.id)' is used twice")
            }
            let tag = TokenKeyring.surveyTag(survey.id)
            if let other = seen.first(where: { $0.tag == tag }) {
                throw ConfigError(
                    path: path,
                    message: "surveys[\(index)]: the ids '\(other.id)' and '\(survey.id)' share a token tag; rename one"
                )
            }
            seen.append((survey.id, tag))
        }
        return config
    }

    /// The survey with this id, checked.
    public func survey(id: String, path: String = "smiley.json") throws(ConfigError) -> Survey {
        guard let index = surveys.firstIndex(where: { $0.id == id }) else {
            let known = surveys.map(\.id).joined(separator: ", ")
            throw ConfigError(
                path: path,
                message: "there is no survey '\(id)' (known: \(known.isEmpty ? "none" : known))"
            )
        }
        return try survey(at: index, path: path)
    }

    private func survey(at index: Int, path: String) throws(ConfigError) -> Survey {
        let entry = surveys[index]
        let here = "surveys[\(index)]"
        guard Survey.isValidID(entry.id) else {
            throw ConfigError(path: path, message: "\(here).id '\(entry.id)' must be 1–64 letters, digits, '-' or '_'")
        }
        let address: EmailAddress
        do { address = try EmailAddress(entry.fromAddress) } catch {
            throw ConfigError(path: path, message: "\(here).fromAddress: \(error)")
        }
        guard (try? EmailAddress("feedback@" + entry.replyDomain)) != nil else {
            throw ConfigError(path: path, message: "\(here).replyDomain '\(entry.replyDomain)' is not a domain name")
        }
        guard !entry.fromName.contains(where: { $0 == "\r" || $0 == "\n" }) else {
            throw ConfigError(path: path, message: "\(here).fromName contains a line break")
        }
        let mode: LinkMode
        switch entry.links ?? "mailto" {
        case "mailto": mode = .mailto
        case "https":
            guard let baseURL, baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://") else {
                throw ConfigError(
                    path: path,
                    message: "\(here).links is 'https' but baseURL is not set to an http(s) URL"
                )
            }
            mode = .https(baseURL: baseURL)
        case let other:
            throw ConfigError(path: path, message: "\(here).links '\(other)' must be 'mailto' or 'https'")
        }
        let template = entry.template ?? "default"
        guard TemplateName.isSafe(template) else {
            throw ConfigError(
                path: path,
                message: "\(here).template '\(template)' must be a plain folder name (no '/', no '..')"
            )
        }
        return Survey(
            id: entry.id,
            scale: entry.scale ?? .smiley,
            template: template,
            locale: entry.locale ?? "en",
            sender: Sender(name: entry.fromName, address: address),
            replyDomain: entry.replyDomain,
            linkMode: mode
        )
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "the top level" : String(keys.drop(while: { $0 == "." }))
        }
        switch error {
        case .keyNotFound(let key, let context):
            let at = path(context)
            return "the setting '\(key.stringValue)' is missing" + (at == "the top level" ? "" : " in \(at)")
        case .typeMismatch(let type, let context):
            return "\(path(context)) should be \(type)"
        case .valueNotFound(let type, let context):
            return "\(path(context)) should be \(type), not null"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "the file is not valid JSON (\(context.debugDescription))" }
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

/// A configuration file that cannot be used, with what to do about it.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The configuration file.
    public let path: String
    /// What is wrong.
    public let message: String

    /// Creates an error about `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

/// Checks for names that are looked up inside a folder (template sets, template files, partials).
public enum TemplateName {
    /// Whether `name` stays inside its folder: not empty, no `/` or `\`, not `.`/`..`, no NUL, no leading dot.
    public static func isSafe(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 128 && !name.hasPrefix(".")
            && !name.contains("/") && !name.contains("\\") && !name.contains("\0")
    }
}
