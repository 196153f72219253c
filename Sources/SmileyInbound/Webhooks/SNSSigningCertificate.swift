import Foundation
import Synchronization

// Implementation-only, so that no module importing SmileyInbound loads X509 (which imports CoreFoundation and so
// makes C structs such as `stat` look like CoreFoundation's to MemberImportVisibility: `internal import` is not
// enough, clients of a module built without library evolution still load its imports). No X509 type is part of
// the layout of a type outside this file: certificates live in ``SNSCertificateCache``, behind a class reference.
// This is the only file of SmileyInbound that imports X509 and SwiftASN1.
@_implementationOnly import SwiftASN1
@_implementationOnly import X509

/// The signing certificates fetched so far, by URL (SNS signs with few), each with any chain its file holds; and
/// the signature check under them.
final class SNSCertificateCache: Sendable {
    /// The hash of an SNS SignatureVersion: 1 is RSA with SHA-1, 2 RSA with SHA-256.
    enum Hash: String, Sendable {
        case sha1 = "1"
        case sha256 = "2"
    }

    private let entries = Mutex<[String: [Certificate]]>([:])

    /// Whether `signature` over `text` is valid under the certificate at `certificateURL` (kept, else fetched),
    /// once the certificate passes ``SNSSigningCertificate``'s checks for a message published at `published`.
    /// - Throws: ``InboundWebhookError``: 401 for a certificate refused, 503 when it cannot be fetched.
    func isValidSignature(
        _ signature: Data,
        for text: [UInt8],
        hash: Hash,
        certificateURL url: String,
        published: Date,
        now: Date,
        fetcher: any WebhookFetcher
    ) throws(InboundWebhookError) -> Bool {
        let chain: [Certificate]
        if let known = entries.withLock({ $0[url] }), let leaf = known.first, leaf.notValidAfter > now {
            chain = known
        } else {
            let bytes: [UInt8]
            do { bytes = try fetcher.get(url) } catch {
                throw .unavailable("the SNS signing certificate \(url) could not be fetched: \(error)")
            }
            guard let parsed = SNSSigningCertificate.parse(bytes) else {
                throw .unauthenticated("\(url) is not an X.509 certificate (PEM or DER)")
            }
            chain = parsed
        }
        if let problem = SNSSigningCertificate.problem(chain, url: url, published: published, now: now) {
            throw .unauthenticated(problem)
        }
        entries.withLock { cache in
            if cache[url] == nil, cache.count >= 32 { cache.removeAll() }
            cache[url] = chain
        }
        return chain[0].publicKey.isValidSignature(
            signature,
            for: text,
            signatureAlgorithm: hash == .sha1 ? .sha1WithRSAEncryption : .sha256WithRSAEncryption
        )
    }
}

/// What Smiley requires of an SNS signing certificate, beyond the https SNS host it was fetched from.
///
/// AWS asks to check that the certificate was issued to Amazon SNS and that its chain of trust is valid. SNS serves
/// the signing certificate alone (`SimpleNotificationService-….pem` holds the leaf, not the intermediate that
/// issued it), and the intermediates (Amazon RSA 2048 M0x) are not in the system's trust store, which holds roots;
/// so the chain cannot be completed offline, and a validator that insists on it refuses every real SNS message (the
/// Go library go.sns had to revert such a check, issue #8). What is checked instead:
/// - the certificate is valid both when the message was published and now;
/// - it is issued to SNS: its common name or a DNS name is `sns.amazonaws.com` (or the host it was fetched from);
/// - it is not self-signed (issuer and subject equal: what a forger makes) and not a CA certificate;
/// - any further certificates the file holds form the chain: each issued the one before it (its subject is that
///   one's issuer, its key verifies that one's signature), is a CA, and is valid at the same times.
///
/// The trust itself rests on the fetch: https with the peer and host verified (``WebhookFetcher``), from an SNS
/// host only (``SNSMessage/isSNSAddress(_:)``).
enum SNSSigningCertificate {
    /// The name SNS's signing certificates are issued to.
    static let signingName = "sns.amazonaws.com"

    /// The certificates of a PEM file (the signing certificate first, then any chain), or of one DER certificate;
    /// nil when the bytes hold neither.
    static func parse(_ bytes: [UInt8]) -> [Certificate]? {
        let text = String(decoding: bytes, as: UTF8.self)
        if text.contains("-----BEGIN") {
            guard let documents = try? PEMDocument.parseMultiple(pemString: text) else { return nil }
            let certificates = documents.filter { $0.discriminator == "CERTIFICATE" }.compactMap {
                try? Certificate(derEncoded: $0.derBytes)
            }
            return certificates.isEmpty ? nil : certificates
        }
        return (try? Certificate(derEncoded: bytes)).map { [$0] }
    }

    /// Why `chain` (fetched from `url`) cannot sign a message published at `published`, checked at `now`; nil when
    /// it can.
    static func problem(_ chain: [Certificate], url: String, published: Date, now: Date) -> String? {
        guard let leaf = chain.first else { return "\(url) holds no certificate" }
        if let problem = validity(leaf, published: published, now: now) {
            return "the SNS signing certificate \(url) \(problem)"
        }
        let host = URLComponents(string: url)?.host?.lowercased() ?? signingName
        let names = self.names(leaf)
        guard names.contains(signingName) || names.contains(host) else {
            return "the certificate \(url) is issued to \(names.sorted().joined(separator: ", ")), not to "
                + "\(signingName): it is not an SNS signing certificate"
        }
        if leaf.issuer == leaf.subject {
            return "the certificate \(url) is self-signed; SNS's signing certificates are issued by a certificate "
                + "authority"
        }
        let constraints: BasicConstraints?
        do { constraints = try leaf.extensions.basicConstraints } catch {
            return "the certificate \(url) has basic constraints that cannot be read"
        }
        if case .isCertificateAuthority = constraints {
            return "the certificate \(url) is a CA certificate; it is not a signing certificate"
        }
        for (child, issuer) in zip(chain, chain.dropFirst()) {
            guard issuer.subject == child.issuer, issuer.publicKey.isValidSignature(child.signature, for: child)
            else {
                return "\(url) holds a chain that is broken: \(issuer.subject) did not issue \(child.subject)"
            }
            guard case .isCertificateAuthority = try? issuer.extensions.basicConstraints else {
                return "\(url) holds a chain whose issuer \(issuer.subject) is not a certificate authority"
            }
            if let problem = validity(issuer, published: published, now: now) {
                return "the issuer \(issuer.subject) in \(url) \(problem)"
            }
        }
        return nil
    }

    /// Whether the certificate covers both times.
    private static func validity(_ certificate: Certificate, published: Date, now: Date) -> String? {
        for (time, what) in [(published, "when the message was published"), (now, "now")]
        where !(certificate.notValidBefore <= time && time < certificate.notValidAfter) {
            return "is valid from \(certificate.notValidBefore) to \(certificate.notValidAfter), not \(what) (\(time))"
        }
        return nil
    }

    /// The certificate's common names and DNS names, lowercased.
    private static func names(_ certificate: Certificate) -> Set<String> {
        var names: Set<String> = []
        for rdn in certificate.subject {
            for attribute in rdn where attribute.type == .RDNAttributeType.commonName {
                if let name = String(attribute.value) { names.insert(name.lowercased()) }
            }
        }
        if let alternatives = try? certificate.extensions.subjectAlternativeNames {
            for case .dnsName(let name) in alternatives { names.insert(name.lowercased()) }
        }
        return names
    }
}
