public import Foundation
import Synchronization

/// Fetches a document over HTTPS: the SNS signing certificate, the URL that confirms a subscription. The server
/// gives libcurl's (SmileyMail); tests give their own, so no test reaches the network.
public protocol WebhookFetcher: Sendable {
    /// The body of a 2xx answer to a GET of `url` (an `https://` address already checked by the caller).
    func get(_ url: String) throws -> [UInt8]
}

/// Checks Amazon SNS messages as the SNS documentation says: the signing-certificate URL must be an SNS host over
/// https (checked before anything is fetched), the topic in the allow-list when there is one, the time within
/// ``maximumAge``, and the signature (version 1: RSA with SHA-1, version 2: RSA with SHA-256) over the message's
/// canonical string valid under the certificate's key. The certificate must be SNS's: valid when the message was
/// published and now, issued to `sns.amazonaws.com`, not self-signed, not a CA, and any chain its file holds must
/// hold (``SNSSigningCertificate``; SNS serves the certificate without its intermediate, so the chain to a root is
/// not built). Certificates are parsed with swift-certificates and kept by URL (SNS signs with few of them), so a
/// busy topic costs one fetch; a kept one is checked again for each message's time.
public final class SNSVerifier: Sendable {
    /// The topics whose messages are taken; nil takes any topic (any AWS account can then post here).
    public let topics: Set<String>?
    /// How old (seconds) a message may be: SNS retries a delivery with its original time and signature.
    public let maximumAge: TimeInterval
    private let fetcher: any WebhookFetcher
    private let certificates = SNSCertificateCache()

    /// A verifier.
    /// - Parameters:
    ///   - topics: the topic ARNs taken (nil: any).
    ///   - maximumAge: how old a message may be, in seconds.
    ///   - fetcher: how certificates are fetched.
    public init(topics: Set<String>?, maximumAge: TimeInterval = 3600, fetcher: any WebhookFetcher) {
        self.topics = topics
        self.maximumAge = maximumAge
        self.fetcher = fetcher
    }

    /// Whether `topic` is one whose messages are taken.
    public func allows(_ topic: String) -> Bool { topics?.contains(topic) ?? true }

    /// Reads and checks an SNS post.
    /// - Returns: the message, signed by SNS.
    /// - Throws: ``InboundWebhookError``: 400 for a body that is not an SNS message, 401 for a certificate URL that
    ///   is not SNS's, a bad signature or a stale time, 403 for a topic not allowed, 503 when the certificate
    ///   cannot be fetched now (SNS retries).
    public func verify(_ request: WebhookRequest, now: Date) throws(InboundWebhookError) -> SNSMessage {
        let message = try SNSMessage(body: request.body)
        if let type = request.header("x-amz-sns-message-type"), type != message.kind.rawValue {
            throw .malformed("the x-amz-sns-message-type header says \(type), the body \(message.kind.rawValue)")
        }
        guard SNSMessage.isSNSAddress(message.signingCertURL) else {
            throw .unauthenticated(
                "the signing certificate URL \(message.signingCertURL) is not an SNS host over https "
                    + "(https://sns.REGION.amazonaws.com/…); nothing was fetched"
            )
        }
        guard allows(message.topicARN) else {
            throw .forbidden("the topic \(message.topicARN) is not in server.webhooks.ses.topics")
        }
        guard let hash = SNSCertificateCache.Hash(rawValue: message.signatureVersion) else {
            throw .unauthenticated("SignatureVersion \(message.signatureVersion) is not 1 or 2")
        }
        guard let published = message.publishedAt else {
            throw .malformed("the Timestamp '\(message.timestamp)' is not an ISO 8601 time")
        }
        let age = now.timeIntervalSince(published)
        guard age <= maximumAge, age >= -300 else {
            throw .stale("published at \(message.timestamp), \(Int(age)) s ago (at most \(Int(maximumAge)) s)")
        }
        guard let signature = Data(base64Encoded: message.signature) else {
            throw .unauthenticated("the Signature is not base64")
        }
        guard
            try certificates.isValidSignature(
                signature,
                for: Array(message.canonicalString.utf8),
                hash: hash,
                certificateURL: message.signingCertURL,
                published: published,
                now: now,
                fetcher: fetcher
            )
        else { throw .unauthenticated("the SNS signature does not match the message (forged or altered)") }
        return message
    }
}
