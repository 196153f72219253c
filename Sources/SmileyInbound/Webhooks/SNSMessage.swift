public import Foundation

/// An Amazon SNS message as SNS posts it to an HTTPS subscription (a `text/plain` JSON envelope): a notification,
/// or the confirmation of a subscription or of its end. Reading it checks nothing; ``SNSVerifier`` checks the
/// signature over ``canonicalString``.
public struct SNSMessage: Sendable, Hashable {
    /// What SNS posts.
    public enum Kind: String, Sendable {
        /// A message published to the topic (for SES: the receipt notification).
        case notification = "Notification"
        /// SNS asks the endpoint to confirm a new subscription by fetching ``SNSMessage/subscribeURL``.
        case subscriptionConfirmation = "SubscriptionConfirmation"
        /// SNS tells the endpoint its subscription was deleted.
        case unsubscribeConfirmation = "UnsubscribeConfirmation"
    }

    /// The message's type.
    public var kind: Kind
    /// SNS's id of this message; a retry carries the same id.
    public var messageID: String
    /// The topic the message was published to.
    public var topicARN: String
    /// The published text (for SES, the notification's JSON).
    public var message: String
    /// When SNS published it, as sent (ISO 8601).
    public var timestamp: String
    /// The notification's subject, when it has one.
    public var subject: String?
    /// `1` (RSA with SHA-1) or `2` (RSA with SHA-256).
    public var signatureVersion: String
    /// The base64 signature.
    public var signature: String
    /// Where the signing certificate is.
    public var signingCertURL: String
    /// The URL that confirms a subscription (confirmations only).
    public var subscribeURL: String?
    /// The confirmation token (confirmations only).
    public var token: String?

    /// Reads the JSON envelope of a request's body.
    /// - Throws: ``InboundWebhookError`` (400) naming the first field missing, or saying the body is not JSON.
    public init(body: [UInt8]) throws(InboundWebhookError) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw .malformed("an SNS post is a JSON object (Content-Type text/plain); this body is not one")
        }
        func field(_ name: String) throws(InboundWebhookError) -> String {
            guard let value = object[name] as? String, !value.isEmpty else { throw .missingField(name) }
            return value
        }
        let type = try field("Type")
        guard let kind = Kind(rawValue: type) else {
            throw .malformed("the SNS message type '\(type)' is not Notification or a (Un)SubscriptionConfirmation")
        }
        self.kind = kind
        messageID = try field("MessageId")
        topicARN = try field("TopicArn")
        message = try field("Message")
        timestamp = try field("Timestamp")
        signatureVersion = try field("SignatureVersion")
        signature = try field("Signature")
        signingCertURL = try field("SigningCertURL")
        subject = (object["Subject"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        if kind == .notification {
            subscribeURL = nil
            token = nil
        } else {
            subscribeURL = try field("SubscribeURL")
            token = try field("Token")
        }
    }

    /// The text SNS signs, as its documentation lists it for each type: name and value lines, in this order.
    public var canonicalString: String {
        var pairs: [(String, String?)] = [("Message", message), ("MessageId", messageID)]
        if kind == .notification {
            pairs += [("Subject", subject), ("Timestamp", timestamp), ("TopicArn", topicARN), ("Type", kind.rawValue)]
        } else {
            pairs += [
                ("SubscribeURL", subscribeURL), ("Timestamp", timestamp), ("Token", token), ("TopicArn", topicARN),
                ("Type", kind.rawValue),
            ]
        }
        return pairs.reduce(into: "") { text, pair in
            if let value = pair.1 { text += "\(pair.0)\n\(value)\n" }
        }
    }

    /// When SNS published the message, or nil when ``timestamp`` is not an ISO 8601 time.
    public var publishedAt: Date? {
        // The Swift ISO 8601 parser, not `ISO8601DateFormatter`: that one goes through CoreFoundation's calendar
        // and locale set-up, where AddressSanitizer caught a free of memory CF never allocated (webhook fuzzing).
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(timestamp))
            ?? (try? Date.ISO8601FormatStyle().parse(timestamp))
    }

    /// Whether `text` is an address SNS serves: `https://sns.REGION.amazonaws.com/…` (or `.amazonaws.com.cn`),
    /// no user, no other port. A signing-certificate or subscribe URL anywhere else is refused before fetching.
    public static func isSNSAddress(_ text: String) -> Bool {
        guard let url = URLComponents(string: text), url.scheme?.lowercased() == "https", url.user == nil,
            url.password == nil, url.port == nil || url.port == 443, let host = url.host?.lowercased()
        else { return false }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        let tail = Array(labels.dropFirst(2))
        guard labels.count >= 4, labels[0] == "sns",
            tail == ["amazonaws", "com"] || tail == ["amazonaws", "com", "cn"]
        else { return false }
        let region = labels[1]
        return !region.isEmpty && region.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
    }
}
