/// Writes header fields: RFC 2047 encoded-words, phrases, and folding at whitespace.
enum HeaderWriter {
    /// Longest line we aim for (RFC 5322 "SHOULD" limit).
    static let softLimit = 78
    /// Longest line allowed (RFC 5322 "MUST" limit, without CRLF).
    static let hardLimit = 998

    /// Checks a header name: printable ASCII without `:`, 1–76 characters.
    static func checkName(_ name: String) throws(MIMEHeaderError) {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count <= 76, bytes.allSatisfy({ $0 > 32 && $0 < 127 && $0 != UInt8(ascii: ":") })
        else {
            throw .badName(name)
        }
        switch name.lowercased() {
        case "mime-version", "content-type", "content-transfer-encoding": throw .reserved(name)
        default: break
        }
    }

    /// Refuses CR, LF and NUL anywhere in a value.
    static func checkInjection(_ value: String, header: String) throws(MIMEHeaderError) {
        // CR, LF and NUL are single bytes in UTF-8 and never part of a longer sequence.
        for byte in value.utf8 where byte == 0x0D || byte == 0x0A || byte == 0x00 {
            throw .forbidden(header, character: Unicode.Scalar(byte))
        }
    }

    /// Whether `value` holds `=?`, the start of what a decoder would take for an RFC 2047 encoded-word.
    static func containsEncodedWordStart(_ value: String) -> Bool {
        var previous: UInt8 = 0
        for byte in value.utf8 {
            if previous == UInt8(ascii: "="), byte == UInt8(ascii: "?") { return true }
            previous = byte
        }
        return false
    }

    /// Replaces tabs and the other control characters (after ``checkInjection(_:header:)``) with a space:
    /// decoders flag them in decoded text, and in a name or subject they are data-entry noise.
    static func replacingControls(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return value }
        var out = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            out.append(scalar.value < 0x20 || scalar.value == 0x7F ? " " : scalar)
        }
        return String(out)
    }

    /// Folds a field whose value is given as segments; every segment after the first starts with a space or
    /// tab, and a line break may go before any of them. Returns `Name: value` with CRLF-SP folds, no final CRLF,
    /// or nil when one segment is too long for a 998-octet line.
    static func fold(name: String, segments: [String]) -> String? {
        var out = name + ":"
        var column = out.utf8.count
        var first = true
        for segment in segments {
            var piece = segment
            if first {
                first = false
                piece = " " + segment
            }
            let width = piece.utf8.count
            if column + width > softLimit, column > name.utf8.count + 1, piece.first == " " || piece.first == "\t" {
                out += "\r\n"
                column = 0
            }
            if column + width > hardLimit { return nil }
            out += piece
            column += width
        }
        return out
    }

    /// Splits ASCII text into fold segments: each starts at a whitespace run's last character that is followed
    /// by non-whitespace, so unfolding (removing CRLF) restores the text exactly.
    static func whitespaceSegments(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        var segments: [String] = []
        var start = 0
        var i = 1
        while i < bytes.count {
            let isSpace = bytes[i] == 0x20 || bytes[i] == 0x09
            let nextIsWord = i + 1 < bytes.count && bytes[i + 1] != 0x20 && bytes[i + 1] != 0x09
            if isSpace, nextIsWord, i > start {
                segments.append(String(decoding: bytes[start..<i], as: UTF8.self))
                start = i
            }
            i += 1
        }
        segments.append(String(decoding: bytes[start..<bytes.count], as: UTF8.self))
        return segments
    }

    // MARK: RFC 2047 encoded-words

    private static let hex: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Whether a byte may stand for itself in a Q-encoded word (the strict set allowed in phrases).
    @inline(__always)
    static func isQLiteral(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "!"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"): true
        default: false
        }
    }

    private static func qWidth(_ b: UInt8) -> Int { isQLiteral(b) || b == 0x20 ? 1 : 3 }

    private static func appendQ(_ b: UInt8, to out: inout [UInt8]) {
        if isQLiteral(b) {
            out.append(b)
        } else if b == 0x20 {
            out.append(UInt8(ascii: "_"))
        } else {
            out.append(UInt8(ascii: "="))
            out.append(hex[Int(b >> 4)])
            out.append(hex[Int(b & 15)])
        }
    }

    /// Encodes text as UTF-8 encoded-words, B or Q whichever is shorter, each at most `maxWord` characters
    /// (`firstMax` for the first), never splitting a Unicode scalar between words. A word preferably ends just
    /// after a space, so decoders that wrongly keep the whitespace between words (Python's phrase parser) at
    /// worst double a space instead of splitting a word.
    static func encodedWords(_ text: String, firstMax: Int = 75, maxWord: Int = 75) -> [String] {
        let bytes = Array(text.utf8)
        let qLength = bytes.reduce(0) { $0 + qWidth($1) }
        let bLength = (bytes.count + 2) / 3 * 4
        let useB = bLength < qLength
        let prefix = useB ? "=?UTF-8?B?" : "=?UTF-8?Q?"
        let overhead = prefix.utf8.count + 2
        var words: [String] = []
        func limit() -> Int { max(words.isEmpty ? firstMax : maxWord, overhead + 12) - overhead }
        func width(_ scalars: ArraySlice<[UInt8]>) -> Int {
            if useB { return (scalars.reduce(0) { $0 + $1.count } + 2) / 3 * 4 }
            return scalars.reduce(0) { $0 + $1.reduce(0) { $0 + qWidth($1) } }
        }
        func emit(_ scalars: ArraySlice<[UInt8]>) {
            let chunk = scalars.flatMap { $0 }
            var encoded: [UInt8] = Array(prefix.utf8)
            if useB { encoded += Base64.encode(chunk) } else { for b in chunk { appendQ(b, to: &encoded) } }
            encoded += Array("?=".utf8)
            words.append(String(decoding: encoded, as: UTF8.self))
        }
        var pending: [[UInt8]] = []
        for scalar in text.unicodeScalars {
            pending.append(Array(String(scalar).utf8))
            guard width(pending[...]) > limit(), pending.count > 1 else { continue }
            // Overflow: cut after the last space if there is one, else before this scalar.
            var cut = pending.count - 1
            if let space = pending[..<cut].lastIndex(of: [0x20]), space + 1 < cut { cut = space + 1 }
            emit(pending[..<cut])
            pending.removeFirst(cut)
        }
        if !pending.isEmpty || words.isEmpty { emit(pending[...]) }
        return words
    }

    // MARK: Phrases (display names)

    static func isAtext(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"),
            UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"),
            UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "~"):
            true
        default: false
        }
    }

    /// Segments for a display name: atoms as they are, a quoted string when specials or odd spacing need it,
    /// encoded-words when the name is not printable ASCII or has an unbreakably long word.
    static func phraseSegments(_ name: String) -> [String] {
        let bytes = Array(name.utf8)
        let printable = bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        // Words split at spaces on the bytes: for printable ASCII, bytes and characters are the same.
        let words = bytes.split(separator: 0x20, omittingEmptySubsequences: false)
        let longestWord = words.map(\.count).max() ?? 0
        guard printable, longestWord <= 60, !containsEncodedWordStart(name) else {
            let encoded = encodedWords(name)
            return encoded.enumerated().map { $0.offset == 0 ? $0.element : " " + $0.element }
        }
        let simpleAtoms = !words.isEmpty && words.allSatisfy { !$0.isEmpty && $0.allSatisfy(isAtext) }
        if simpleAtoms {
            return words.enumerated().map { ($0.offset == 0 ? "" : " ") + String(decoding: $0.element, as: UTF8.self) }
        }
        var quoted = "\""
        for c in name.unicodeScalars {
            if c == "\"" || c == "\\" { quoted.unicodeScalars.append("\\") }
            quoted.unicodeScalars.append(c)
        }
        quoted += "\""
        return whitespaceSegments(quoted)
    }
}
