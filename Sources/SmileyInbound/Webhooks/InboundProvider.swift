public import Foundation
import SmileyCore
import SmileyMIME

/// The mail services whose inbound webhooks Smiley reads, and Smiley's own raw-MIME route. Each request is
/// authenticated first (nothing unauthenticated is read further), then turned into the message it carries — the
/// raw MIME wherever the provider offers it — for the same ingest as a relay's.
///
/// | provider | route | authentication | message |
/// |---|---|---|---|
/// | `raw` | `POST /hooks/raw` | `Smiley-Signature: t=…,k=…,v1=…`: HMAC-SHA256 of `t.body` under a key derived from `smiley.secret` | the body (`message/rfc822`) |
/// | `mailgun` | `POST /hooks/mailgun` | `timestamp`, `token`, `signature`: HMAC-SHA256 of timestamp+token under the signing key | `body-mime` (routes ending in `mime`), else rebuilt from `message-headers`, `body-plain`, `body-html` |
/// | `postmark` | `POST /hooks/postmark` | HTTP basic auth | `RawEmail`, else rebuilt from `Headers`, `TextBody`, `HtmlBody` |
/// | `sendgrid` | `POST /hooks/sendgrid` | HTTP basic auth (in the URL SendGrid posts to) | `email` ("send raw"), else rebuilt from `headers`, `text`, `html` decoded with `charsets` |
/// | `mailjet` | `POST /hooks/mailjet` | HTTP basic auth (in the Parse API URL) | rebuilt from `Headers`, `Text-part`, `Html-part` |
/// | `sparkpost` | `POST /hooks/sparkpost` | `X-MessageSystems-Webhook-Token` (the relay webhook's `auth_token`) | each `email_rfc822` of the batch |
/// | `cloudmailin` | `POST /hooks/cloudmailin` | HTTP basic auth | `message` (Raw format), else rebuilt from the JSON format's `headers`, `plain`, `html` |
/// | `mandrill` | `POST /hooks/mandrill` | `X-Mandrill-Signature`: base64 HMAC-SHA1 of the URL and the sorted fields under the webhook key | each inbound event's `raw_msg` |
/// | `ses` | `POST /hooks/ses` | the SNS signature (v1 RSA-SHA1, v2 RSA-SHA256) under the certificate at an SNS https host (``SNSVerifier``) | the receipt notification's `content` (base64 or UTF-8) |
public enum InboundProvider: String, Sendable, CaseIterable {
    case raw, mailgun, postmark, sendgrid, ses, mailjet, sparkpost, cloudmailin, mandrill

    /// What a request is checked against.
    public enum Credential: Sendable {
        /// Smiley's own keys by key id (``TokenKeyring/derivedKeys(purpose:)`` for ``rawKeyPurpose``).
        case keys([UInt8: [UInt8]])
        /// A provider's signing key.
        case signingKey([UInt8])
        /// HTTP basic authentication.
        case basic(username: String, password: String)
        /// A shared token the provider sends in a header (SparkPost).
        case token(String)
        /// A webhook key and the exact URL the provider was given, both signed (Mandrill).
        case urlKey(url: String, key: [UInt8])
        /// Amazon SNS's signature, checked by a verifier that fetches and keeps the signing certificates.
        case sns(SNSVerifier)
    }

    /// The purpose the raw route's keys are derived for.
    public static let rawKeyPurpose = "webhook-raw"

    /// A message a provider delivered.
    public struct Delivery: Sendable {
        /// The message (RFC 5322 bytes).
        public var message: [UInt8]
        /// The envelope recipient, when the provider names it.
        public var envelopeRecipient: String?
        /// Whether the message was rebuilt from parsed fields (the provider posted no raw MIME).
        public var rebuilt: Bool
        /// What identifies this signed request for the replay check (nil: the scheme signs no single request).
        public var replayKey: String?
        /// When the request was signed, for schemes that sign a time.
        public var signedAt: Date?
    }

    /// Authenticates `request` and returns the message it carries.
    /// - Parameters:
    ///   - credential: the provider's configured secret.
    ///   - now: the time to check a signed time against.
    ///   - window: how far (seconds) a signed time may be from `now`.
    /// - Throws: ``InboundWebhookError``: 401 for a missing, wrong or stale signature or credentials, 4xx for a
    ///   body that is not what the provider documents.
    public func delivery(
        from request: WebhookRequest,
        credential: Credential,
        now: Date = Date(),
        window: TimeInterval = 300
    ) throws(InboundWebhookError) -> Delivery {
        switch self {
        case .raw: return try Self.raw(request, credential, now, window)
        case .mailgun: return try Self.mailgun(request, credential, now, window)
        case .postmark:
            try Self.basic(request, credential)
            return try Self.postmark(request)
        case .sendgrid:
            try Self.basic(request, credential)
            return try Self.sendgrid(request)
        case .ses: return try Self.sns(request, credential, now)
        case .mailjet:
            try Self.basic(request, credential)
            return try Self.mailjet(request)
        case .cloudmailin:
            try Self.basic(request, credential)
            return try Self.cloudmailin(request)
        case .sparkpost, .mandrill: return try Self.single(deliveries(from: request, credential: credential))
        }
    }

    /// Authenticates `request` and returns every message it carries: one for most providers, a batch for SparkPost
    /// and Mandrill (possibly none: a provider's test post).
    /// - Throws: ``InboundWebhookError``, as ``delivery(from:credential:now:window:)``; one unreadable message
    ///   refuses the whole batch.
    public func deliveries(
        from request: WebhookRequest,
        credential: Credential,
        now: Date = Date(),
        window: TimeInterval = 300
    ) throws(InboundWebhookError) -> [Delivery] {
        switch self {
        case .sparkpost: return try Self.sparkpost(request, credential)
        case .mandrill: return try Self.mandrill(request, credential)
        default: return [try delivery(from: request, credential: credential, now: now, window: window)]
        }
    }

    /// The messages a request carries, read without checking its authentication: for looking at a captured
    /// payload, never for storing.
    public func unverifiedDeliveries(from request: WebhookRequest) throws(InboundWebhookError) -> [Delivery] {
        switch self {
        case .sparkpost: return try Self.sparkpostMessages(request)
        case .mandrill: return try Self.mandrillMessages(try request.form())
        default: return [try unverifiedDelivery(from: request)]
        }
    }

    /// The message a request carries, read without checking its authentication: for looking at a captured
    /// payload (`smiley webhook` without `--verify`), never for storing.
    public func unverifiedDelivery(from request: WebhookRequest) throws(InboundWebhookError) -> Delivery {
        switch self {
        case .raw:
            guard !request.body.isEmpty else { throw .malformed("the body is empty; post the whole message") }
            return Delivery(
                message: request.body,
                envelopeRecipient: request.header("Smiley-Envelope-Recipient"),
                rebuilt: false
            )
        case .mailgun: return try Self.mailgunMessage(try request.form(), replayKey: nil, signedAt: nil)
        case .postmark: return try Self.postmark(request)
        case .sendgrid: return try Self.sendgrid(request)
        case .ses:
            let message = try SNSMessage(body: request.body)
            guard message.kind == .notification else {
                throw .notAMessage("an SNS \(message.kind.rawValue) carries no mail")
            }
            return try Self.ses(message, replayKey: nil)
        case .mailjet: return try Self.mailjet(request)
        case .cloudmailin: return try Self.cloudmailin(request)
        case .sparkpost, .mandrill: return try Self.single(unverifiedDeliveries(from: request))
        }
    }

    /// The one message of a batch that must hold exactly one.
    static func single(_ batch: [Delivery]) throws(InboundWebhookError) -> Delivery {
        guard batch.count == 1, let only = batch.first else {
            throw .malformed("the post holds \(batch.count) messages, not one; read it with deliveries(from:)")
        }
        return only
    }

    // MARK: authentication

    static func basic(_ request: WebhookRequest, _ credential: Credential) throws(InboundWebhookError) {
        guard case .basic(let username, let password) = credential else {
            throw .unauthenticated("the route is configured without basic-auth credentials")
        }
        guard let value = request.header("Authorization"), value.lowercased().hasPrefix("basic "),
            let decoded = Data(base64Encoded: String(value.dropFirst(6)).trimmingCharacters(in: .whitespaces))
        else { throw .unauthenticated("no HTTP basic Authorization header") }
        let expected = Array("\(username):\(password)".utf8)
        guard HMACSignature.constantTimeEqual(Array(decoded), expected) else {
            throw .unauthenticated("wrong user name or password")
        }
    }

    /// Checks a signed Unix time against `now`.
    static func fresh(_ text: String, _ now: Date, _ window: TimeInterval) throws(InboundWebhookError) -> Date {
        guard let seconds = Int64(text), seconds > 0 else {
            throw .unauthenticated("the signed time '\(text)' is not a Unix time")
        }
        let signed = Date(timeIntervalSince1970: TimeInterval(seconds))
        guard abs(signed.timeIntervalSince(now)) <= window else {
            throw .stale(
                "signed at \(seconds), \(Int(now.timeIntervalSince(signed))) s from now (window \(Int(window)) s)"
            )
        }
        return signed
    }

    static func raw(
        _ request: WebhookRequest,
        _ credential: Credential,
        _ now: Date,
        _ window: TimeInterval
    ) throws(InboundWebhookError) -> Delivery {
        guard case .keys(let keys) = credential else { throw .unauthenticated("no keys for the raw route") }
        guard let header = request.header("Smiley-Signature") else {
            throw .unauthenticated("no Smiley-Signature header (t=UNIX-TIME,k=KEY-ID,v1=HEX)")
        }
        var parts: [String: String] = [:]
        for item in header.split(separator: ",") {
            let pair = item.split(separator: "=", maxSplits: 1)
            if pair.count == 2 { parts[pair[0].trimmingCharacters(in: .whitespaces)] = String(pair[1]) }
        }
        guard let time = parts["t"], let signature = parts["v1"], let keyText = parts["k"], let keyID = UInt8(keyText)
        else { throw .unauthenticated("the Smiley-Signature header needs t=, k= and v1=") }
        guard let key = keys[keyID] else {
            throw .unauthenticated("key id \(keyID) is not in this installation's ring")
        }
        let expected = HMACSignature.hex(
            HMACSignature.code(.sha256, key: key, message: Array("\(time).".utf8) + request.body)
        )
        guard HMACSignature.constantTimeEqual(Array(signature.lowercased().utf8), Array(expected.utf8)) else {
            throw .unauthenticated("the signature does not match the body")
        }
        let signed = try fresh(time, now, window)
        guard !request.body.isEmpty else { throw .malformed("the body is empty; post the whole message") }
        return Delivery(
            message: request.body,
            envelopeRecipient: request.header("Smiley-Envelope-Recipient"),
            rebuilt: false,
            replayKey: "raw/" + signature.lowercased(),
            signedAt: signed
        )
    }
}
