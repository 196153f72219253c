import Foundation
import SmileyCore
import Testing

@Suite("Signed rating tokens")
struct RatingTokenTests {
    let secretA: [UInt8] = Array(repeating: 0xA5, count: 32)
    let secretB: [UInt8] = Array(repeating: 0x5A, count: 32)
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    let recipient = Recipient(email: try! EmailAddress("jane.doe@example.com"), ticketID: "T-1042").id(
        inSurvey: "support"
    )

    @Test func roundTripKeepsEveryClaim() throws {
        let ring = try TokenKeyring(secrets: [1: secretA])
        let token = ring.sign(surveyID: "support", recipientID: recipient, issuedAt: now)
        #expect(token.count == RatingToken.encodedLength)
        let claims = try ring.verify(token, knownSurveyIDs: ["other", "support"], now: now.addingTimeInterval(60))
        #expect(claims.surveyID == "support")
        #expect(claims.recipientID == recipient)
        #expect(claims.issuedAt == now)
        #expect(claims.keyID == 1)
    }

    @Test func everyTamperedCharacterIsRefused() throws {
        let ring = try TokenKeyring(secrets: [1: secretA])
        let token = Array(ring.sign(surveyID: "support", recipientID: recipient, issuedAt: now))
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        for position in token.indices {
            var altered = token
            altered[position] = alphabet.first { $0 != token[position] }!
            #expect(throws: RatingTokenError.self, "altering position \(position) must be refused") {
                try ring.verify(String(altered), knownSurveyIDs: ["support"], now: now)
            }
        }
    }

    @Test func wrongSecretIsAForgery() throws {
        let signer = try TokenKeyring(secrets: [1: secretA])
        let verifier = try TokenKeyring(secrets: [1: secretB])
        let token = signer.sign(surveyID: "support", recipientID: recipient, issuedAt: now)
        let error = #expect(throws: RatingTokenError.self) {
            try verifier.verify(token, knownSurveyIDs: ["support"], now: now)
        }
        #expect(error?.isForged == true)
    }

    @Test func expiredTokenIsRefusedAndSaysSo() throws {
        let ring = try TokenKeyring(secrets: [1: secretA], maximumAge: 86_400)
        let token = ring.sign(surveyID: "support", recipientID: recipient, issuedAt: now)
        #expect(throws: Never.self) {
            try ring.verify(token, knownSurveyIDs: ["support"], now: now.addingTimeInterval(86_399))
        }
        let error = #expect(throws: RatingTokenError.self) {
            try ring.verify(token, knownSurveyIDs: ["support"], now: now.addingTimeInterval(86_401))
        }
        #expect(error?.isExpired == true)
    }

    @Test(arguments: [
        "", "short", String(repeating: "A", count: 41), String(repeating: "A", count: 400),
        String(repeating: "=", count: 40), "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n\r",
    ])
    func malformedTokensAreRefused(token: String) throws {
        let ring = try TokenKeyring(secrets: [1: secretA])
        let error = #expect(throws: RatingTokenError.self) {
            try ring.verify(token, knownSurveyIDs: ["support"], now: now)
        }
        #expect(error?.isMalformed == true)
    }

    @Test func rotationKeepsOldLinksWorkingAndSignsWithTheNewestKey() throws {
        let old = try TokenKeyring(secrets: [1: secretA])
        let rotated = try TokenKeyring(secrets: [1: secretA, 2: secretB])
        let oldToken = old.sign(surveyID: "support", recipientID: recipient, issuedAt: now)
        #expect(try rotated.verify(oldToken, knownSurveyIDs: ["support"], now: now).keyID == 1)
        let newToken = rotated.sign(surveyID: "support", recipientID: recipient, issuedAt: now)
        #expect(try rotated.verify(newToken, knownSurveyIDs: ["support"], now: now).keyID == 2)
        let retired = try TokenKeyring(secrets: [2: secretB])
        #expect(throws: RatingTokenError.self) { try retired.verify(oldToken, knownSurveyIDs: ["support"], now: now) }
    }

    @Test func tokenForOneSurveyDoesNotVerifyForAnother() throws {
        let ring = try TokenKeyring(secrets: [1: secretA])
        let token = ring.sign(surveyID: "support", recipientID: recipient, issuedAt: now)
        #expect(throws: RatingTokenError.self) { try ring.verify(token, knownSurveyIDs: ["sales"], now: now) }
    }

    @Test func shortSecretsAreRefused() {
        #expect(throws: TokenKeyringError.self) { try TokenKeyring(secrets: [1: Array(repeating: 1, count: 8)]) }
        #expect(throws: TokenKeyringError.self) { try TokenKeyring(secrets: [:]) }
    }

    @Test func secretFileRoundTrips() throws {
        let text = TokenKeyring.render(secrets: [1: secretA, 3: secretB])
        let ring = try TokenKeyring(secretFileContents: text)
        #expect(ring.signingKeyID == 3)
        #expect(throws: TokenKeyringError.self) { try TokenKeyring(secretFileContents: "1 not-base64!!\n") }
        #expect(throws: TokenKeyringError.self) { try TokenKeyring(secretFileContents: "# only a comment\n") }
    }

    @Test(arguments: RatingScale.allCases)
    func plusAddressWithRatingFitsTheLocalPartLimit(scale: RatingScale) throws {
        let ring = try TokenKeyring(secrets: [1: secretA])
        let token = ring.sign(surveyID: "support", recipientID: recipient, issuedAt: now)
        let survey = Survey(
            id: "support",
            scale: scale,
            sender: Sender(name: "Acme", address: try EmailAddress("help@acme.example")),
            replyDomain: "reply.acme.example",
            linkMode: .mailto
        )
        let links = SurveyLinks(survey: survey, token: token, subjectForMailto: "My rating")
        for (rating, url) in links.ratings {
            let address = ReplyAddress(survey: survey, token: token, rating: rating)
            #expect(address.address.split(separator: "@")[0].utf8.count <= 64)
            _ = try address.emailAddress()
            #expect(url.hasPrefix("mailto:\(address.address)?subject=My%20rating"))
            let parsed = try #require(ReplyAddress(parsing: address.address))
            #expect(parsed.token == token)
            #expect(Rating(scale: scale, code: parsed.ratingCode ?? "") == rating)
        }
        let unsubscribe = try #require(
            ReplyAddress(parsing: String(links.unsubscribeMailto.dropFirst("mailto:".count).prefix { $0 != "?" }))
        )
        #expect(unsubscribe.ratingCode == "unsubscribe")
        _ = try unsubscribe.emailAddress()
    }

    @Test func httpsLinksCarryTokenAndRating() throws {
        let ring = try TokenKeyring(secrets: [1: secretA])
        let token = ring.sign(surveyID: "support", recipientID: recipient, issuedAt: now)
        let survey = Survey(
            id: "support",
            scale: .csat5,
            sender: Sender(name: "Acme", address: try EmailAddress("help@acme.example")),
            replyDomain: "reply.acme.example",
            linkMode: .https(baseURL: "https://feedback.acme.example/")
        )
        let links = SurveyLinks(survey: survey, token: token, subjectForMailto: "")
        #expect(links.ratings.map(\.url) == (1...5).reversed().map { "https://feedback.acme.example/r/\(token)/\($0)" })
        #expect(links.oneClickUnsubscribeURL == "https://feedback.acme.example/u/\(token)")
    }
}
