import Foundation
import SmileyMIME
import Testing

@testable import SmileyInbound

/// The byte-level fast paths of the bounce reader must answer exactly as the `Character` and Foundation code
/// they replace, on every real message of the shared corpus: each test here runs the old code beside the new.
@Suite("Fast paths give the slow paths' answers")
struct FastPathEquivalenceTests {
    /// The readable text of every corpus message (what the bounce reader scans).
    static let texts: [String] = ClassifierFixtures.allFiles(under: "corpus").compactMap { path in
        guard let bytes = try? ClassifierFixtures.bytes(path) else { return nil }
        return MessageClassifier.readableText(ParsedMessage.parse(bytes))
    }

    /// Up to 400 lines of every text, split as the bounce reader used to split them.
    static let lines: [String] = texts.flatMap { text in
        characterLines(text).prefix(400).map(String.init)
    }

    /// Texts written to hit the edges: case, control characters, line ends, non-ASCII neighbours.
    static let edgeTexts: [String] = [
        "", "Final-Recipient: rfc822; a@b.example", "FINAL-RECIPIENT:", "final-recipient :", "x\r\nOriginal-Recipient:",
        "\u{0}\u{1}\u{7F}final-recipient:\u{8}", "<a@b> (EXPANDED FROM <c@d>)", "a@b (Generated From: c@d)",
        "ﬁnal-recipient: ligature", "final-recipient\u{301}: combining", "\u{212A} expanded from: kelvin",
        "Übermittlung: final-Recipient: x", "expanded fro", String(repeating: "(expanded from ", count: 3),
        "日本語 (Expanded From <a@b.example>)", "ü (expanded from\u{301} x)", "straße ﬁnal-recipient: x",
        "ſ \u{212A} \u{37E} \u{1FEF}",
        "é(generated ﬀrom", "ẞ generated from: ü", "é original-recipient :", "\u{FB06} é",
        String((0..<128).map { Character(UnicodeScalar(UInt8($0))) }),
    ]

    /// The old line split: `Character`s on "\n", "\r\n" and "\r".
    static func characterLines(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
    }

    /// `firstContained` scans once for all ASCII phrases and pre-checks the others as NFC bytes: on every line
    /// and edge text, with the bounce and out-of-office phrase lists, it must pick what `lowercased().contains`
    /// picks, first in list order.
    @Test("firstContained equals the first phrase lowercased().contains finds")
    func firstContainedEqualsCharacterSearch() {
        let lists = [BounceSignals.bodyPhrases, BounceSignals.subjectPhrases, AutoReplyDetector.subjectPhrases]
        var differences: [String] = []
        for text in Self.lines + Self.edgeTexts + ["Réponse automatique : ABWESEND", "自動応答 配信できません", "K\u{212A}"] {
            let lower = text.lowercased()
            for phrases in lists {
                let expected = phrases.phrases.first { lower.contains($0) }
                let found = ASCIISearch.firstContained(in: text, of: phrases)
                if found != expected {
                    differences.append("'\(text)': \(found ?? "nil") instead of \(expected ?? "nil")")
                }
            }
        }
        #expect(differences.isEmpty, "\(differences.prefix(5))")
        #expect(Self.lines.count > 10_000)
    }

    /// The out-of-office subject check used to lowercase the subject, trim it, and try each prefix with
    /// `hasPrefix` before the phrase search; it now trims first and compares bytes. Same answers, on every corpus
    /// line and subject and the edge texts, with leading brackets and spaces added too.
    @Test("outOfOfficePhrase equals lowercased().hasPrefix, then lowercased().contains")
    func outOfOfficePhraseEqualsCharacterSearch() {
        func reference(_ subject: String) -> String? {
            var text = Substring(subject.lowercased())
            while let first = text.first, first == " " || first == "[" || first == "*" || first == "(" || first == "\t"
            {
                text = text.dropFirst()
            }
            if let prefix = AutoReplyDetector.subjectPrefixes.phrases.first(where: { text.hasPrefix($0) }) {
                return prefix
            }
            return AutoReplyDetector.subjectPhrases.phrases.first { text.contains($0) }
        }
        let subjects =
            Self.subjects + Self.lines + Self.edgeTexts
            + AutoReplyDetector.subjectPrefixes.phrases.flatMap {
                [
                    $0, "[*] \($0.uppercased()): x", "\t(\($0.precomposedStringWithCanonicalMapping)",
                    $0.decomposedStringWithCanonicalMapping, "Re: \($0)", String($0.dropLast()),
                ]
            }
        var differences: [String] = []
        // The bounce check searches the subject as the out-of-office check trimmed it: the same answers.
        for subject in subjects
        where BounceSignals.subject(subject, searchText: AutoReplyDetector.subjectText(subject))
            != BounceSignals.subject(subject)
        {
            differences.append("bounce subject '\(subject)'")
        }
        for subject in subjects where AutoReplyDetector.outOfOfficePhrase(in: subject) != reference(subject) {
            differences.append(
                "'\(subject)': \(AutoReplyDetector.outOfOfficePhrase(in: subject) ?? "nil") instead of \(reference(subject) ?? "nil")"
            )
        }
        #expect(differences.isEmpty, "\(differences.prefix(5))")
        #expect(Self.subjects.count > 800)
    }

    /// The decoded Subject of every corpus message.
    static let subjects: [String] = ClassifierFixtures.allFiles(under: "corpus").compactMap { path in
        (try? ClassifierFixtures.bytes(path)).flatMap { ParsedMessage.parse($0).subject }
    }

    @Test("ReplyExtractor.splitLines gives the lines of the Character split")
    func splitLinesEqualsCharacterSplit() {
        let edges = ["", "\r", "\n", "\r\n", "a\r\r\nb", "\n\u{301}x", "é\r\n\u{301}", "x\r", "\u{1F600}\r\n\r"]
        for text in Self.texts + Self.edgeTexts + edges {
            #expect(ReplyExtractor.splitLines(text) == Self.characterLines(text), "\(text.prefix(80).debugDescription)")
        }
    }

    @Test("DeliveryStatusFields reads the groups the Character reader read")
    func deliveryStatusFieldsEqualCharacterReader() {
        func reference(_ bytes: [UInt8]) -> [[String]] {
            var groups: [[String]] = []
            var current: [(name: String, value: String)] = []
            func close() {
                if !current.isEmpty {
                    groups.append(current.map { "\($0.name)=\($0.value)" })
                    current = []
                }
            }
            for rawLine in Self.characterLines(String(decoding: bytes, as: UTF8.self)) {
                let line = String(rawLine)
                if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                    close()
                    continue
                }
                if line.first == " " || line.first == "\t" {
                    if !current.isEmpty { current[current.count - 1].value += " " + line.trimming(" \t") }
                    continue
                }
                guard let colon = line.firstIndex(of: ":") else { continue }
                let name = line[..<colon].trimming(" \t").lowercased()
                guard !name.isEmpty, !name.contains(" ") else { continue }
                current.append((name, line[line.index(after: colon)...].trimming(" \t")))
            }
            close()
            return groups
        }
        let statusBodies = ClassifierFixtures.allFiles(under: "corpus").flatMap { path in
            (try? ClassifierFixtures.bytes(path)).map {
                DeliveryStatusReport.parts(in: ParsedMessage.parse($0).root).map(\.body)
            } ?? []
        }
        let edges = [
            "Status: 5.1.1\r\n \u{301}continued\r\n\r\nAction: failed", "\u{C4}ction : x\n\tmore", "A B: c", " : x",
            "\r\r\n\n",
            "Final-Recipient: rfc822; a@b\n\u{A0}\nStatus: 4.0.0\r", "N\u{301}: v\n \n x",
        ]
        var differences: [String] = []
        for bytes in statusBodies + (Self.texts + Self.edgeTexts + edges).map({ Array($0.utf8) }) {
            let groups = DeliveryStatusFields(bytes).groups.map { $0.fields.map { "\($0.name)=\($0.value)" } }
            if groups != reference(bytes) { differences.append(String(decoding: bytes.prefix(120), as: UTF8.self)) }
        }
        #expect(differences.isEmpty, "\(differences.prefix(3))")
        #expect(statusBodies.count > 100)
    }

    @Test("the corpus is there")
    func corpusIsThere() {
        #expect(Self.texts.count > 900)
    }

    @Test("caseInsensitiveStart finds what Foundation's case-insensitive range(of:) finds")
    func caseInsensitiveStartMatchesFoundation() {
        let phrases: [StaticString] = ["final-recipient:", "original-recipient:"] + BounceTextParser.aliasMarkers
        for text in Self.edgeTexts + Self.texts + Self.lines {
            for phrase in phrases {
                let expected = text.range(of: phrase.description, options: .caseInsensitive)?.lowerBound
                #expect(
                    ASCIISearch.caseInsensitiveStart(of: phrase, in: text) == expected,
                    "\(phrase) in \(text.prefix(200))"
                )
            }
        }
    }

    @Test("ASCII detection eight bytes at a time")
    func isASCII() {
        for text in Self.edgeTexts + ["12345678é", "é12345678", "1234567é", String(repeating: "a", count: 17) + "ü"] {
            var copy = text
            #expect(copy.withUTF8 { ASCIISearch.isASCII($0) } == text.utf8.allSatisfy { $0 < 0x80 }, "\(text)")
        }
    }

    @Test("diagnosticLines splits and stops as the Character code did")
    func diagnosticLines() {
        for text in Self.edgeTexts + Self.texts {
            var expected: [String] = []
            for raw in Self.characterLines(text) {
                if Self.isOriginalMessageStartReference(raw) { break }
                expected.append(String(raw))
            }
            #expect(BounceTextScanner.diagnosticLines(of: text) == expected)
        }
    }

    @Test("isOriginalMessageStart: the marker words rule out only lines without markers")
    func originalMessageStart() {
        for line in Self.edgeTexts + Self.lines {
            #expect(
                BounceTextScanner.isOriginalMessageStart(Substring(line))
                    == Self.isOriginalMessageStartReference(Substring(line)),
                "\(line)"
            )
        }
    }

    /// ``BounceTextScanner/isOriginalMessageStart(_:)`` as it was: every marker searched.
    static func isOriginalMessageStartReference(_ line: Substring) -> Bool {
        if BounceTextScanner.headerStarts.contains(where: { line.lowercased().hasPrefix($0.description) }) {
            return true
        }
        guard BounceTextScanner.originalMarkers.contains(where: { line.lowercased().contains($0.description) }) else {
            return false
        }
        let trimmed = line.lowercased().trimming(" \t")
        let separator =
            trimmed.contains("---") || trimmed.contains("===") || trimmed.contains("***") || trimmed.contains("___")
        let announces =
            trimmed.hasSuffix("follows") || trimmed.hasSuffix("follows.") || trimmed.hasSuffix("follows:")
            || trimmed.hasSuffix("follow:") || trimmed.hasPrefix("below this line") || trimmed.hasSuffix(":")
        return separator || announces
    }

    @Test("address fields: a value without '@' or '+' gives no address holding one (what the field skips rely on)")
    func addressesNeedTheirBytesInTheField() throws {
        var values = Self.edgeTexts + ["=?utf-8?q?a=40b?= <c>", "\"a@b\" <x>", "a\\@b", "(a@b) c", "a+b", "<>"]
        for path in ClassifierFixtures.allFiles(under: "corpus") {
            let headers = ParsedMessage.parse(try ClassifierFixtures.bytes(path)).headers
            for field in headers.fields
            where ["from", "to", "cc", "reply-to", "sender", "delivered-to"].contains(field.key) {
                values.append(field.unfoldedValue)
                if let raw = headers.raw(field.name) { values.append(raw) }
            }
        }
        for value in values {
            let addresses = AddressParser.parse(value).map(\.address)
            if !value.utf8.contains(0x40) { #expect(!addresses.contains { $0.contains("@") }, "\(value)") }
            if !value.utf8.contains(0x2B) { #expect(!addresses.contains { $0.contains("+") }, "\(value)") }
        }
    }

    @Test("recipients: a line the '@' check passes over names no address")
    func linesWithoutAtSign() {
        for line in Self.edgeTexts + Self.lines + ["", "a@b.example", "\u{212A}@k.example", "caf\u{E9} @ x"] {
            #expect(BounceTextParser.hasAtSign(line) == line.unicodeScalars.contains("@"), "\(line)")
            if !BounceTextParser.hasAtSign(line) { #expect(BounceTextScanner.addresses(in: line).isEmpty, "\(line)") }
        }
    }

    @Test("format, permanence and delay phrases: byte search equals lowercased().contains")
    func phraseLists() {
        for text in Self.edgeTexts + Self.texts {
            let lower = text.lowercased()
            let format = BounceTextParser.formats.first { lower.contains($0.marker.description) }?.name ?? "text"
            #expect(BounceTextParser.format(of: text) == format)
            for phrase in BounceTextParser.permanentPhrases + BounceTextParser.delayPhrases
                + BounceTextParser.skippedLineContents
            {
                #expect(ASCIISearch.contains(text, phrase) == lower.contains(phrase.description), "\(phrase)")
            }
            #expect(
                BounceTextParser.isDelayWarning(subject: nil, text: text)
                    == BounceTextParser.delayPhrases.contains { lower.contains($0.description) }
            )
        }
    }

    @Test("skipped-line phrases: byte search equals Foundation's contains on each lowercased line")
    func skippedLineContents() {
        for line in Self.edgeTexts + Self.lines {
            let lower = line.lowercased().trimming(" \t>")
            for phrase in BounceTextParser.skippedLineContents {
                #expect(
                    ASCIISearch.contains(lower, phrase) == lower.contains(phrase.description),
                    "\(phrase) in \(line)"
                )
            }
        }
    }

    @Test("originalTo reads the same lines as the Character split")
    func originalTo() {
        for text in Self.texts {
            let lines = Self.characterLines(text)
            for skip in [0, 5, 20] {
                var expected: String?
                for line in lines.dropFirst(skip) where line.lowercased().hasPrefix("to:") {
                    let found = BounceTextScanner.addresses(in: String(line))
                    expected = found.count == 1 ? found[0] : nil
                    break
                }
                #expect(BounceTextParser.originalTo(in: text, after: skip) == expected)
            }
        }
    }
}
