import Foundation
import Testing

@testable import SmileyCore

@Suite("Addresses, ratings and configuration")
struct DomainTests {
    @Test(arguments: [
        "jane@example.com", "Jane.Doe+tag@Sub.Example.co.uk", "o'brien@example.ie", "jürgen@beispiel.de",
        " padded@example.com ",
    ])
    func acceptsRealAddresses(text: String) throws {
        let address = try EmailAddress(text)
        #expect(address.domain == address.domain.lowercased())
        #expect(!address.description.contains(" "))
    }

    @Test(arguments: [
        ("", "empty"), ("jane", "no '@'"), ("@example.com", "before the '@'"), ("jane@localhost", "no dot"),
        ("jane@exa mple.com", "host name"), ("ja ne@example.com", "not allowed"),
        ("jane@example.com\r\nBcc: x@y.z", "not allowed"),
        ("jane..doe@example.com", "dots"), ("jane@-example.com", "host name"),
    ])
    func refusesMalformedAddressesSayingWhy(text: String, reason: String) {
        let error = #expect(throws: EmailAddressError.self) { try EmailAddress(text) }
        #expect(error?.description.contains(reason) == true, "\(error?.description ?? "no error")")
    }

    @Test(arguments: [
        ("  Grüße \r\n", "Grüße"), ("\t\n", ""), ("", ""), ("é", "é"), ("plain", "plain"),
        (" a b ", "a b"), ("\r\nCafé au lait\t", "Café au lait"), ("日本 ", "日本"),
    ])
    func trimsASCIIWhitespaceOnly(input: String, expected: String) {
        #expect(input.trimmingASCIIWhitespace() == expected)
        #expect("\u{00A0}x\u{00A0}".trimmingASCIIWhitespace() == "\u{00A0}x\u{00A0}")  // not ASCII whitespace
    }

    @Test func ratingCodesRoundTripOnEveryScale() {
        for scale in RatingScale.allCases {
            for value in scale.values {
                let rating = Rating(scale: scale, value: value)!
                #expect(Rating(scale: scale, code: rating.code) == rating)
            }
            #expect(Rating(scale: scale, value: scale.values.upperBound + 1) == nil)
        }
        #expect(Rating(scale: .smiley, code: "5") == nil)
        #expect(Rating(scale: .nps, code: "positive") == nil)
        #expect(Rating(scale: .nps, code: "100") == nil)
    }

    @Test func sentimentBucketsFollowSmileBackAndNPS() {
        #expect(Rating(scale: .nps, value: 9)!.sentiment == .positive)
        #expect(Rating(scale: .nps, value: 8)!.sentiment == .neutral)
        #expect(Rating(scale: .nps, value: 6)!.sentiment == .negative)
        #expect(Rating(scale: .csat5, value: 4)!.sentiment == .positive)
        #expect(Rating(scale: .csat5, value: 3)!.sentiment == .neutral)
        #expect(Rating(scale: .smiley, code: "negative")!.sentiment == .negative)
    }

    @Test func recipientIDIsStableAndCaseInsensitiveInTheAddress() throws {
        let a = Recipient(email: try EmailAddress("Jane@Example.com"), ticketID: "T-1").id(inSurvey: "s")
        let b = Recipient(email: try EmailAddress("jane@example.com"), ticketID: "T-1").id(inSurvey: "s")
        let c = Recipient(email: try EmailAddress("jane@example.com"), ticketID: "T-2").id(inSurvey: "s")
        #expect(a == b)
        #expect(a != c)
        #expect(a.description.count == 16)
    }

    let validConfig = """
        { "secretFile": "smiley.secret", "baseURL": "https://feedback.acme.example",
          "surveys": [ { "id": "support", "fromName": "Acme Support", "fromAddress": "help@acme.example",
                         "replyDomain": "reply.acme.example", "links": "https", "scale": "csat5", "locale": "de" } ] }
        """

    @Test func parsesADocumentedConfig() throws {
        let config = try SmileyConfig.parse(Data(validConfig.utf8), path: "smiley.json")
        let survey = try config.survey(id: "support")
        #expect(survey.scale == .csat5)
        #expect(survey.locale == "de")
        #expect(survey.linkMode == .https(baseURL: "https://feedback.acme.example"))
        #expect(config.dataDirectory == "data")
        #expect(config.tokenMaxAgeDays == 90)
    }

    @Test(arguments: [
        ("{", "not valid JSON"),
        (#"{"surveys": [{"id": "x"}]}"#, "'fromName' is missing in surveys[0]"),
        (
            #"{"surveys": [{"id": "a b", "fromName": "A", "fromAddress": "a@b.example", "replyDomain": "r.example"}]}"#,
            "surveys[0].id"
        ),
        (
            #"{"surveys": [{"id": "a", "fromName": "A", "fromAddress": "nope", "replyDomain": "r.example"}]}"#,
            "surveys[0].fromAddress"
        ),
        (
            #"{"surveys": [{"id": "a", "fromName": "A", "fromAddress": "a@b.example", "replyDomain": "r.example", "links": "https"}]}"#,
            "baseURL"
        ),
        (
            #"{"surveys": [{"id": "a", "fromName": "A", "fromAddress": "a@b.example", "replyDomain": "r.example", "template": "../etc"}]}"#,
            "plain folder name"
        ),
        (#"{"secretFile": "", "surveys": []}"#, "smiley init"),
        (
            #"{"surveys": [{"id": "a", "fromName": "A", "fromAddress": "a@b.example", "replyDomain": "r.example"}, {"id": "a", "fromName": "A", "fromAddress": "a@b.example", "replyDomain": "r.example"}]}"#,
            "used twice"
        ),
    ])
    func badConfigsNameTheSettingAndTheFile(json: String, expected: String) {
        let error = #expect(throws: ConfigError.self) {
            let config = try SmileyConfig.parse(Data(json.utf8), path: "conf/smiley.json")
            for entry in config.surveys { _ = try config.survey(id: entry.id) }
        }
        #expect(error?.description.hasPrefix("conf/smiley.json: ") == true)
        #expect(error?.description.contains(expected) == true, "\(error?.description ?? "no error")")
    }

    @Test(arguments: ["../x", "/etc/passwd", "a/b", ".hidden", "", "a\\b", "a\u{0}b"])
    func templateNamesCannotEscapeTheirFolder(name: String) {
        #expect(!TemplateName.isSafe(name))
    }
}
