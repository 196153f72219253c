import Crypto
import Foundation
import Testing

@testable import SmileyCore

/// Tokens and derived keys are a stored and mailed format: links already sent must keep verifying, and suppression
/// hashes and form values must not change with the code that computes them. Each is pinned to a literal and to
/// HMAC-SHA256 computed in one call over the documented message.
struct TokenKeyringKnownAnswerTests {
    let secret: [UInt8] = (0..<32).map { UInt8($0 * 7 + 3) }
    let issued = Date(timeIntervalSince1970: 1_790_000_000)
    let recipient = RecipientID(rawValue: 0x0123_4567_89ab_cdef)

    @Test func aTokenIsTheVersionTheKeyTheClaimsAndTwelveBytesOfTheirCode() throws {
        let ring = try TokenKeyring(secrets: [4: secret])
        let token = ring.sign(surveyID: "support", recipientID: recipient, issuedAt: issued)
        #expect(token == "AQShhgMIASNFZ4mrze9qsTuASOdtT8yfLWQaKFuo")
        var body: [UInt8] = [1, 4] + Array(SHA256.hash(data: Array("support".utf8)).prefix(4))
        body += withUnsafeBytes(of: recipient.rawValue.bigEndian, Array.init)
        body += withUnsafeBytes(of: UInt32(1_790_000_000).bigEndian, Array.init)
        let message = Array("smiley-rating-token-v1\u{0}support\u{0}".utf8) + body
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret))
        #expect(Base64URL.encode(body + Array(code.prefix(12))) == token)
        #expect(try ring.verify(token, knownSurveyIDs: ["support"], now: issued).recipientID == recipient)
        // What a verification keeps beyond the token: bytes 16-31 of the same code (a web page's form value).
        let verified = try ring.verifyKeepingCode(token, knownSurveys: .init(["support"]), now: issued)
        #expect(verified.unsentCode == Array(Array(code)[16..<32]))
        #expect(verified.unsentCode.map { String(format: "%02x", $0) }.joined() == "6b71ff5546acafb8ad877fb92ff61cf0")
        #expect(verified.claims == (try ring.verify(token, knownSurveyIDs: ["support"], now: issued)))
    }

    @Test func aDerivedKeyIsTheCodeOfItsPurposeUnderTheSecret() throws {
        let ring = try TokenKeyring(secrets: [4: secret, 9: secret.reversed()])
        let derived = try #require(ring.derivedKey(purpose: "web-form\u{0}abc", keyID: 4))
        #expect(
            derived.map { String(format: "%02x", $0) }.joined()
                == "ce293d7bf60d51fa157b80c0d160574abc5ac434773239753b2a2d9a24939e80"
        )
        for id: UInt8 in [4, 9] {
            let key = SymmetricKey(data: id == 4 ? secret : secret.reversed())
            let expected = HMAC<SHA256>.authenticationCode(
                for: Array("smiley-derived-key-v1\u{0}suppression".utf8),
                using: key
            )
            #expect(ring.derivedKey(purpose: "suppression", keyID: id) == Array(expected))
            #expect(ring.derivedKeys(purpose: "suppression")[id] == Array(expected))
        }
        #expect(ring.derivedKey(purpose: "suppression", keyID: 5) == nil)
    }
}
