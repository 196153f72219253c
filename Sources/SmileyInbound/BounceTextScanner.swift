import Foundation

/// Low-level reading of bounce text: addresses, status codes, and where the bounce's own words end and the
/// returned copy of the original message begins.
enum BounceTextScanner {
    // MARK: Addresses

    /// The addresses written in a line, in order: `user@example.com`, `<user@example.com>`, `'user@example.com'`.
    /// Words that are part of a URL (`https://…?to=a@b`) and domains without a dot or a letter are skipped.
    static func addresses(in line: String) -> [String] {
        let bytes = Array(line.utf8)
        var found: [String] = []
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "@") else {
                i += 1
                continue
            }
            var start = i
            while start > 0, isLocalByte(bytes[start - 1]) { start -= 1 }
            var end = i + 1
            while end < bytes.count, isDomainByte(bytes[end]) { end += 1 }
            var local = bytes[start..<i]
            var domain = bytes[(i + 1)..<end]
            while local.first == UInt8(ascii: ".") { local = local.dropFirst() }
            while domain.last == UInt8(ascii: ".") || domain.last == UInt8(ascii: "-") { domain = domain.dropLast() }
            i = end
            guard !local.isEmpty, domain.contains(UInt8(ascii: ".")),
                domain.contains(where: { isLetter($0) }), !isInsideURL(bytes, at: local.startIndex)
            else { continue }
            found.append(
                String(decoding: local, as: UTF8.self) + "@" + String(decoding: domain, as: UTF8.self).lowercased()
            )
        }
        return found
    }

    private static func isLetter(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    private static func isLocalByte(_ b: UInt8) -> Bool {
        isLetter(b) || (b >= 0x30 && b <= 0x39) || "._%+-=".utf8.contains(b)
    }

    private static func isDomainByte(_ b: UInt8) -> Bool {
        isLetter(b) || (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: ".") || b == UInt8(ascii: "-")
    }

    /// Whether the whitespace-delimited word holding position `index` looks like a URL or a query string.
    private static func isInsideURL(_ bytes: [UInt8], at index: Int) -> Bool {
        var start = index
        while start > 0, !isSpaceOrBracket(bytes[start - 1]) { start -= 1 }
        let word = bytes[start..<index]
        if word.contains(UInt8(ascii: "?")) || word.contains(UInt8(ascii: "&")) { return true }
        return String(decoding: word, as: UTF8.self).contains("://")
    }

    private static func isSpaceOrBracket(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || "<>()[]\"',;".utf8.contains(b)
    }

    // MARK: Status codes

    /// The first enhanced status code (RFC 3463 `class.subject.detail`, class 2, 4 or 5) standing on its own in
    /// the text: `5.1.1`, `#5.5.0`, `550-5.7.26`. Parts of IP addresses and version numbers do not count.
    static func enhancedStatus(in text: String) -> String? {
        let bytes = Array(text.utf8)
        var i = 0
        while i + 4 < bytes.count {
            defer { i += 1 }
            let c = bytes[i]
            guard c == UInt8(ascii: "2") || c == UInt8(ascii: "4") || c == UInt8(ascii: "5") else { continue }
            if i > 0, isDigit(bytes[i - 1]) || bytes[i - 1] == UInt8(ascii: ".") || isLetter(bytes[i - 1]) { continue }
            guard bytes[i + 1] == UInt8(ascii: ".") else { continue }
            var j = i + 2
            let subjectStart = j
            while j < bytes.count, isDigit(bytes[j]), j - subjectStart < 3 { j += 1 }
            guard j > subjectStart, j < bytes.count, bytes[j] == UInt8(ascii: ".") else { continue }
            j += 1
            let detailStart = j
            while j < bytes.count, isDigit(bytes[j]), j - detailStart < 3 { j += 1 }
            guard j > detailStart else { continue }
            if j < bytes.count, isDigit(bytes[j]) || isLetter(bytes[j]) { continue }
            if j + 1 < bytes.count, bytes[j] == UInt8(ascii: "."), isDigit(bytes[j + 1]) { continue }
            return String(decoding: bytes[i..<j], as: UTF8.self)
        }
        return nil
    }

    /// The first SMTP reply code of class 4 or 5 standing on its own (`550 `, `550-`, `(550)`, `said: 554`),
    /// as `5.0.0` or `4.0.0`; nil when there is none.
    static func replyCodeStatus(in text: String) -> String? {
        let bytes = Array(text.utf8)
        var i = 0
        while i + 2 < bytes.count {
            defer { i += 1 }
            let c = bytes[i]
            guard c == UInt8(ascii: "4") || c == UInt8(ascii: "5"), isDigit(bytes[i + 1]), isDigit(bytes[i + 2]) else {
                continue
            }
            if i > 0, !" \t([<:#=\"'".utf8.contains(bytes[i - 1]) { continue }
            if i + 3 < bytes.count, !" \t-)]>.,;:".utf8.contains(bytes[i + 3]) { continue }
            let code = (Int(bytes[i + 1] - 0x30) * 10) + Int(bytes[i + 2] - 0x30)
            guard (0...59).contains(code) else { continue }
            return String(UnicodeScalar(c)) + ".0.0"
        }
        return nil
    }

    /// The best status in the text: an enhanced code, else a reply code mapped to `x.0.0`.
    static func status(in text: String) -> String? {
        enhancedStatus(in: text) ?? replyCodeStatus(in: text)
    }

    /// Like ``status(in:)`` but only failure classes (4 and 5): a `2.x.x` in a notice's text is an earlier
    /// successful step, not the outcome.
    static func failureStatus(in text: String) -> String? {
        var rest = Substring(text)
        while let found = enhancedStatus(in: String(rest)) {
            if !found.hasPrefix("2") { return found }
            guard let range = rest.range(of: found) else { break }
            rest = rest[range.upperBound...]
        }
        return replyCodeStatus(in: text)
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    // MARK: Sections

    /// The lines of a bounce's text that were written by the reporting server: everything before the returned
    /// copy of the original message (`--- Below this line is a copy of the message.`, `------ This is a copy of
    /// the message, including all the headers. ------`, `----- Original message -----`, `Message headers
    /// follow.`, or the first line that starts a header block such as `Received:` or `Return-Path:`).
    static func diagnosticLines(of text: String) -> [String] {
        var lines: [String] = []
        // (The lines of splitting the Characters on "\n", "\r\n" and "\r", found on the UTF-8 bytes.)
        for raw in ReplyExtractor.splitLines(text) {
            if isOriginalMessageStart(raw) { break }
            lines.append(String(raw))
        }
        return lines
    }

    static let headerStarts: [StaticString] = [
        "return-path:", "received:", "dkim-signature:", "x-received:", "arc-seal:", "delivered-to:",
        "authentication-results:", "received-spf:", "domainkey-signature:",
    ]

    static let originalMarkers: [StaticString] = [
        "copy of the message", "copy of your message", "original message", "message headers follow",
        "headers of the original", "header of the original", "original mail", "returned message",
        "below this line", "undelivered message", "headers of your message", "original headers",
        "message header follows", "the original email", "unsent message", "original message",
        "the header of the original", "headers of the original message",
    ]

    /// Words one of which every marker holds: a line without any of them holds no marker, and most lines are
    /// ruled out with three searches instead of eighteen.
    private static let originalMarkerWords: [StaticString] = ["messag", "origina", "below this line"]

    static func isOriginalMessageStart(_ line: Substring) -> Bool {
        if headerStarts.contains(where: { ASCIISearch.hasPrefix(line, $0) }) { return true }
        guard originalMarkerWords.contains(where: { ASCIISearch.contains(line, $0) }),
            originalMarkers.contains(where: { ASCIISearch.contains(line, $0) })
        else { return false }
        let trimmed = line.lowercased().trimming(" \t")
        let separator =
            trimmed.contains("---") || trimmed.contains("===") || trimmed.contains("***") || trimmed.contains("___")
        let announces =
            trimmed.hasSuffix("follows") || trimmed.hasSuffix("follows.") || trimmed.hasSuffix("follows:")
            || trimmed.hasSuffix("follow:") || trimmed.hasPrefix("below this line") || trimmed.hasSuffix(":")
        return separator || announces
    }
}
