import Foundation
import SmileyCore
import SmileyMIME
import Testing

@testable import SmileyInbound

/// The quote-header knowledge as data (``QuoteForms``) and what the one matcher makes of it.
@Suite("Quote forms and their rule book")
struct QuoteRuleBookTests {
    /// The languages the forms must cover: the 25 most used by mail clients in Europe, the Americas and East Asia,
    /// and the ones the issue names.
    static let requiredLanguages: Set<String> = [
        "en", "de", "fr", "nl", "es", "it", "pt", "ca", "sv", "da", "no", "fi", "et", "pl", "cs", "sk", "hu", "ro",
        "hr", "el", "tr", "ru", "uk", "bg", "ja", "zh", "ko", "ar",
    ]

    @Test("every required language has forms, each form names its client and source")
    func coverage() {
        let languages = Set(QuoteForms.all.map(\.language))
        #expect(
            Self.requiredLanguages.subtracting(languages).isEmpty,
            "missing: \(Self.requiredLanguages.subtracting(languages))"
        )
        #expect(languages.count >= 25)
        for form in QuoteForms.all {
            #expect(!form.client.isEmpty && form.source.count >= 20, "\(form.language): client and source")
            let total =
                form.attributions.count + form.bareAttributions.count + form.separators.count
                + form.introductions.count + form.fields.count + form.signatures.count
            #expect(total > 0, "\(form.language) \(form.client) holds no form")
        }
    }

    @Test("patterns have a wildcard; a label names one field in every language that writes it")
    func consistency() {
        for form in QuoteForms.all {
            for pattern in form.attributions + form.bareAttributions {
                #expect(pattern.contains("*"), "\(form.language): \(pattern) has no `*`")
                #expect(pattern.hasSuffix(":") || pattern.hasSuffix("----"), "\(form.language): \(pattern)")
            }
        }
        var fieldOfLabel: [String: (QuoteHeaderField, String)] = [:]
        for form in QuoteForms.all {
            for (field, labels) in form.fields {
                for label in labels {
                    let key = QuoteRuleBook.normalized(Substring(label))
                    if let known = fieldOfLabel[key] {
                        #expect(
                            known.0 == field,
                            "'\(label)' is \(known.0) in \(known.1), \(field) in \(form.language)"
                        )
                    } else {
                        fieldOfLabel[key] = (field, form.language)
                    }
                }
            }
        }
    }

    @Test(
        "a line is read in one normal form: invisible characters out, spaces collapsed, lower case, no space before a colon",
        arguments: [
            ("\u{FEFF}De :  Marie", "de: marie"), ("  Von:\u{A0}Ann ", "von: ann"), ("件名：テスト", "件名:テスト"),
            ("On Tue,\u{202F}Mar 12 wrote :", "on tue, mar 12 wrote:"), ("\u{200B}\u{200B}", ""),
            ("ÉTÉ\t\tÉté", "été été"), ("A\u{200F}B", "ab"),
        ]
    )
    func normalForm(line: String, expected: String) {
        #expect(QuoteRuleBook.normalized(Substring(line)) == expected)
    }

    @Test("ASCII lines are normalized on their bytes exactly as the scalar path would")
    func asciiPathAgrees() {
        for line in ["  From : John  Doe ", "On Mon, 12 Mar 2024 at 10:04, X <x@y.z> wrote:", "\tA\u{0B}b\u{0C}c :"] {
            let viaBytes = QuoteRuleBook.normalized(Substring(line))
            // The same line with a non-ASCII invisible character appended goes through the scalar path.
            let viaScalars = QuoteRuleBook.normalized(Substring(line + "\u{200B}"))
            #expect(viaBytes == viaScalars, "\(line.debugDescription)")
        }
    }

    @Test("a header block's language is the one that writes most of its labels")
    func headerBlockLanguage() {
        let spanish =
            "Gracias.\n\nDe: Soporte <s@acme.example>\nEnviado el: martes\nPara: Ana\nAsunto: Encuesta\n\nTexto"
        #expect(ReplyExtractor.extract(fromPlainText: spanish).cuts.first?.language == "es")
        let czech = "Díky.\n\nOd: Podpora <s@acme.example>\nOdesláno: úterý\nKomu: Jan\nPředmět: Anketa\n\nText"
        #expect(ReplyExtractor.extract(fromPlainText: czech).cuts.first?.language == "cs")
    }

    @Test("smiley inspect's JSON names the rules that cut the reply: rule, language, client and line")
    func inspectShowsCuts() throws {
        let message = """
            From: Anna <anna@example.se>
            To: feedback@reply.example.com
            Subject: Re: How did we do?
            Content-Type: text/plain; charset=utf-8

            Bra, tack!

            Den tis 12 mars 2024 kl 10:04 skrev Acme Support <support@acme.example>:
            > How did we do?
            """
        let keyring = try TokenKeyring(secrets: [0: TokenKeyring.generateSecret()])
        let interpretation = Interpreter(keyring: keyring, surveys: []).interpret(
            ParsedMessage.parse(Array(message.utf8)),
            envelopeRecipient: nil
        )
        #expect(interpretation.replyText == "Bra, tack!")
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(interpretation)) as? [String: Any]
        let cuts = try #require(json?["replyCuts"] as? [[String: Any]])
        let first = try #require(cuts.first)
        #expect(first["rule"] as? String == "attribution")
        #expect(first["language"] as? String == "sv")
        #expect((first["client"] as? String)?.contains("Gmail") == true)
        #expect(first["line"] as? Int == 3, "the third line of the body")
        #expect((first["text"] as? String)?.hasPrefix("Den tis 12 mars 2024") == true)
    }

    @Test("a signature phrase inside a sentence is text; alone on its line it is cut")
    func signatureOnlyAlone() {
        let inside = "Sent from my desk, so I could not test the printer yet.\nThanks"
        #expect(ReplyExtractor.extract(fromPlainText: inside).text == inside)
        let alone = "Works again, thanks.\n\nSendt fra min iPad"
        let reply = ReplyExtractor.extract(fromPlainText: alone)
        #expect(reply.text == "Works again, thanks.")
        #expect(reply.cuts.map(\.rule) == [.signature])
    }

    @Test("a sign-off keeps itself and the name; the signature block below goes; thanks in a sentence is text")
    func signOff() {
        let block = "The printer works.\n\nMit freundlichen Grüßen\n\nMax Muster\nIT-Leiter\nTel. +49 30 1234567"
        let reply = ReplyExtractor.extract(fromPlainText: block)
        #expect(reply.text == "The printer works.\n\nMit freundlichen Grüßen\n\nMax Muster")
        #expect(reply.cuts.map(\.rule) == [.signOff])
        let sentence = "Best wishes to the whole team for the quick fix.\nAnna"
        #expect(ReplyExtractor.extract(fromPlainText: sentence).text == sentence)
    }

    @Test("a footer under a short rule goes; a rule inside the text with no footer below stays")
    func footerRule() {
        let footer = "Solved, thank you.\n\n---\nYou received this because you are subscribed.\nhttps://lists.example/x"
        #expect(ReplyExtractor.extract(fromPlainText: footer).text == "Solved, thank you.")
        let text = "Rating: good\n---\nThe technician was on time."
        #expect(ReplyExtractor.extract(fromPlainText: text).text == text)
    }

    @Test("a gateway's external-sender warning at the top goes with its paragraph")
    func banner() {
        let body =
            "CAUTION: This email originated from outside of the organization.\nDo not click links.\n\nAll good now."
        let reply = ReplyExtractor.extract(fromPlainText: body)
        #expect(reply.text == "All good now.")
        #expect(reply.cuts.first?.rule == .banner)
    }
}
