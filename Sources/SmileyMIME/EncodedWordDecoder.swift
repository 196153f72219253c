/// Decodes RFC 2047 encoded-words in header text, tolerant of what real clients write.
///
/// Accepted beyond the RFC: words glued to surrounding text, words inside quoted strings, lowercase `b`/`q`
/// and charset names in any case, spaces inside Q text, bad base64 padding. Adjacent encoded-words (only
/// whitespace between them) lose that whitespace, and when they share a charset their bytes are joined
/// before charset decoding, so a UTF-8 character split across two words survives. Raw 8-bit bytes outside
/// encoded-words are read as UTF-8, else windows-1252.
enum EncodedWordDecoder {
    /// Decodes an unfolded header value. CR, LF and NUL that come out of decoding become spaces, so a
    /// decoded value can be written back into a header safely.
    static func decode(_ bytes: ArraySlice<UInt8>) -> String {
        let text = decodeWords(bytes)
        guard text.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else { return text }
        return String(
            String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\r" || $0 == "\n" || $0 == "\0" ? " " : $0 })
        )
    }

    private static func decodeWords(_ bytes: ArraySlice<UInt8>) -> String {
        guard bytes.count >= 8, containsEncodedWordStart(bytes) else {
            return CharsetDecoder.decode(bytes, charset: nil).text
        }
        var result = ""
        var literal: [UInt8] = []
        var pending: [UInt8] = []
        var pendingCharset: String?
        var lastWasWord = false
        var terminatorCache = -1  // index of the next "?=" at or after a search start, or Int.max when none
        var i = bytes.startIndex
        let end = bytes.endIndex

        func flushPending() {
            if let charset = pendingCharset {
                result += CharsetDecoder.decode(pending, charset: charset).text
            }
            pending.removeAll(keepingCapacity: true)
            pendingCharset = nil
        }

        while i < end {
            if bytes[i] == UInt8(ascii: "="), i + 1 < end, bytes[i + 1] == UInt8(ascii: "?"),
                let word = parseWord(bytes, at: i, terminatorCache: &terminatorCache)
            {
                let onlySpace = literal.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
                if !(lastWasWord && onlySpace) {
                    flushPending()
                    if !literal.isEmpty { result += CharsetDecoder.decode(literal, charset: nil).text }
                }
                literal.removeAll(keepingCapacity: true)
                if let charset = pendingCharset, charset == word.charset {
                    pending += word.bytes
                } else {
                    flushPending()
                    pendingCharset = word.charset
                    pending = word.bytes
                }
                lastWasWord = true
                i = word.end
                continue
            }
            if lastWasWord, bytes[i] != 0x20, bytes[i] != 0x09, bytes[i] != 0x0D, bytes[i] != 0x0A {
                // Real text after a word: the held whitespace is kept.
                lastWasWord = false
            }
            literal.append(bytes[i])
            i += 1
        }
        flushPending()
        if !literal.isEmpty { result += CharsetDecoder.decode(literal, charset: nil).text }
        return result
    }

    private static func containsEncodedWordStart(_ bytes: ArraySlice<UInt8>) -> Bool {
        var i = bytes.startIndex
        while i + 1 < bytes.endIndex {
            if bytes[i] == UInt8(ascii: "="), bytes[i + 1] == UInt8(ascii: "?") { return true }
            i += 1
        }
        return false
    }

    struct Word {
        var charset: String
        var bytes: [UInt8]
        var end: Int
    }

    /// Parses `=?charset[*lang]?B|Q?text?=` at `start`; nil when it is not a well-formed word.
    static func parseWord(_ bytes: ArraySlice<UInt8>, at start: Int, terminatorCache: inout Int) -> Word? {
        let end = bytes.endIndex
        var i = start + 2
        let charsetStart = i
        while i < end, bytes[i] != UInt8(ascii: "?"), i - charsetStart < 64 {
            let b = bytes[i]
            if b <= 0x20 || b >= 0x7F { return nil }
            i += 1
        }
        guard i < end, bytes[i] == UInt8(ascii: "?"), i > charsetStart, i + 2 < end else { return nil }
        let charset = String(decoding: bytes[charsetStart..<i], as: UTF8.self)
        let encoding = bytes[i + 1] | 0x20
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q"), bytes[i + 2] == UInt8(ascii: "?") else {
            return nil
        }
        let textStart = i + 3
        // Find the next "?=" (linear overall: the cache only moves forward).
        if terminatorCache < textStart {
            terminatorCache = Int.max
            var j = textStart
            while j + 1 < end {
                if bytes[j] == UInt8(ascii: "?"), bytes[j + 1] == UInt8(ascii: "=") {
                    terminatorCache = j
                    break
                }
                j += 1
            }
        }
        guard terminatorCache != Int.max else { return nil }
        let textEnd = terminatorCache
        let text = bytes[textStart..<textEnd]
        let decoded: [UInt8]
        if encoding == UInt8(ascii: "b") {
            decoded = Base64.decode(text).bytes
        } else {
            var out: [UInt8] = []
            out.reserveCapacity(text.count)
            var k = text.startIndex
            while k < text.endIndex {
                let b = text[k]
                if b == UInt8(ascii: "_") {
                    out.append(0x20)
                } else if b == UInt8(ascii: "="), k + 2 < text.endIndex,
                    let hi = QuotedPrintable.hexValue(text[k + 1]), let lo = QuotedPrintable.hexValue(text[k + 2])
                {
                    out.append(hi << 4 | lo)
                    k += 3
                    continue
                } else if b != 0x0D, b != 0x0A {
                    out.append(b)
                }
                k += 1
            }
            decoded = out
        }
        return Word(charset: CharsetDecoder.normalizedLabel(charset), bytes: decoded, end: textEnd + 2)
    }
}
