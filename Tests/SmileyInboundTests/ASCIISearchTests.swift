import Testing

@testable import SmileyInbound

/// The byte-level phrase search must answer exactly as `lowercased().contains` / `hasPrefix` would.
@Suite("ASCII phrase search")
struct ASCIISearchTests {
    static let texts: [String] = [
        "Delivery Status Notification (Failure)", "UNDELIVERABLE: your message", "undeliverable", "undeliverabl",
        "Mail delivery failed: returning message to sender", "  mail Delivery FAILED", "",
        "undeliverable\u{301}: combining mark cuts the match", "\u{212A}elvin sign: \u{212A}now failure",
        "know failure",
        "Réponse automatique : absent", "Re: undeliverable?", "failure notice\r\n", "ünd undeliverable ü",
        "\u{600}undeliverable with a prepend mark", "undeliverable\u{200D}joined",
    ]

    @Test(arguments: texts)
    func containsMatchesLowercasedContains(text: String) {
        for phrase: StaticString in [
            "undeliverable", "mail delivery failed", "failure", "know", "delivery status notification",
        ] {
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
        #expect(
            ASCIISearch.firstContained(
                in: "Réponse automatique : absent",
                of: ["out of office", "réponse automatique"]
            ) == "réponse automatique"
        )
        #expect(
            ASCIISearch.firstContained(in: "Out Of Office until Monday", of: ["abwesenheit", "out of office"])
                == "out of office"
        )
        #expect(ASCIISearch.firstContained(in: "Thanks!", of: ["out of office", "réponse automatique"]) == nil)
    }

    /// Non-ASCII phrases go through an NFC byte pre-check before the `Character` search: text written in other
    /// normal forms must still match, and a match that does not end on a `Character` boundary must not.
    @Test(arguments: [
        "Re\u{301}ponse automatique : absent",  // decomposed é
        "RÉPONSE AUTOMATIQUE",  // upper case
        "réponse automatique\u{301}",  // a mark after the last letter: no match by Characters
        "自動応答: 不在のお知らせ", "自動応答",
        "ｱｲｳ 自動返信",  // half-width kana, no match
        "Undeliverable: Ihre Nachricht", "nicht zustellbar", "Unzustellbar", "e\u{301}\u{301}",
        "ǅ Ǆ ǆ Ω Ω K k Å Å", "Abwesenheitsnotiz \u{1F600}", "",
    ])
    func firstContainedAgreesWithCharacterSearch(text: String) {
        let phrases = [
            "out of office", "réponse automatique", "自動応答", "不在", "unzustellbar", "abwesenheit",
            "é", "ω", "k", "å", "ǆ", "\u{1F600}",
        ]
        let reference = phrases.first { text.lowercased().contains($0) }
        #expect(ASCIISearch.firstContained(in: text, of: PhraseList(phrases)) == reference, "'\(text)'")
    }
}
