import Foundation
import Testing

@testable import SmileyInbound

/// The normal form every quote rule reads lines in, built from bytes since 4 December (it was most of a process's
/// start-up), held to the plain version it replaced: scalars appended to a String, `isWhitespace` asked of each,
/// and the whole string lower-cased at the end.
@Suite("Quote normal form")
struct QuoteNormalFormTests {
    /// The normal form as it was first written.
    static func reference(_ line: Substring) -> String {
        var result = ""
        var pendingSpace = false
        for scalar in line.unicodeScalars {
            if QuoteRuleBook.isInvisible(scalar) { continue }
            if scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            let isColon = scalar == ":" || scalar == "\u{FF1A}"
            if pendingSpace && !isColon { result.unicodeScalars.append(" ") }
            pendingSpace = false
            result.unicodeScalars.append(isColon ? ":" : scalar)
        }
        return result.lowercased()
    }

    @Test("the rule book claims labels field by field in the order of the fields' names")
    func fieldOrder() {
        #expect(QuoteRuleBook.fieldOrder == QuoteHeaderField.allCases.sorted { $0.rawValue < $1.rawValue })
    }

    @Test("no scalar of the caseless blocks changes when lower-cased")
    func caseless() {
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value), QuoteRuleBook.isCaseless(scalar) else { continue }
            if scalar.properties.changesWhenLowercased { Issue.record("U+\(String(value, radix: 16)) has case") }
        }
    }

    @Test("the whitespace switch is Unicode's White_Space property, scalar for scalar")
    func whitespace() {
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if QuoteRuleBook.isWhitespace(scalar) != scalar.properties.isWhitespace {
                Issue.record("U+\(String(value, radix: 16)) differs")
            }
        }
    }

    @Test("every form's strings and every line of the shared replies read as before")
    func agreesWithTheReference() throws {
        var texts: [String] = [
            "ΣΟΦΊΑ Σ:", "İSTANBUL ı", "Straße ẞ", "Ｄｅ：", "De\u{00A0}:", "\u{200B}Von\u{2009}:\u{FEFF}", "ǅ ǈ ǋ",
            "Ａ\u{3000}Ｂ", "Ⅻ Ⓐ", "𐐀𐐨", "Ǆemal", "\u{1680}x\u{2028}y\u{2029}", "  \t\r\n", "",
        ]
        for form in QuoteForms.all {
            texts += form.attributions + form.bareAttributions + form.separators + form.introductions
            texts += form.signatures + form.signOffs + form.banners + form.fields.values.flatMap { $0 }
        }
        let cases = ClassifierFixtures.shared.appendingPathComponent("replies/cases")
        let files = try #require(FileManager.default.enumerator(at: cases, includingPropertiesForKeys: nil))
        var read = 0
        for case let file as URL in files where file.pathExtension == "txt" {
            let text = String(decoding: try Data(contentsOf: file), as: UTF8.self)
            texts += text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            read += 1
        }
        #expect(read > 100, "the shared replies were not found under \(cases.path)")
        var differing = 0
        for text in texts where QuoteRuleBook.normalized(Substring(text)) != Self.reference(Substring(text)) {
            differing += 1
            if differing <= 5 { Issue.record("differs: \(text.debugDescription)") }
        }
        #expect(differing == 0)
        #expect(texts.count > 4_000)
    }
}
