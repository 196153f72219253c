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
        #expect(RuleBookPreparation.fieldOrder == QuoteHeaderField.allCases.sorted { $0.rawValue < $1.rawValue })
    }

    @Test("no scalar of the caseless blocks changes when lower-cased")
    func caseless() {
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value), QuoteRuleBook.isCaseless(scalar) else { continue }
            if scalar.properties.changesWhenLowercased { Issue.record("U+\(String(value, radix: 16)) has case") }
        }
    }

    @Test("the lower case by offset is Unicode's lower case, for every scalar it answers")
    func simpleLowercase() {
        var answered = 0
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value), let lower = QuoteRuleBook.simpleLowercase(scalar) else {
                continue
            }
            answered += 1
            if String(lower) != String(scalar).lowercased() { Issue.record("U+\(String(value, radix: 16)) differs") }
        }
        #expect(answered == 63 + 61 + 96)  // Latin-1 letters, basic Greek, basic Cyrillic
    }

    @Test("labels and introductions are found as a dictionary of the forms would find them, first form first")
    func phraseTables() {
        let book = QuoteRuleBook.shared
        var labels: [String: (field: QuoteHeaderField, forms: [Int])] = [:]
        var introductions: [String: Int] = [:]
        for (index, form) in QuoteForms.all.enumerated() {
            for line in form.introductions where introductions[QuoteRuleBook.normalized(Substring(line))] == nil {
                introductions[QuoteRuleBook.normalized(Substring(line))] = index
            }
            for field in RuleBookPreparation.fieldOrder {
                for (named, names) in form.fields where named == field {
                    for name in names {
                        let label = QuoteRuleBook.normalized(Substring(name))
                        if let known = labels[label] {
                            if known.forms.last != index { labels[label]!.forms.append(index) }
                        } else {
                            labels[label] = (field, [index])
                        }
                    }
                }
            }
        }
        #expect(book.labels.count == labels.count && book.introductions.count == introductions.count)
        for (label, expected) in labels {
            let found = book.labels[label.utf8]
            #expect(found?.field == expected.field && found?.forms == expected.forms, "\(label)")
        }
        for (line, form) in introductions { #expect(book.introductions[line.utf8] == form, "\(line)") }
        for missing in ["", "fro", "fromm", "from ", "zzzz", "\u{10FFFF}"] {
            #expect(book.labels[missing.utf8] == nil && book.introductions[missing.utf8] == nil, "\(missing)")
        }
    }

    @Test("phrase heads let through the lines that may start a phrase and turn others away")
    func phraseHeads() {
        let book = QuoteRuleBook.shared
        for phrase in book.signatures + book.signOffs + book.banners {
            let heads = [book.signatureHeads, book.signOffHeads, book.bannerHeads]
            #expect(heads.contains { $0.mayStart(Substring(phrase.phrase)) }, "\(phrase.phrase)")
        }
        #expect(book.signatureHeads.mayStart("Sent from my iPhone") && book.signOffHeads.mayStart("  Best regards,"))
        #expect(!book.signatureHeads.mayStart("Thanks for the quick fix") && !book.signOffHeads.mayStart("Zzz"))
    }

    @Test("an attribution pattern splits at every star, empty pieces kept")
    func patternPieces() {
        #expect(RuleBookPreparation.pieces(of: "on * wrote:") == ["on ", " wrote:"])
        #expect(RuleBookPreparation.pieces(of: "*さんは書きました:") == ["", "さんは書きました:"])
        #expect(RuleBookPreparation.pieces(of: "le * a écrit *:") == ["le ", " a écrit ", ":"])
        #expect(RuleBookPreparation.pieces(of: "**") == ["", "", ""])
        #expect(RuleBookPreparation.pieces(of: "no star") == ["no star"])
        #expect(RuleBookPreparation.pieces(of: "") == [""])
        for pattern in QuoteRuleBook.shared.patterns {
            #expect(pattern.pieces.count >= 2, "\(pattern.pieces)")
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
            texts += form.signatures + form.signOffs + form.banners + form.fields.flatMap(\.value)
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
