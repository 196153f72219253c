import Foundation
import Testing

@testable import SmileyInbound

/// `NormalizedText` answers `hasPrefix`/`hasSuffix` on bytes when they are the same answer: held to `String`'s own
/// answers (canonical equivalence, whole characters) for every phrase of the rule book, in NFC and decomposed, with
/// combining marks after it, and on every line of the shared public replies.
@Suite("Normalized text against the rule book's phrases")
struct NormalizedTextTests {
    /// Every phrase and attribution piece the matcher compares lines with.
    static let phrases: [String] = {
        let book = QuoteRuleBook.shared
        var all = (book.signatures + book.signOffs + book.banners + book.separators).map(\.phrase)
        all += book.patterns.flatMap(\.pieces).filter { !$0.isEmpty }
        return Array(Set(all)).sorted()
    }()

    /// What `String` answers: the rest after `phrase`, or nil.
    static func stringRest(_ text: String, after phrase: String) -> String? {
        text.hasPrefix(phrase) ? String(text.dropFirst(phrase.count)) : nil
    }

    static func check(_ text: String, against phrases: [String]) {
        let line = NormalizedText(text)
        for phrase in phrases {
            let rest = line.rest(after: phrase).map(String.init)
            let expected = Self.stringRest(text, after: phrase)
            #expect(rest == expected, "\(text.debugDescription) after \(phrase.debugDescription)")
            #expect(line.hasSuffix(phrase) == text.hasSuffix(phrase), "\(text.debugDescription) ends with \(phrase)")
        }
    }

    @Test("every scalar said to compare as its bytes is in NFC, of combining class 0 and joins nothing before it")
    func scalars() {
        var checked = 0
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value), NormalizedText.comparesAsBytes(scalar) else { continue }
            checked += 1
            let text = String(scalar)
            #expect(text.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(text.unicodeScalars))
            #expect(scalar.properties.canonicalCombiningClass == .notReordered)
            #expect(!scalar.properties.isGraphemeExtend)
            // Nothing composes with a letter before it, and no two such scalars are one character.
            for base in ["a", "e", "и", "か", "가"] {
                #expect((base + text).count == 2, "U+\(String(value, radix: 16)) joins \(base)")
                let pair = base + text
                #expect(pair.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(pair.unicodeScalars))
            }
        }
        #expect(checked > 30_000)
    }

    @Test("the rule book's phrases are in NFC, so byte equality with a line in NFC is equality")
    func phrasesInNFC() {
        #expect(Self.phrases.count > 400)
        for phrase in Self.phrases {
            #expect(
                phrase.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(phrase.unicodeScalars),
                "\(phrase.debugDescription) is not in NFC"
            )
        }
    }

    @Test("each phrase, decomposed or followed by a combining mark, reads as String reads it")
    func phraseVariants() {
        for phrase in Self.phrases {
            let decomposed = phrase.decomposedStringWithCanonicalMapping
            let texts = [
                phrase, phrase + " anna", phrase + ", anna", phrase + "\u{301} x", phrase + "\u{200D}",
                decomposed + " x", "x " + phrase, String(phrase.dropLast()), phrase + "é", phrase + "e\u{301}",
            ]
            for text in texts { Self.check(text, against: [phrase]) }
        }
    }

    @Test("every line of the shared public replies reads as String reads it")
    func sharedReplyLines() throws {
        let base = ClassifierFixtures.shared.appendingPathComponent("replies/cases")
        let walker = try #require(FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil))
        var lines = Set<String>()
        for case let url as URL in walker {
            guard let data = FileManager.default.contents(atPath: url.path), !url.hasDirectoryPath else { continue }
            for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
                lines.insert(QuoteRuleBook.normalized(line))
            }
        }
        #expect(lines.count > 1_500)
        // Each line against the phrases that open with its first scalar, and those it ends with.
        let byFirst = Dictionary(grouping: Self.phrases) { $0.unicodeScalars.first! }
        let byLast = Dictionary(grouping: Self.phrases) { $0.unicodeScalars.last! }
        for line in lines where !line.isEmpty {
            Self.check(line, against: byFirst[line.unicodeScalars.first!] ?? [])
            Self.check(line, against: byLast[line.unicodeScalars.last!] ?? [])
        }
    }
}
