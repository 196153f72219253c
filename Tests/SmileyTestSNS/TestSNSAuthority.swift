public import Foundation

@_implementationOnly import Crypto
@_implementationOnly import SwiftASN1
@_implementationOnly import X509
@_implementationOnly import _CryptoExtras

/// Amazon SNS played in tests: an RSA key of its own and a self-signed certificate for it, and SNS's signatures
/// (version 1: RSA with SHA-1, version 2: RSA with SHA-256, PKCS #1 v1.5) over the text a test gives. Only
/// Foundation types cross this module's edge, so a test module never loads X509 (see Package.swift).
public struct TestSNSAuthority: Sendable {
    /// The certificate, PEM-encoded, as SNS serves it at its SigningCertURL.
    public let pem: String
    /// The private key's DER bytes (PKCS #1).
    private let keyDER: Data

    /// A new key and a certificate valid between the given dates.
    public init(
        notValidBefore: Date = Date(timeIntervalSinceNow: -86_400),
        notValidAfter: Date = Date(timeIntervalSinceNow: 365 * 86_400)
    ) throws {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let name = try DistinguishedName { CommonName("sns.amazonaws.com") }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: .init(),
            publicKey: .init(key.publicKey),
            notValidBefore: notValidBefore,
            notValidAfter: notValidAfter,
            issuer: name,
            subject: name,
            signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: .init(),
            issuerPrivateKey: .init(key)
        )
        pem = try certificate.serializeAsPEM().pemString
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
}
