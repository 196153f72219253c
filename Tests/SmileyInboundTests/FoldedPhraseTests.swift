import Foundation
import Testing

@testable import SmileyInbound

/// The lexicons are folded once; matching a folded phrase must answer as folding its characters at each
/// comparison did.
@Suite("Rating phrases folded once")
struct FoldedPhraseTests {
    /// The matcher before phrases were folded once.
    static func referenceMatch(_ scanner: RatingScanner, _ phrase: String, at start: Int) -> Int? {
        var index = start
        for character in phrase {
            if character == " " {
                guard index < scanner.characters.count, scanner.characters[index].isWhitespace else { return nil }
                while index < scanner.characters.count, scanner.characters[index].isWhitespace { index += 1 }
                continue
            }
            guard index < scanner.characters.count, scanner.folded[index] == RatingScanner.fold(character) else {
                return nil
            }
            index += 1
        }
        if index < scanner.characters.count, let last = phrase.last, last.isLetter || last.isNumber {
            let next = scanner.characters[index]
            if next.isLetter || next.isNumber || next == "'" || next == "’" { return nil }
        }
        return index
    }

    @Test("every lexicon phrase matches where the character-folding matcher matched, on corpus and hand-made replies")
    func foldedMatchEqualsReference() {
        let phrases = RatingLexicon.all.flatMap { lexicon in
            lexicon.phrases.map(\.phrase) + lexicon.negationsLongestFirst + lexicon.intensifiers + lexicon.exclusions
                + lexicon.labels
        }
        let replies =
            FastPathEquivalenceTests.texts.map { String($0.prefix(200)) } + [
                "Sehr gut!", "TRÈS BIEN", "tres bien", "Très  bien", "Not  good", "ok\u{301}", "Muy bien, gracias",
                "GOED",
                "Zeer goed", "ÉXCELLENT", "très\u{A0}bien", "pas terrible", "Good morning", "", "   ",
            ]
        var compared = 0
        for reply in replies {
            let scanner = RatingScanner(reply)
            for start in 0..<min(scanner.characters.count, 3) {
                for phrase in phrases {
                    compared += 1
                    #expect(
                        scanner.match(phrase, at: start) == Self.referenceMatch(scanner, phrase.text, at: start),
                        "\(phrase.text) in \(reply.prefix(40))"
                    )
                }
            }
        }
        #expect(compared > 100_000)
    }

    @Test("an ASCII phrase folded byte by byte equals the same phrase folded character by character")
    func asciiFoldingEqualsCharacterFolding() {
        var texts = RatingLexicon.all.flatMap { lexicon in
            lexicon.phrases.map(\.phrase.text) + lexicon.negationsLongestFirst.map(\.text) + lexicon.labels.map(\.text)
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...12, using: &generator)
            texts.append(
                String(
                    (0..<length).map { _ in Character(Unicode.Scalar(UInt8.random(in: 0x09...0x7E, using: &generator)))
                    }
                )
            )
        }
        for text in texts where text.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
            let fast = FoldedPhrase(text)
            #expect(fast.folded == text.map { $0 == " " ? nil : RatingScanner.fold($0) }, "\(text)")
            #expect(fast.count == text.count, "\(text)")
            #expect(fast.endsInLetterOrNumber == (text.last.map { $0.isLetter || $0.isNumber } ?? false), "\(text)")
        }
    }

    @Test("the Latin table folds U+00C0…U+017F exactly as Foundation's case- and diacritic-insensitive folding does")
    func latinTableEqualsFoundation() {
        for value in UInt32(0xC0)...0x17F {
            let character = Character(Unicode.Scalar(value)!)
            let foundation = String(character).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            #expect(RatingScanner.fold(character) == foundation, "U+\(String(value, radix: 16))")
        }
        #expect(RatingScanner.fold("e\u{301}") == "e", "a decomposed accent still folds, through Foundation")
    }
}
