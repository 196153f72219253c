import Foundation
import Testing

@testable import SmileyInbound

/// The shortcuts that made the fuzz harnesses faster must answer exactly as the plain readings they replaced:
/// the phrase search that passes over eight bytes at a time, space normalizing that copies runs of characters
/// whole, a line's normalized form shared by the checks that read it, and characters folded when first read.
@Suite("Scan shortcuts give the plain answers")
struct ScanShortcutTests {
    /// Phrases starting with a letter, with `k` (KELVIN SIGN), and with a non-letter.
    static let phrases: [StaticString] = [
        "undeliverable", "k", "know", "kelvin", "@", "(expanded from", "5.1.1", "permanent error", "from",
    ]

    /// Texts holding the phrases at every offset from 0 to 19 (so at each place in an eight-byte word), in upper
    /// and lower case, after ASCII, after non-ASCII, followed by a combining mark, and with a KELVIN SIGN.
    static let texts: [String] = {
        let pieces = [
            "UNDELIVERABLE", "undeliverable", "Undeliverabl", "\u{212A}now", "KNOW", "\u{212A}elvin", "kelvi",
            "@", "(Expanded from <a@b>", "5.1.1", "Permanent Error", "FROM", "from\u{301}", "é(expanded from",
            "\u{600}from", "x", "",
        ]
        var texts: [String] = []
        for piece in pieces {
            for offset in 0..<20 {
                texts.append(String(repeating: "a", count: offset) + piece)
                texts.append(String(repeating: "ü", count: offset / 2) + piece + " tail of the line")
                texts.append(String(repeating: "-", count: offset) + piece + String(repeating: "z", count: offset))
            }
        }
        return texts
    }()

    @Test("contains and hasPrefix equal lowercased().contains and hasPrefix at every offset")
    func phraseSearch() {
        for text in Self.texts {
            for phrase in Self.phrases {
                #expect(
                    // firstRange, not contains: with Foundation imported, contains is NSString's search.
                    ASCIISearch.contains(text, phrase)
                        == (text.lowercased().firstRange(of: phrase.description) != nil),
                    "'\(text)' contains '\(phrase)'"
                )
                #expect(
                    ASCIISearch.hasPrefix(text, phrase) == text.lowercased().hasPrefix(phrase.description),
                    "'\(text)' has prefix '\(phrase)'"
                )
            }
        }
    }

    @Test("caseInsensitiveStart equals Foundation's case-insensitive range at every offset")
    func caseInsensitiveStart() {
        for text in Self.texts {
            for phrase: StaticString in ["(expanded from", "from", "@", "5.1.1"] {
                let expected = text.range(of: phrase.description, options: .caseInsensitive)?.lowerBound
                #expect(ASCIISearch.caseInsensitiveStart(of: phrase, in: text) == expected, "'\(text)' '\(phrase)'")
            }
        }
    }

    @Test("characters folded when first read equal folding them all up front")
    func lazyFolding() {
        for text in ["Très bien 👍", "SEHR GUT", "", "ǅemal ß Straße", "١٢٣ ★★★"] {
            let scanner = RatingScanner(text)
            let upFront = scanner.characters.map(RatingScanner.fold)
            #expect(scanner.folded[0..<scanner.characters.count] == upFront, "\(text)")
            for index in scanner.characters.indices.reversed() { #expect(scanner.folded[index] == upFront[index]) }
        }
    }
}
