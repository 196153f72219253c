@testable import SmileyInbound
import Testing

/// The byte-level phrase search must answer exactly as `lowercased().contains` / `hasPrefix` would.
@Suite("ASCII phrase search")
struct ASCIISearchTests {
    static let texts: [String] = [
        "Delivery Status Notification (Failure)", "UNDELIVERABLE: your message", "undeliverable", "undeliverabl",
        "Mail delivery failed: returning message to sender", "  mail Delivery FAILED", "",
        "undeliverable\u{301}: combining mark cuts the match", "\u{212A}elvin sign: \u{212A}now failure", "know failure",
        "Réponse automatique : absent", "Re: undeliverable?", "failure notice\r\n", "ünd undeliverable ü",
        "\u{600}undeliverable with a prepend mark", "undeliverable\u{200D}joined",
    ]

    @Test(arguments: texts)
    func containsMatchesLowercasedContains(text: String) {
        for phrase: StaticString in ["undeliverable", "mail delivery failed", "failure", "know", "delivery status notification"] {
            let expected = text.lowercased().contains(phrase.description)
            #expect(ASCIISearch.contains(text, phrase) == expected, "'\(text)' contains '\(phrase)'")
        }
    }

    @Test(arguments: texts)
    func hasPrefixMatchesLowercasedHasPrefix(text: String) {
        for phrase: StaticString in ["undeliverable", "re:", "mail delivery", "know"] {
            let expected = text.lowercased().hasPrefix(phrase.description)
            #expect(ASCIISearch.hasPrefix(text, phrase) == expected, "'\(text)' has prefix '\(phrase)'")
        }
    }

    @Test func firstContainedFindsNonASCIIPhrasesToo() {
        #expect(ASCIISearch.firstContained(in: "Réponse automatique : absent", of: ["out of office", "réponse automatique"]) == "réponse automatique")
        #expect(ASCIISearch.firstContained(in: "Out Of Office until Monday", of: ["abwesenheit", "out of office"]) == "out of office")
        #expect(ASCIISearch.firstContained(in: "Thanks!", of: ["out of office", "réponse automatique"]) == nil)
    }
}
