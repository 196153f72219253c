import Foundation

/// Help-desk "ticket closed" triggers (`triggers` in `smiley.json`): each named source is a route,
/// `POST /triggers/{name}`, and a `smiley trigger --provider {name}` twin. A source says how its requests are
/// signed, where in its JSON body the ticket and the requester are, and when a post means "survey this ticket".
///
/// ```json
/// "triggers": {
///   "windowSeconds": 300,
///   "sources": {
///     "freshdesk": {
///       "signature": { "scheme": "header", "header": "X-Smiley-Trigger-Secret", "secretFile": "freshdesk.secret" },
///       "survey": "support",
///       "fields": { "ticketID": "freshdesk_webhook.ticket_id", "email": "freshdesk_webhook.requester_email",
///                   "name": "freshdesk_webhook.requester_name", "subject": "freshdesk_webhook.ticket_subject" },
///       "when": { "path": "freshdesk_webhook.ticket_status", "equals": ["Closed", "Resolved"] }
///     }
///   }
/// }
/// ```
public struct TriggerSettings: Sendable, Hashable, Codable {
    /// How a source's requests are authenticated.
    public struct Signature: Sendable, Hashable, Codable {
        /// The scheme: `smiley` (`Smiley-Signature`, as `POST /hooks/raw`, under the key `smiley trigger --key`
        /// prints), `header` (a shared secret in a header field), `zendesk` (`X-Zendesk-Webhook-Signature`) or
        /// `autotask` (`X-Hook-Signature: sha1=…`) or `salesforce` (Salesforce signs nothing: the message's
        /// `OrganizationId` must be ``organizationId``; let the reverse proxy check Salesforce's client certificate).
        public var scheme: String
        /// For `header`: the header field that carries the secret.
        public var header: String?
        /// For `header`, `zendesk`, `autotask`: the file holding the secret or signing key (its first line).
        public var secretFile: String?
        /// For `salesforce`: the 15- or 18-character id of the organization whose messages are taken.
        public var organizationId: String?
        /// For `connectwise`: the host the callback's signing-key URL (`Metadata.key_url`) must name; the host of
        /// `lookup.baseURL` when absent. A key URL on any other host is refused before anything is fetched.
        public var keyHost: String?

        /// A signature setting.
        public init(
            scheme: String,
            header: String? = nil,
            secretFile: String? = nil,
            organizationId: String? = nil,
            keyHost: String? = nil
        ) {
            self.scheme = scheme
            self.header = header
            self.secretFile = secretFile
            self.organizationId = organizationId
            self.keyHost = keyHost
        }
    }

    /// Where in the JSON body each value is: dotted paths (`issue.fields.reporter.emailAddress`; a number
    /// indexes an array, `changelog.items.0.toString`).
    public struct Fields: Sendable, Hashable, Codable {
        /// The ticket's id (required).
        public var ticketID: String
        /// The requester's address (required).
        public var email: String
        /// The requester's name.
        public var name: String?
        /// The agent who handled the ticket.
        public var agent: String?
        /// The ticket's subject.
        public var subject: String?
        /// The survey to send, when the payload names it (else the source's `survey`).
        public var survey: String?
        /// The requester's language.
        public var locale: String?

        /// A field mapping.
        public init(
            ticketID: String,
            email: String,
            name: String? = nil,
            agent: String? = nil,
            subject: String? = nil,
            survey: String? = nil,
            locale: String? = nil
        ) {
            self.ticketID = ticketID
            self.email = email
            self.name = name
            self.agent = agent
            self.subject = subject
            self.survey = survey
            self.locale = locale
        }
    }

    /// When a post is a trigger: the value at `path` is one of `equals` (compared exactly, as text).
    public struct Condition: Sendable, Hashable, Codable {
        /// The dotted path of the value compared.
        public var path: String
        /// The values that trigger a survey.
        public var equals: [String]

        /// A condition.
        public init(path: String, equals: [String]) {
            self.path = path
            self.equals = equals
        }

        private enum CodingKeys: String, CodingKey { case path, equals }

        /// Reads `equals` as one string or a list of them.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            path = try c.decode(String.self, forKey: .path)
            if let one = try? c.decode(String.self, forKey: .equals) {
                equals = [one]
            } else {
                equals = try c.decode([String].self, forKey: .equals)
            }
        }
    }

    /// How a source's body is read.
    public enum Format: String, Sendable, Hashable, Codable {
        /// A JSON object; field paths are dotted paths into it.
        case json
        /// A Salesforce Outbound Message (SOAP 1.1): one trigger per `Notification`; field paths are the
        /// sObject's field names (`CaseNumber`, `SuppliedEmail`, `Status`), plus `NotificationId`.
        case salesforce
        /// A ConnectWise PSA callback (the summary: `ID`, `Action`, `Type`, `Entity`, `Metadata.key_url`): the
        /// ticket `ID` names is fetched over the REST API (`lookup`), and field paths and `when` are read in that
        /// ticket (`id`, `summary`, `status.name`, `contactEmailAddress`, `owner.name`).
        case connectwise
    }

    /// One help desk (or one automation) that posts triggers.
    public struct Source: Sendable, Hashable, Codable {
        /// How its body is read; `json` by default.
        public var format: Format
        /// How its requests are signed.
        public var signature: Signature
        /// The survey sent when the payload names none.
        public var survey: String?
        /// Where the values are in the payload.
        public var fields: Fields
        /// When a post triggers a survey; every post does when absent.
        public var when: Condition?
        /// The help desk's API, to fetch what the post lacks (required for `connectwise`).
        public var lookup: Lookup?

        /// A source.
        public init(
            format: Format = .json,
            signature: Signature,
            survey: String? = nil,
            fields: Fields,
            when: Condition? = nil,
            lookup: Lookup? = nil
        ) {
            self.format = format
            self.signature = signature
            self.survey = survey
            self.fields = fields
            self.when = when
            self.lookup = lookup
        }

        private enum CodingKeys: String, CodingKey { case format, signature, survey, fields, when, lookup }

        /// Reads a source; `format` is optional.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            format = try c.decodeIfPresent(Format.self, forKey: .format) ?? .json
            signature = try c.decode(Signature.self, forKey: .signature)
            survey = try c.decodeIfPresent(String.self, forKey: .survey)
            fields = try c.decode(Fields.self, forKey: .fields)
            when = try c.decodeIfPresent(Condition.self, forKey: .when)
            lookup = try c.decodeIfPresent(Lookup.self, forKey: .lookup)
        }
    }

    /// Where the surveys of triggers go: `outbox` (the default: `outboxDirectory`), `outbox:DIR`, or an SMTP
    /// server as `smiley send --to` takes it. The password is read from a file or an environment variable, never
    /// from `smiley.json`.
    public struct Delivery: Sendable, Hashable, Codable {
        /// `outbox`, `outbox:DIR`, `smtp://HOST[:PORT]` or `smtps://HOST[:PORT]`.
        public var to: String
        /// For `smtp://`: `required` (the default for a remote host), `opportunistic` or `off`.
        public var starttls: String?
        /// The SMTP login, if the server wants one.
        public var username: String?
        /// The file holding the SMTP password (first line), beside `smiley.json` unless absolute.
        public var passwordFile: String?
        /// The environment variable holding the SMTP password.
        public var passwordEnv: String?

        /// A delivery setting.
        public init(
            to: String,
            starttls: String? = nil,
            username: String? = nil,
            passwordFile: String? = nil,
            passwordEnv: String? = nil
        ) {
            self.to = to
            self.starttls = starttls
            self.username = username
            self.passwordFile = passwordFile
            self.passwordEnv = passwordEnv
        }
    }

    /// The sources by name (the `{name}` of `POST /triggers/{name}`).
    public var sources: [String: Source]
    /// Where the surveys go; the outbox folder when absent.
    public var deliver: Delivery?
    /// How far (seconds) a signed time may be from the clock. Default 300.
    public var windowSeconds: Int
    /// The largest trigger body read. Default 1 MiB.
    public var maximumBodyBytes: Int

    /// Trigger settings.
    public init(sources: [String: Source] = [:], windowSeconds: Int = 300, maximumBodyBytes: Int = 1 << 20) {
        self.sources = sources
        self.windowSeconds = windowSeconds
        self.maximumBodyBytes = maximumBodyBytes
    }

    private enum CodingKeys: String, CodingKey { case sources, deliver, windowSeconds, maximumBodyBytes }

    /// Reads the settings; every key optional.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sources = try c.decodeIfPresent([String: Source].self, forKey: .sources) ?? [:]
        deliver = try c.decodeIfPresent(Delivery.self, forKey: .deliver)
        windowSeconds = try c.decodeIfPresent(Int.self, forKey: .windowSeconds) ?? 300
        maximumBodyBytes = try c.decodeIfPresent(Int.self, forKey: .maximumBodyBytes) ?? 1 << 20
    }

    /// The signature schemes a source may use.
    public static let schemes = ["smiley", "header", "zendesk", "autotask", "salesforce", "connectwise"]

    /// What is wrong with the settings, if anything, naming the key.
    public var problem: String? {
        if windowSeconds < 1 { return "triggers.windowSeconds must be at least 1" }
        if maximumBodyBytes < 1_024 { return "triggers.maximumBodyBytes must be at least 1024" }
        if let deliver {
            let to = deliver.to.lowercased()
            guard to == "outbox" || to.hasPrefix("outbox:") || to.hasPrefix("smtp://") || to.hasPrefix("smtps://")
            else {
                return
                    "triggers.deliver.to '\(deliver.to)' must be outbox, outbox:DIR, smtp://HOST[:PORT] or smtps://HOST[:PORT]"
            }
            if let starttls = deliver.starttls, !["required", "opportunistic", "off"].contains(starttls) {
                return "triggers.deliver.starttls '\(starttls)' must be required, opportunistic or off"
            }
            if deliver.username != nil, deliver.passwordFile == nil, deliver.passwordEnv == nil {
                return "triggers.deliver.username needs passwordFile or passwordEnv"
            }
        }
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
            let key = "triggers.sources.\(name)"
            if name.isEmpty
                || !name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
            {
                return "\(key): a source name holds only letters, digits, '-' and '_'"
            }
            let scheme = source.signature.scheme
            guard Self.schemes.contains(scheme) else {
                return "\(key).signature.scheme '\(scheme)' is not one of \(Self.schemes.joined(separator: ", "))"
            }
            if (scheme == "salesforce") != (source.format == .salesforce) {
                return "\(key): the 'salesforce' scheme and format go together"
            }
            if scheme == "salesforce", source.signature.organizationId?.isEmpty ?? true {
                return "\(key).signature.organizationId is needed: only that organization's messages are taken"
            }
            if let lookup = source.lookup, let problem = lookup.problem(key + ".lookup") { return problem }
            if let problem = connectwiseProblem(key, source) { return problem }
            if source.lookup != nil, source.format == .salesforce {
                return "\(key).lookup: a Salesforce message is read as sent; remove lookup"
            }
            if !["smiley", "salesforce", "connectwise"].contains(scheme), source.signature.secretFile?.isEmpty ?? true {
                return "\(key).signature.secretFile is needed for the '\(scheme)' scheme"
            }
            if scheme == "header", source.signature.header?.isEmpty ?? true {
                return "\(key).signature.header names the header field that carries the secret; set it"
            }
            if source.survey == nil, source.fields.survey == nil {
                return "\(key): set 'survey' (or fields.survey) so a trigger knows which survey to send"
            }
            if source.fields.ticketID.isEmpty || source.fields.email.isEmpty {
                return "\(key).fields: ticketID and email are required paths"
            }
        }
        return nil
    }
}

extension TriggerSettings {
    /// The rules of ConnectWise sources: the `connectwise` scheme goes with the `connectwise` format (which may also
    /// use `header` or `smiley`), and the format needs a ConnectWise lookup, since the callback carries no address.
    private func connectwiseProblem(_ key: String, _ source: Source) -> String? {
        if source.signature.scheme == "connectwise", source.format != .connectwise {
            return "\(key): the 'connectwise' scheme goes with \"format\": \"connectwise\""
        }
        guard source.format == .connectwise else { return nil }
        guard source.lookup?.api == "connectwise" else {
            return
                "\(key).lookup: a ConnectWise source fetches the ticket; set lookup.api \"connectwise\", baseURL, credentialFile and clientId"
        }
        if source.signature.scheme == "connectwise", source.signature.keyHost?.isEmpty == true {
            return "\(key).signature.keyHost is empty; remove it to use the host of lookup.baseURL"
        }
        return nil
    }
}

extension TriggerSettings.Signature {
    /// The HMAC-SHA256 key of the `connectwise` scheme: ConnectWise signs a callback's body under the SHA-256 of
    /// the signing key its `Metadata.key_url` returns (`{"signing_key": "…"}`), not under the key itself.
    package static func connectwiseHMACKey(signingKey: String) -> [UInt8] {
        HMACSignature.sha256(Array(signingKey.utf8))
    }
}
