public import Foundation

@_implementationOnly import Crypto
@_implementationOnly import SwiftASN1
@_implementationOnly import X509
@_implementationOnly import _CryptoExtras

/// Amazon SNS played in tests: a certificate authority of its own, a signing key with a certificate that authority
/// issued (as SNS's are issued by Amazon's), and SNS's signatures (version 1: RSA with SHA-1, version 2: RSA with
/// SHA-256, PKCS #1 v1.5) over the text a test gives. Only Foundation types cross this module's edge, so a test
/// module never loads X509 (see Package.swift).
public struct TestSNSAuthority: Sendable {
    /// How the signing certificate is made.
    public enum Issuer: Sendable {
        /// Issued by the test CA (as SNS's are).
        case authority
        /// Self-signed: issuer and subject are the same name, signed with its own key.
        case itself
        /// A CA certificate issued by the test CA (basic constraints CA:TRUE), not a signing certificate.
        case authorityAsCA
    }

    /// The signing certificate, PEM-encoded, as SNS serves it at its SigningCertURL (the certificate alone).
    public let pem: String
    /// The test CA's certificate, PEM-encoded (append it to ``pem`` for a file that holds the chain).
    public let authorityPEM: String
    /// Another CA's certificate with the test CA's name, PEM-encoded: it did not issue ``pem``.
    public let impostorPEM: String
    /// The private key's DER bytes (PKCS #1).
    private let keyDER: Data

    /// A new key and a certificate for it, valid between the given dates.
    /// - Parameters:
    ///   - subject: the certificate's common name (and DNS name); SNS's is `sns.amazonaws.com`.
    ///   - issuer: who signs the certificate.
    public init(
        notValidBefore: Date = Date(timeIntervalSinceNow: -86_400),
        notValidAfter: Date = Date(timeIntervalSinceNow: 365 * 86_400),
        subject: String = "sns.amazonaws.com",
        issuer: Issuer = .authority
    ) throws {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let authority = try Self.authority.get()
        let name = try DistinguishedName {
            CountryName("US")
            OrganizationName("Amazon")
            CommonName(subject)
        }
        let leafExtensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            KeyUsage(digitalSignature: true, keyEncipherment: true)
            SubjectAlternativeNames([.dnsName(subject)])
        }
        // Self-signed: its own name and key; else the test authority's, with the leaf's extensions or a CA's.
        let issuerName = issuer == .itself ? name : authority.certificate.subject
        let issuerKey = issuer == .itself ? key : authority.key
        let extensions =
            issuer == .authorityAsCA
            ? try Certificate.Extensions { Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0)) }
            : leafExtensions
        let certificate = try Certificate(
            version: .v3,
            serialNumber: .init(),
            publicKey: .init(key.publicKey),
            notValidBefore: notValidBefore,
            notValidAfter: notValidAfter,
            issuer: issuerName,
            subject: name,
            signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: extensions,
            issuerPrivateKey: .init(issuerKey)
        )
        pem = try certificate.serializeAsPEM().pemString
        authorityPEM = try authority.certificate.serializeAsPEM().pemString
        impostorPEM = try Self.impostor.get().serializeAsPEM().pemString
        keyDER = key.derRepresentation
    }

    /// The base64 signature of `text` for SNS SignatureVersion `version` ("1": SHA-1, else SHA-256).
    public func sign(_ text: String, version: String) throws -> String {
        let key = try _RSA.Signing.PrivateKey(derRepresentation: keyDER)
        let data = Array(text.utf8)
        let signature =
            version == "1"
            ? try key.signature(for: Insecure.SHA1.hash(data: data), padding: .insecurePKCS1v1_5)
            : try key.signature(for: SHA256.hash(data: data), padding: .insecurePKCS1v1_5)
        return signature.rawRepresentation.base64EncodedString()
    }

    /// The test CA, made once per test process (an RSA key takes a while).
    private static let authority = Result(catching: makeAuthority)

    /// A CA with the same name and another key.
    private static let impostor = Result(catching: { try makeAuthority().certificate })

    private static func makeAuthority() throws -> (certificate: Certificate, key: _RSA.Signing.PrivateKey) {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let name = try DistinguishedName {
            CountryName("US")
            OrganizationName("Smiley Test")
            CommonName("Smiley Test RSA 2048 M01")
        }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: .init(),
            publicKey: .init(key.publicKey),
            notValidBefore: Date(timeIntervalSince1970: 900_000_000),
            notValidAfter: Date(timeIntervalSinceNow: 20 * 365 * 86_400),
            issuer: name,
            subject: name,
            signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                KeyUsage(keyCertSign: true)
            },
            issuerPrivateKey: .init(key)
        )
        return (certificate, key)
    }
}
