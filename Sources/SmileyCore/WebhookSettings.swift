/// The inbound webhook routes of `smiley serve` (`server.webhooks` in `smiley.json`): which are on, and where
/// each provider's secret is. Secrets live in files of their own (mode 0600), never in `smiley.json`; a relative
/// path is read from the folder `smiley.json` is in. A provider not listed has no route (404).
///
/// ```json
/// "webhooks": {
///   "raw": true,
///   "mailgun": { "signingKeyFile": "mailgun.key" },
///   "postmark": { "username": "postmark", "passwordFile": "postmark.password" },
///   "sendgrid": { "username": "sendgrid", "passwordFile": "sendgrid.password" },
///   "ses": { "topics": ["arn:aws:sns:eu-west-1:123456789012:smiley-replies"] },
///   "mailjet": { "username": "mailjet", "passwordFile": "mailjet.password" },
///   "cloudmailin": { "username": "cloudmailin", "passwordFile": "cloudmailin.password" },
///   "sparkpost": { "tokenFile": "sparkpost.token" },
///   "mandrill": { "url": "https://feedback.example.com/hooks/mandrill", "keyFile": "mandrill.key" }
/// }
/// ```
public struct WebhookSettings: Sendable, Hashable, Codable {
    /// HTTP basic authentication: the user name, and the file holding the password.
    public struct BasicAuth: Sendable, Hashable, Codable {
        /// The user name the provider sends.
        public var username: String
        /// The file holding the password (its first line).
        public var passwordFile: String

        /// Settings for basic authentication.
        public init(username: String, passwordFile: String) {
            self.username = username
            self.passwordFile = passwordFile
        }
    }

    /// A provider's signing key, in a file.
    public struct Signing: Sendable, Hashable, Codable {
        /// The file holding the key (its first line).
        public var signingKeyFile: String

        /// Settings for a signing key.
        public init(signingKeyFile: String) {
            self.signingKeyFile = signingKeyFile
        }
    }

    /// A shared token the provider sends in a header, in a file (SparkPost's relay-webhook `auth_token`).
    public struct Token: Sendable, Hashable, Codable {
        /// The file holding the token (its first line).
        public var tokenFile: String

        /// Settings for a token.
        public init(tokenFile: String) { self.tokenFile = tokenFile }
    }

    /// Mandrill's webhook key (in a file) and the exact URL Mandrill was given: Mandrill signs the URL too.
    public struct Mandrill: Sendable, Hashable, Codable {
        /// The URL as entered in Mandrill's inbound route, scheme and query included.
        public var url: String
        /// The file holding the webhook's key (its first line).
        public var keyFile: String

        /// Settings for Mandrill.
        public init(url: String, keyFile: String) {
            self.url = url
            self.keyFile = keyFile
        }
    }

    /// Amazon SES receipt notifications through SNS: no secret (SNS signs with a certificate of its own).
    public struct SES: Sendable, Hashable, Codable {
        /// The SNS topic ARNs taken; nil takes any topic (any AWS account could then post). A subscription is
        /// confirmed only for a topic listed here.
        public var topics: [String]?
        /// How old (seconds) a message may be; SNS retries with the original time. Default 3600.
        public var maximumAgeSeconds: Int

        /// Settings for the SES route.
        public init(topics: [String]? = nil, maximumAgeSeconds: Int = 3600) {
            self.topics = topics
            self.maximumAgeSeconds = maximumAgeSeconds
        }

        private enum CodingKeys: String, CodingKey { case topics, maximumAgeSeconds }

        /// Reads the settings; every key optional.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            topics = try c.decodeIfPresent([String].self, forKey: .topics)
            maximumAgeSeconds = try c.decodeIfPresent(Int.self, forKey: .maximumAgeSeconds) ?? 3600
        }
    }

    /// `POST /hooks/raw`: raw MIME signed with a key derived from `smiley.secret` (`smiley webhook key` prints it).
    public var raw: Bool
    /// `POST /hooks/mailgun`: the HTTP webhook signing key.
    public var mailgun: Signing?
    /// `POST /hooks/postmark`: the basic-auth credentials in the inbound webhook URL.
    public var postmark: BasicAuth?
    /// `POST /hooks/sendgrid`: the basic-auth credentials in the Inbound Parse URL.
    public var sendgrid: BasicAuth?
    /// `POST /hooks/ses`: Amazon SES receipt notifications through an SNS HTTPS subscription.
    public var ses: SES?
    /// `POST /hooks/mailjet`: the basic-auth credentials in the Parse API URL.
    public var mailjet: BasicAuth?
    /// `POST /hooks/cloudmailin`: the basic-auth credentials in the CloudMailin target URL.
    public var cloudmailin: BasicAuth?
    /// `POST /hooks/sparkpost`: the relay webhook's auth token.
    public var sparkpost: Token?
    /// `POST /hooks/mandrill`: the inbound webhook's URL and key.
    public var mandrill: Mandrill?
    /// How far (seconds) a signed time may be from the server's clock. Default 300.
    public var windowSeconds: Int
    /// The largest webhook body read (a message with attachments, form-encoded). Default 32 MiB.
    public var maximumBodyBytes: Int

    /// Webhook settings; all routes off by default.
    public init(
        raw: Bool = false,
        mailgun: Signing? = nil,
        postmark: BasicAuth? = nil,
        sendgrid: BasicAuth? = nil,
        ses: SES? = nil,
        mailjet: BasicAuth? = nil,
        cloudmailin: BasicAuth? = nil,
        sparkpost: Token? = nil,
        mandrill: Mandrill? = nil,
        windowSeconds: Int = 300,
        maximumBodyBytes: Int = 32 * 1024 * 1024
    ) {
        self.raw = raw
        self.mailgun = mailgun
        self.postmark = postmark
        self.sendgrid = sendgrid
        self.ses = ses
        self.mailjet = mailjet
        self.cloudmailin = cloudmailin
        self.sparkpost = sparkpost
        self.mandrill = mandrill
        self.windowSeconds = windowSeconds
        self.maximumBodyBytes = maximumBodyBytes
    }

    private enum CodingKeys: String, CodingKey {
        case raw, mailgun, postmark, sendgrid, ses, mailjet, cloudmailin, sparkpost, mandrill, windowSeconds,
            maximumBodyBytes
    }

    /// Reads the settings; every key optional.
    public init(from decoder: any Decoder) throws {
        let defaults = WebhookSettings()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        raw = try c.decodeIfPresent(Bool.self, forKey: .raw) ?? false
        mailgun = try c.decodeIfPresent(Signing.self, forKey: .mailgun)
        postmark = try c.decodeIfPresent(BasicAuth.self, forKey: .postmark)
        sendgrid = try c.decodeIfPresent(BasicAuth.self, forKey: .sendgrid)
        ses = try c.decodeIfPresent(SES.self, forKey: .ses)
        mailjet = try c.decodeIfPresent(BasicAuth.self, forKey: .mailjet)
        cloudmailin = try c.decodeIfPresent(BasicAuth.self, forKey: .cloudmailin)
        sparkpost = try c.decodeIfPresent(Token.self, forKey: .sparkpost)
        mandrill = try c.decodeIfPresent(Mandrill.self, forKey: .mandrill)
        windowSeconds = try c.decodeIfPresent(Int.self, forKey: .windowSeconds) ?? defaults.windowSeconds
        maximumBodyBytes = try c.decodeIfPresent(Int.self, forKey: .maximumBodyBytes) ?? defaults.maximumBodyBytes
    }

    /// What is wrong with the settings, if anything, naming the key.
    public var problem: String? {
        if windowSeconds < 1 { return "server.webhooks.windowSeconds must be at least 1" }
        if maximumBodyBytes < 65_536 { return "server.webhooks.maximumBodyBytes must be at least 65536" }
        if let ses {
            if ses.maximumAgeSeconds < 60 { return "server.webhooks.ses.maximumAgeSeconds must be at least 60" }
            if let topics = ses.topics, topics.isEmpty || topics.contains(where: { !$0.hasPrefix("arn:aws") }) {
                return "server.webhooks.ses.topics must list SNS topic ARNs (arn:aws:sns:REGION:ACCOUNT:NAME)"
            }
        }
        if let mandrill, !mandrill.url.lowercased().hasPrefix("https://") && !mandrill.url.hasPrefix("http://") {
            return "server.webhooks.mandrill.url must be the full URL given to Mandrill (it is signed)"
        }
        for (name, auth) in [
            ("postmark", postmark), ("sendgrid", sendgrid), ("mailjet", mailjet), ("cloudmailin", cloudmailin),
        ] {
            if let auth, auth.username.isEmpty || auth.username.contains(":") {
                return "server.webhooks.\(name).username must be set and hold no ':'"
            }
        }
        return nil
    }
}
