import Foundation
import Testing

@testable import SmileyCore

/// The hashes beside the HMACs: SHA-256 against the FIPS 180-2 vectors, and the `connectwise` trigger scheme's HMAC
/// key, which is the SHA-256 of ConnectWise's signing key.
struct HMACSignatureTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func sha256MatchesTheStandardVectors(message: String, digest: String) {
        #expect(HMACSignature.hex(HMACSignature.sha256(Array(message.utf8))) == digest)
    }

    @Test func theConnectWiseKeyIsTheSHA256OfTheSigningKey() {
        let key = TriggerSettings.Signature.connectwiseHMACKey(signingKey: "abc")
        #expect(key == HMACSignature.sha256(Array("abc".utf8)))
        #expect(key.count == 32)
    }

    @Test func hmacSHA256MatchesRFC4231() {
        // RFC 4231, test case 2.
        let code = HMACSignature.code(
            .sha256,
            key: Array("Jefe".utf8),
            message: Array("what do ya want for nothing?".utf8)
        )
        #expect(HMACSignature.hex(code) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func hexIsTwoLowerCaseDigitsForEveryByte() {
        let bytes = (0...255).map { UInt8($0) }
        #expect(HMACSignature.hex(bytes) == bytes.map { String(format: "%02x", $0) }.joined())
        #expect(HMACSignature.hex([]) == "")
    }
}
