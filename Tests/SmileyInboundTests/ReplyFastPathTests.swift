import Testing

@testable import SmileyInbound

/// ``ReplyExtractor`` keeps ordinary ASCII lines after one byte pass; with and without that fast path it must
/// extract the same reply from every real message and from lines written to sit on the edges of each marker.
@Suite("Reply extraction: ASCII fast path")
struct ReplyFastPathTests {
    /// Lines next to every rule: quotes, attributions (also wrapped), separators, header blocks, signatures.
    static let edgeLines: [String] = [
        "> quoted", "  \t> quoted", "On Mon, 4 Mar 2024 at 10:00, Ann <ann@example.com> wrote:", "On Monday Ann",
        "wrote:", "on tue", "ON  TUE,\tJohn <j@x.example>", "Am 4. März 2024 um 10:00 schrieb Ann <a@b.example>:",
        "am 4.3.2024 schrieb", "Le lun. 4 mars 2024 à 10:00, Ann <a@b.example> a écrit :",
        "2024-03-04 10:00 GMT Ann <a@b.example>:",
        "2024", "user@example.com", "@", "-----Original Message-----", "--", "-- ", " -- ", "---", "==",
        "== Forwarded message ==",
        "________________________________", "___________________", "_____ _____ _____ _____",
        "From: Ann <a@b.example>", "*From:* Ann", "**From** : Ann", "from :", "FROM\t:x", "Von: Ann", "De: Ann",
        "Van: Ann",
        "Da: Ann", "Od: Ann", "Date: today", "Data: x", "Sent: Monday", "To: Bob", "Subject: hi", "Fromage: cheese",
        "fromm: x", "From Ann", "Begin forwarded message:", "begin   forwarded message :", "Sent from my iPhone",
        "sent  from\tmy phone", "Sent from my", "Sent via BlackBerry", "Get Outlook for iOS", "sent with protonmail",
        String(repeating: "x", count: 301) + " wrote:", String(repeating: "on ", count: 120),
        "\u{B}On Monday, a@b wrote:\u{C}",
        "Thanks, the issue is solved.", "", " ", "\t", "5/5", "Great!", "Envoyé de mon iPhone",
        "Von meinem iPhone gesendet",
    ]

    /// Every line alone and followed by each other marker-ish line, plus the whole list as one text.
    static let edgeTexts: [String] = {
        var texts = [edgeLines.joined(separator: "\n"), edgeLines.reversed().joined(separator: "\r\n")]
        for line in edgeLines {
            texts.append("Hello\n" + line)
            texts.append("Hello\n" + line + "\n> quoted\nafter")
            for next in ["Sent: Monday", "To: Bob", "Subject: hi", "Ann <a@b.example> wrote:", "", "> x"] {
                texts.append(line + "\n" + next + "\nSubject: s\nbody")
            }
        }
        return texts
    }()

    @Test("same reply with and without the fast path: hand-made edges")
    func edges() {
        Self.expectSameReplyWithAndWithoutFastPath(Self.edgeTexts)
    }

    /// Extracts each text both ways and expects the same reply.
    static func expectSameReplyWithAndWithoutFastPath(_ texts: [String]) {
        for text in texts {
            let fast = ReplyExtractor.extract(fromPlainText: text, fastPaths: true)
            let slow = ReplyExtractor.extract(fromPlainText: text, fastPaths: false)
            #expect(fast == slow, "\(text.prefix(300))")
        }
    }

    @Test("same reply with and without the fast path: every corpus message")
    func corpus() {
        #expect(FastPathEquivalenceTests.texts.count > 900)
        Self.expectSameReplyWithAndWithoutFastPath(FastPathEquivalenceTests.texts)
    }

    @Test("the signature check on ASCII lines equals the Character check")
    func signatures() {
        for line in Self.edgeLines + FastPathEquivalenceTests.lines {
            if let ascii = ReplyMarkers.asciiSignatureStart(Substring(line)) {
                #expect(ascii == ReplyMarkers.isSignatureStartReadingCharacters(Substring(line)), "\(line)")
            }
        }
    }

    /// Calls `compare` at the first 400 lines of every edge text and corpus text; `compare` answers whether the
    /// fast path decided there (and so was compared). Returns how many places were compared.
    static func compareAtEveryLine(_ compare: (_ lines: [Substring], _ index: Int) -> Bool) -> Int {
        var compared = 0
        for text in edgeTexts + FastPathEquivalenceTests.texts {
            let lines = ReplyExtractor.splitLines(text)
            for index in lines.indices.prefix(400) where compare(lines, index) { compared += 1 }
        }
        return compared
    }

    @Test("the quoted-history check read from ASCII bytes equals the Character reading, at every line")
    func quotedHistoryStarts() {
        let compared = Self.compareAtEveryLine { lines, index in
            guard let ascii = ReplyMarkers.asciiStartsQuotedHistory(lines, at: index) else { return false }
            #expect(ascii == ReplyMarkers.startsQuotedHistoryReadingCharacters(lines, at: index), "\(lines[index])")
            return true
        }
        #expect(compared > 40_000)
    }

    @Test("the attribution span read from ASCII bytes equals the Character reading, at every line")
    func attributionSpans() {
        let compared = Self.compareAtEveryLine { lines, index in
            guard let ascii = ReplyMarkers.asciiAttributionSpan(in: lines, at: index) else { return false }
            let reference = ReplyMarkers.attributionSpanReadingCharacters(in: lines, at: index)
            #expect(ascii == reference, "\(lines[index])")
            return true
        }
        #expect(compared > 40_000)
    }
}
