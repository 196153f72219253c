/// Finds the new text in a plain-text reply: what the customer wrote above (or between) the quoted history.
///
/// Works line by line on text only (no MIME), with the forms of ``QuoteForms`` (25+ languages, per client) read by
/// one ``QuoteMatcher``: `>` quoted lines go (and a line the client wrapped out of them); an attribution line
/// ("On … wrote:", also wrapped over up to four lines) goes, and when no `>` lines follow it everything after it goes
/// too; a separator (`-----Original Message-----`, localized), a forwarding introduction, a quoted header block
/// (`From:/Sent:/To:/Subject:`, localized) or Outlook's underscore rule cut everything after them, with a rule left
/// just above them. Then a signature is cut: the `-- ` delimiter or a client's "Sent from my iPhone" line.
public enum ReplyExtractor {
    /// Extracts the new text of a reply.
    ///
    /// - Parameters:
    ///   - fromPlainText: the decoded `text/plain` body (CRLF, CR or LF line ends).
    /// - Returns: the new text, whether a quote or a signature was removed, and which rules cut it.
    public static func extract(fromPlainText text: String) -> ReplyText {
        var reading = Reading(lines: splitLines(text))
        reading.scan()
        reading.cutSignature()
        return ReplyText(
            text: tidy(reading.kept.map { reading.lines[$0] }),
            removedQuote: reading.removedQuote,
            removedSignature: reading.removedSignature,
            cuts: reading.cuts.sorted { $0.line < $1.line }
        )
    }

    /// A line the sender's client wrapped out of a `>` quoted line: right below a long one (50 bytes or more:
    /// one a client wraps), and right above another `>` line or starting in lower case. (Below a short quoted
    /// question, a line is an interleaved answer.)
    static func isWrappedQuote(_ lines: [Substring], at index: Int) -> Bool {
        guard index > 0, QuoteMatcher.isQuoted(lines[index - 1]), lines[index - 1].utf8.count >= 50,
            let first = lines[index].first(where: { !$0.isWhitespace })
        else { return false }
        if index + 1 < lines.count, QuoteMatcher.isQuoted(lines[index + 1]) { return true }
        return first.isLowercase
    }

    /// A blank line, or one of rule characters only (`-----`, `_____`, `=====`).
    static func isRuleOrBlank(_ line: Substring) -> Bool {
        line.allSatisfy {
            $0.isWhitespace || QuoteMatcher.ruleCharacters.contains($0)
                || QuoteRuleBook.isInvisible($0.unicodeScalars.first!)
        }
    }

    /// Splits on CRLF, CR or LF.
    static func splitLines(_ text: String) -> [Substring] {
        // On the UTF-8 bytes (a line end is always a Character boundary, and "\r\n" is one line end), the same
        // lines as splitting the Characters on "\n", "\r\n" and "\r", without decoding graphemes.
        var text = text
        let ranges: [Range<Int>] = text.withUTF8 { bytes in
            var ranges: [Range<Int>] = []
            var start = 0
            var position = 0
            while position < bytes.count {
                let byte = bytes[position]
                guard byte == 0x0A || byte == 0x0D else {
                    position += 1
                    continue
                }
                ranges.append(start..<position)
                position += byte == 0x0D && position + 1 < bytes.count && bytes[position + 1] == 0x0A ? 2 : 1
                start = position
            }
            ranges.append(start..<bytes.count)
            return ranges
        }
        let utf8 = text.utf8
        return ranges.map { range in
            let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
            return text[lower..<utf8.index(lower, offsetBy: range.count)]
        }
    }

    static func isBlank(_ line: Substring) -> Bool {
        QuoteRuleBook.isBlank(line)
    }

    /// Invisible characters with no use inside text (zero-width space, byte order mark, word joiner, soft hyphen);
    /// joiners and direction marks, which emoji and right-to-left text need, go only at the ends of lines.
    static func isDroppedEverywhere(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\u{200B}" || scalar == "\u{FEFF}" || scalar == "\u{2060}" || scalar == "\u{00AD}"
    }

    /// Trailing spaces off every line, blank lines off both ends, runs of blank lines down to one.
    static func tidy(_ lines: [Substring]) -> String {
        var result: [Substring] = []
        for line in lines {
            var line = line
            if line.utf8.contains(where: { $0 >= 0x80 }) {
                // Rebuilt only when it holds one of the dropped scalars (their UTF-8 opens with C2, E2 or EF):
                // filtering every non-ASCII line appended scalar by scalar.
                if line.utf8.contains(where: { $0 == 0xC2 || $0 == 0xE2 || $0 == 0xEF }),
                    line.unicodeScalars.contains(where: isDroppedEverywhere)
                {
                    line = Substring(line.unicodeScalars.filter { !isDroppedEverywhere($0) })
                }
                while let first = line.first, QuoteRuleBook.isInvisible(first.unicodeScalars.first!) {
                    line.removeFirst()
                }
            }
            while let last = line.last, last.isWhitespace || QuoteRuleBook.isInvisible(last.unicodeScalars.first!) {
                line.removeLast()
            }
            if line.isEmpty, result.last?.isEmpty ?? true { continue }
            result.append(line)
        }
        while result.last?.isEmpty == true { result.removeLast() }
        // Joined by hand: `joined(separator:)` over Substrings ran unspecialized and looked up its associated
        // types at run time (0.1 million instructions of each `smiley ingest`).
        var text = ""
        text.reserveCapacity(result.reduce(result.count) { $0 + $1.utf8.count })
        for (index, line) in result.enumerated() {
            if index > 0 { text += "\n" }
            text.append(contentsOf: line)  // the Substring overload: `+=` took the generic one
        }
        return text.replyTrimmingWhitespace()
    }
}

extension StringProtocol {
    // Prefixed names: other files of this module may add their own string helpers.
    /// Without leading and trailing whitespace (spaces, tabs, non-breaking spaces, line ends).
    func replyTrimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
