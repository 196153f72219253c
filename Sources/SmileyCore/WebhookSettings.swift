/// The inbound webhook routes of `smiley serve` (`server.webhooks` in `smiley.json`): which are on, and where
/// each provider's secret is. Secrets live in files of their own (mode 0600), never in `smiley.json`; a relative
/// path is read from the folder `smiley.json` is in. A provider not listed has no route (404).
///
/// ```json
/// "webhooks": {
///   "raw": true,
///   "mailgun": { "signingKeyFile": "mailgun.key" },
///   "postmark": { "username": "postmark", "passwordFile": "postmark.password" },
///   "sendgrid": { "username": "sendgrid", "passwordFile": "sendgrid.password" }
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

    /// `POST /hooks/raw`: raw MIME signed with a key derived from `smiley.secret` (`smiley webhook key` prints it).
    public var raw: Bool
    /// `POST /hooks/mailgun`: the HTTP webhook signing key.
    public var mailgun: Signing?
    /// `POST /hooks/postmark`: the basic-auth credentials in the inbound webhook URL.
    public var postmark: BasicAuth?
    /// `POST /hooks/sendgrid`: the basic-auth credentials in the Inbound Parse URL.
    public var sendgrid: BasicAuth?
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
        windowSeconds: Int = 300,
        maximumBodyBytes: Int = 32 * 1024 * 1024
    ) {
        self.raw = raw
        self.mailgun = mailgun
        self.postmark = postmark
        self.sendgrid = sendgrid
        self.windowSeconds = windowSeconds
        self.maximumBodyBytes = maximumBodyBytes
    }

    private enum CodingKeys: String, CodingKey {
        case raw, mailgun, postmark, sendgrid, windowSeconds, maximumBodyBytes
    }

    /// Reads the settings; every key optional.
    public init(from decoder: any Decoder) throws {
        let defaults = WebhookSettings()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        raw = try c.decodeIfPresent(Bool.self, forKey: .raw) ?? false
        mailgun = try c.decodeIfPresent(Signing.self, forKey: .mailgun)
        postmark = try c.decodeIfPresent(BasicAuth.self, forKey: .postmark)
        sendgrid = try c.decodeIfPresent(BasicAuth.self, forKey: .sendgrid)
        windowSeconds = try c.decodeIfPresent(Int.self, forKey: .windowSeconds) ?? defaults.windowSeconds
        maximumBodyBytes = try c.decodeIfPresent(Int.self, forKey: .maximumBodyBytes) ?? defaults.maximumBodyBytes
    }

    /// What is wrong with the settings, if anything, naming the key.
    public var problem: String? {
        if windowSeconds < 1 { return "server.webhooks.windowSeconds must be at least 1" }
        if maximumBodyBytes < 65_536 { return "server.webhooks.maximumBodyBytes must be at least 65536" }
        for (name, auth) in [("postmark", postmark), ("sendgrid", sendgrid)] {
            if let auth, auth.username.isEmpty || auth.username.contains(":") {
                return "server.webhooks.\(name).username must be set and hold no ':'"
            }
        }
        return nil
    }
}
