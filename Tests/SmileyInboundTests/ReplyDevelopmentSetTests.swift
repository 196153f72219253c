import Testing

@testable import SmileyInbound

/// A development set of survey replies, hand-written for Smiley (not taken from other projects' fixtures): short
/// customer comments about an IT support ticket, followed by the quote header, separator, header block or app
/// signature a real client writes in that language, and the quoted survey.
///
/// Each case names the language (a BCP 47 tag; its ISO 639-1 part is what `ReplyCut.language` must say), the client
/// and the form, and expects the reply text and the rule of the first cut that is not `.quotedLines`. A case whose
/// rule is `.quotedLines` expects no other cut. This file holds the "wrote" attributions, the dated addresses and
/// the wrapped, bottom-posted and invisible-character cases; `ReplyDevelopmentSetTests+Outlook.swift` holds the
/// separators, header blocks, forwarding introductions and app signatures.
struct ReplyDevelopmentSetTests {
    typealias Case = (
        language: String, client: String, form: String, body: String, expected: String, rule: ReplyCut.Rule
    )

    static let cases: [Case] =
        attributionCases + moreAttributionCases + datedAddressCases + wrappedAndBottomPostedCases + separatorCases
        + headerBlockCases
        + introductionCases + signatureCases

    /// The rules whose cut names the language of the form that matched.
    static let languageRules: Set<ReplyCut.Rule> = [.attribution, .separator, .introduction, .headerBlock, .signature]

    /// Languages whose clients write the very same words ("skrev", "Fra:/Sendt:/Til:/Emne:", "Sendt fra min iPad",
    /// "napisao je", "menulis"), so a cut may fairly name any of them.
    static let sameWording: [Set<String>] = [["da", "no", "nb", "nn", "sv"], ["hr", "bs", "sr"], ["id", "ms"]]

    static func acceptedLanguages(for tag: String) -> Set<String> {
        let code = String(tag.prefix { $0 != "-" })
        return sameWording.first { $0.contains(code) } ?? [code]
    }

    @Test("Development set: reply text and first cut", arguments: ReplyDevelopmentSetTests.cases.indices)
    func developmentCase(_ index: Int) {
        let example = Self.cases[index]
        let name = "#\(index) \(example.language) \(example.client): \(example.form)"
        let reply = ReplyExtractor.extract(fromPlainText: example.body)
        #expect(reply.text == example.expected, "\(name)")

        let cut = reply.cuts.first { $0.rule != .quotedLines }
        guard example.rule != .quotedLines else {
            #expect(cut == nil, "\(name): expected no cut but quoted lines, got \(String(describing: cut))")
            return
        }
        #expect(cut?.rule == example.rule, "\(name): first cut \(String(describing: cut))")
        if Self.languageRules.contains(example.rule) {
            let accepted = Self.acceptedLanguages(for: example.language)
            #expect(
                cut.map { accepted.contains($0.language ?? "") } == true,
                "\(name): expected language in \(accepted.sorted()), first cut \(String(describing: cut))"
            )
        } else {
            #expect(cut?.language == nil, "\(name): a language-neutral rule named \(String(describing: cut?.language))")
        }
    }
}
