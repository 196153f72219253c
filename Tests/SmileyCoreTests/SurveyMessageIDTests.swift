import SmileyCore
import Testing

/// The survey Message-ID and the VERP return path: written and read by the same types.
@Suite("Survey Message-ID and VERP address")
struct SurveyMessageIDTests {
    @Test("a Message-ID written is read back, with and without brackets and variant")
    func roundTrip() throws {
        let recipient = RecipientID(rawValue: 0x00ab_cdef_0123_4567)
        for variant in [nil, "reminder"] {
            let id = SurveyMessageID(
                surveyID: "support-2024",
                recipientID: recipient,
                variant: variant,
                domain: "acme.example"
            )
            let text = id.description
            #expect(text.hasPrefix("smiley.support-2024.00abcdef01234567"))
            #expect(SurveyMessageID(parsing: text) == id)
            #expect(SurveyMessageID(parsing: "<\(text)>") == id)
        }
    }

    @Test(
        "other Message-IDs are not read as a survey's",
        arguments: [
            "<CAF=abc@mail.gmail.com>", "smiley.support@acme.example", "smiley.support.123@acme.example",
            "smiley..00abcdef01234567@acme.example", "smiley.s.00abcdef0123456g@acme.example",
            "smiley.s.00abcdef01234567.a.b@acme.example", "notsmiley.s.00abcdef01234567@acme.example",
            "smiley.s.00abcdef01234567",
        ]
    )
    func refused(text: String) {
        #expect(SurveyMessageID(parsing: text) == nil)
    }

    @Test("the VERP return path is a ReplyAddress with the bounces mailbox, read back as one")
    func verp() throws {
        let token = String(repeating: "A", count: RatingToken.encodedLength)
        let address = ReplyAddress.bounce(token: token, domain: "reply.example.com")
        #expect(address.address == "bounces+\(token)@reply.example.com")
        let parsed = try #require(ReplyAddress(parsing: address.address))
        #expect(parsed.isBounce && parsed.token == token)
        #expect(ReplyAddress(parsing: "Bounces+\(token)@reply.example.com")?.isBounce == true)
        #expect(ReplyAddress(parsing: "feedback+\(token)@reply.example.com")?.isBounce == false)
    }
}
