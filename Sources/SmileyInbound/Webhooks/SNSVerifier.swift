public import Foundation
import Synchronization

// Implementation-only, so that no module importing SmileyInbound loads X509 (which imports CoreFoundation and so
// makes C structs such as `stat` look like CoreFoundation's to MemberImportVisibility). No X509 type is part of
// any SmileyInbound type's layout: certificates live in ``SNSCertificateCache``, behind a class reference.
@_implementationOnly import SwiftASN1
@_implementationOnly import X509

/// Fetches a document over HTTPS: the SNS signing certificate, the URL that confirms a subscription. The server
/// gives libcurl's (SmileyMail); tests give their own, so no test reaches the network.
public protocol WebhookFetcher: Sendable {
    /// The body of a 2xx answer to a GET of `url` (an `https://` address already checked by the caller).
    func get(_ url: String) throws -> [UInt8]
}

/// Checks Amazon SNS messages as the SNS documentation says: the signing-certificate URL must be an SNS host over
/// https (checked before anything is fetched), the topic in the allow-list when there is one, the time within
/// ``maximumAge``, and the signature (version 1: RSA with SHA-1, version 2: RSA with SHA-256) over the message's
/// canonical string valid under the certificate's key. Certificates are parsed with swift-certificates and kept
/// by URL (SNS signs with few of them), so a busy topic costs one fetch.
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
        let algorithm: Certificate.SignatureAlgorithm
        switch message.signatureVersion {
        case "1": algorithm = .sha1WithRSAEncryption
        case "2": algorithm = .sha256WithRSAEncryption
        default: throw .unauthenticated("SignatureVersion \(message.signatureVersion) is not 1 or 2")
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
        let certificate = try self.certificate(message.signingCertURL, now: now)
        guard
            certificate.publicKey.isValidSignature(
                signature,
                for: Array(message.canonicalString.utf8),
                signatureAlgorithm: algorithm
            )
        else { throw .unauthenticated("the SNS signature does not match the message (forged or altered)") }
        return message
    }

    /// The certificate at `url`: from the cache, else fetched, parsed and checked for its validity dates.
    private func certificate(_ url: String, now: Date) throws(InboundWebhookError) -> Certificate {
        if let known = certificates.entries.withLock({ $0[url] }), known.notValidAfter > now { return known }
        let bytes: [UInt8]
        do { bytes = try fetcher.get(url) } catch {
            throw .unavailable("the SNS signing certificate \(url) could not be fetched: \(error)")
        }
        let certificate: Certificate
        do {
            certificate = try Certificate(pemEncoded: String(decoding: bytes, as: UTF8.self))
        } catch {
            do { certificate = try Certificate(derEncoded: bytes) } catch {
                throw .unauthenticated("\(url) is not an X.509 certificate (PEM or DER)")
            }
        }
        guard certificate.notValidBefore <= now, now < certificate.notValidAfter else {
            throw .unauthenticated(
                "the SNS signing certificate \(url) is valid from \(certificate.notValidBefore) "
                    + "to \(certificate.notValidAfter), not now"
            )
        }
        certificates.entries.withLock { cache in
            if cache.count >= 32 { cache.removeAll() }
            cache[url] = certificate
        }
        return certificate
    }
}

/// The signing certificates fetched so far, by URL (SNS signs with few).
final class SNSCertificateCache: Sendable {
    let entries = Mutex<[String: Certificate]>([:])
}
