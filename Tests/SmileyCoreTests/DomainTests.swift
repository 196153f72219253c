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

    /// The byte check of ASCII addresses agrees with the full check on every text it accepts, and refuses only what
    /// the full check refuses too: 200,000 random texts over an alphabet that reaches every rule (dots, dashes, '@',
    /// case, spaces, control and special characters, lengths around 63, 64 and 254), plus the edge cases by hand.
    @Test func asciiByteCheckAgreesWithTheFullCheck() {
        var generator = Seeded(state: 0x5EED_AD0D)
        var texts = [
            "a@b.c", "a@b..c", "a@.b.c", "a@b.c.", "a@b", "@b.c", "a.@b.c", ".a@b.c", "a..b@c.d", "a@-b.c", "a@b-.c",
            "A@B.C", " a@b.c\t", "a@@b.c", "a@b@c.d", String(repeating: "x", count: 64) + "@b.c",
            String(repeating: "x", count: 65) + "@b.c", "a@" + String(repeating: "y", count: 63) + ".c",
            "a@" + String(repeating: "y", count: 64) + ".c",
            String(repeating: "x", count: 60) + "@"
                + Array(repeating: String(repeating: "y", count: 60), count: 4).joined(separator: ".") + ".ab",
            String(repeating: "x", count: 60) + "@"
                + Array(repeating: String(repeating: "y", count: 60), count: 4).joined(separator: ".") + ".abc",
            "", " ", "a@b.c\u{301}", "\u{1}a@b.c",
        ]
        // Shaped like addresses (a local part, mostly an '@', labels joined by dots), each character drawn from an
        // alphabet of mostly allowed and some refused characters, so both sides of every rule are reached.
        let localAlphabet = Array("abcdXYZ0189.!#$%&'*+-/=?^_`{|}~ \t\"(),:;<>[\\]@é".unicodeScalars)
        let domainAlphabet = Array("abcdefxyzABXY0189--_. é@".unicodeScalars)
        func draw(_ alphabet: [Unicode.Scalar], _ count: Int) -> String {
            String(
                String.UnicodeScalarView(
                    (0..<count).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
                )
            )
        }
        func length(_ short: UInt64, long: Int) -> Int {
            generator.next() % 40 == 0 ? long - 2 + Int(generator.next() % 4) : Int(generator.next() % short)
        }
        for _ in 0..<200_000 {
            var text = draw(localAlphabet, length(6, long: 64))
            if generator.next() % 10 != 0 { text += "@" }
            let labels = Int(generator.next() % 4) + Int(generator.next() % 2)
            text += (0..<labels).map { _ in draw(domainAlphabet, length(5, long: 63)) }.joined(separator: ".")
            if generator.next() % 100 == 0 { text = String(repeating: "a", count: 200) + text }
            if generator.next() % 20 == 0 { text = " " + text + "\r\n" }
            texts.append(text)
        }
        var accepted = 0
        for text in texts {
            let full = try? EmailAddress.checked(text)
            guard let fast = EmailAddress.checkedASCII(text) else { continue }
            accepted += 1
            #expect(full?.local == fast.local && full?.domain == fast.domain, "\(text.debugDescription)")
        }
        #expect(accepted > 2_000, "the random texts reach accepted addresses too")
        // Every ASCII address the full check accepts, the byte check accepts (or the fast path would be dead).
        for text in texts where text.utf8.allSatisfy({ $0 < 0x80 }) {
            if (try? EmailAddress.checked(text)) != nil { #expect(EmailAddress.checkedASCII(text) != nil, "\(text)") }
        }
    }

    /// The byte switch of the ASCII check allows exactly the ASCII characters the full check allows.
    @Test func localPartBytesMatchTheFullRule() {
        for byte in UInt8(0)..<0x80 {
            let scalar = Unicode.Scalar(byte)
            let full = (try? EmailAddress.checked("a\(Character(scalar))b@example.com")) != nil
            #expect(EmailAddress.isAllowedInLocalPart(byte: byte) == full, "byte \(byte)")
        }
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
