/// Finds the new text in a plain-text reply: what the customer wrote above (or between) the quoted history.
///
/// Works line by line on text only (no MIME): `>` quoted lines go; an attribution line ("On … wrote:", in English,
/// German, French, Dutch, Spanish, Italian, Portuguese, Swedish, Polish and Japanese, also wrapped over up to three
/// lines) goes, and when no `>` lines follow it everything after it goes too; Outlook's `-----Original Message-----`
/// (localized), its `From:/Sent:/To:/Subject:` header block (localized), the `______` separator and forwarded-message
/// markers cut everything after them. Then a signature is cut: the `-- ` delimiter or a mobile client's
/// "Sent from my iPhone" line (many languages).
public enum ReplyExtractor {
    /// Extracts the new text of a reply.
    ///
    /// - Parameters:
    ///   - fromPlainText: the decoded `text/plain` body (CRLF, CR or LF line ends).
    /// - Returns: the new text and whether a quote or a signature was removed.
    public static func extract(fromPlainText text: String) -> ReplyText {
        extract(fromPlainText: text, fastPaths: true)
    }

    /// ``extract(fromPlainText:)``, with the ASCII fast paths of ``ReplyMarkers`` (`fastPaths`) or without them
    /// (every line through the full checks: the reference the fast paths are tested against).
    static func extract(fromPlainText text: String, fastPaths: Bool) -> ReplyText {
        let lines = splitLines(text)
        var kept: [Substring] = []
        var removedQuote = false
        var index = 0
        scan: while index < lines.count {
            let line = lines[index]
            if fastPaths, ReplyMarkers.isOrdinaryASCIILine(line) {
                kept.append(line)
                index += 1
                continue
            }
            if ReplyMarkers.isQuoted(line) {
                removedQuote = true
                index += 1
                continue
            }
            // Both checks below may read the line as lowercased, trimmed, space-normalized text: made once.
            let form = fastPaths ? ReplyMarkers.LineForm(line) : nil
            let span =
                fastPaths
                ? ReplyMarkers.attributionSpan(in: lines, at: index, form: form)
                : ReplyMarkers.attributionSpanReadingCharacters(in: lines, at: index)
            if let span {
                removedQuote = true
                // Bottom-posting or interleaving: the attribution introduces `>` lines and the reply goes on after.
                if let next = lines[(index + span)...].firstIndex(where: { !isBlank($0) }),
                    ReplyMarkers.isQuoted(lines[next])
                {
                    index += span
                    continue
                }
                break scan
            }
            if fastPaths
                ? ReplyMarkers.startsQuotedHistory(lines, at: index, form: form)
                : ReplyMarkers.startsQuotedHistoryReadingCharacters(lines, at: index)
            {
                removedQuote = true
                break scan
            }
            kept.append(line)
            index += 1
        }

        var removedSignature = false
        let isSignatureStart =
            fastPaths ? ReplyMarkers.isSignatureStart : ReplyMarkers.isSignatureStartReadingCharacters
        if let signature = kept.firstIndex(where: isSignatureStart) {
            kept.removeSubrange(signature...)
            removedSignature = true
        }
        return ReplyText(text: tidy(kept), removedQuote: removedQuote, removedSignature: removedSignature)
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
        line.allSatisfy(\.isWhitespace)
    }

    /// Trailing spaces off every line, blank lines off both ends, runs of blank lines down to one.
    static func tidy(_ lines: [Substring]) -> String {
        var result: [Substring] = []
        for line in lines {
            var line = line
            while let last = line.last, last.isWhitespace { line.removeLast() }
            if line.isEmpty, result.last?.isEmpty ?? true { continue }
            result.append(line)
        }
        while result.last?.isEmpty == true { result.removeLast() }
        return result.joined(separator: "\n").replyTrimmingWhitespace()
    }
}
