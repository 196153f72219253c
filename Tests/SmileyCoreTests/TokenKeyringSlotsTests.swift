import Foundation
import Testing

@testable import SmileyCore

/// The keyring's keys by id (256 slots), tokens signed and verified under each, and the secret file's errors.
struct TokenKeyringSlotsTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    let recipient = RecipientID(rawValue: 0x0123_4567_89ab_cdef)

    static func secret(_ byte: UInt8) -> [UInt8] { Array(repeating: byte, count: 32) }

    @Test func theHighestIdSignsAndEveryIdVerifies() throws {
        let ids: [UInt8] = [0, 7, 200, 255]
        let ring = try TokenKeyring(secrets: Dictionary(uniqueKeysWithValues: ids.map { ($0, Self.secret($0 ^ 0x5A)) }))
        #expect(ring.signingKeyID == 255)
        for id in ids {
            let token = ring.sign(RatingToken(surveyID: "support", recipientID: recipient, issuedAt: now, keyID: id))
            let claims = try ring.verify(token, knownSurveyIDs: ["support"], now: now)
            #expect(claims.keyID == id && claims.recipientID == recipient)
            // Any sequence of survey ids reads the token the same way.
            let fromSet = try ring.verify(token, knownSurveyIDs: Set(["support", "other"]), now: now)
            let fromLazy = try ring.verify(token, knownSurveyIDs: ["support"].lazy.map { $0 }, now: now)
            #expect(fromSet == claims && fromLazy == claims)
        }
        let single = try TokenKeyring(secrets: [7: Self.secret(1)])
        let foreign = ring.sign(RatingToken(surveyID: "support", recipientID: recipient, issuedAt: now, keyID: 200))
        #expect(throws: RatingTokenError.unknownKey(200)) {
            try single.verify(foreign, knownSurveyIDs: Set(["support"]), now: now)
        }
        #expect(ring.derivedKeys(purpose: "x").keys.sorted() == ids)
    }

    @Test func theSecretFileFillsTheSlotsAndRefusesRepeatsAndShortKeys() throws {
        let secrets: [UInt8: [UInt8]] = [3: Self.secret(3), 250: Self.secret(250)]
        let ring = try TokenKeyring(secretFileContents: TokenKeyring.render(secrets: secrets))
        #expect(ring.signingKeyID == 250)
        #expect(ring.derivedKeys(purpose: "p") == (try TokenKeyring(secrets: secrets)).derivedKeys(purpose: "p"))
        let repeated = TokenKeyring.render(secrets: secrets) + "3 " + Data(Self.secret(9)).base64EncodedString() + "\n"
        #expect(throws: TokenKeyringError(reason: "line 5 repeats key id 3")) {
            try TokenKeyring(secretFileContents: repeated)
        }
        #expect(throws: TokenKeyringError(reason: "key 9 is 4 bytes; at least 16 are needed")) {
            try TokenKeyring(secrets: [2: Self.secret(2), 9: [1, 2, 3, 4]])
        }
        #expect(throws: TokenKeyringError(reason: "the keyring holds no key")) {
            try TokenKeyring(secretFileContents: "# nothing\n")
        }
    }

    @Test func aSecretFileWithCRLFLineEndsAndExtraSpacesReadsTheSame() throws {
        let secrets: [UInt8: [UInt8]] = [3: Self.secret(3), 250: Self.secret(250)]
        let plain = TokenKeyring.render(secrets: secrets)
        let windows = plain.replacingOccurrences(of: "\n", with: "\r\n").replacingOccurrences(of: "3 ", with: " 3   ")
        let ring = try TokenKeyring(secretFileContents: windows)
        #expect(ring.signingKeyID == 250)
        #expect(
            ring.derivedKeys(purpose: "p") == (try TokenKeyring(secretFileContents: plain)).derivedKeys(purpose: "p")
        )
        #expect(throws: TokenKeyringError(reason: "line 2 is not 'KEY-ID BASE64-SECRET'")) {
            try TokenKeyring(secretFileContents: "# a key\r\n3 not base64 at all\r\n")
        }
    }
}
