#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns bytes in a declared charset into text, with iconv for everything beyond UTF-8 and windows-1252.
///
/// Real mail lies about charsets, so the decoder is forgiving and says what it did:
/// - no charset, `us-ascii` or `utf-8`: UTF-8 when valid, else windows-1252 (what clients do);
/// - a charset iconv does not know: UTF-8 when valid, else windows-1252, with a warning;
/// - bytes invalid in the declared charset but valid UTF-8 (or non-ASCII valid UTF-8 under a legacy label):
///   UTF-8, with a warning;
/// - otherwise invalid sequences become U+FFFD, with a warning.
/// Labels are matched case-insensitively with the usual aliases (`latin1`, `ks_c_5601-1987` → CP949,
/// `gb2312` → GB18030, `x-sjis`…).
public enum CharsetDecoder {
    /// Decodes bytes.
    /// - Parameters:
    ///   - bytes: The bytes (already transfer-decoded).
    ///   - charset: The declared charset label, or nil.
    /// - Returns: The text, and a warning when the text is not exactly what the label promised.
    public static func decode(_ bytes: [UInt8], charset: String?) -> (text: String, warning: String?) {
        decode(bytes[...], charset: charset)
    }

    /// Decodes a slice of bytes; see ``decode(_:charset:)``.
    public static func decode(_ bytes: ArraySlice<UInt8>, charset: String?) -> (text: String, warning: String?) {
        let label = normalizedLabel(charset)
        let isASCII = bytes.allSatisfy { $0 < 0x80 }
        if isASCII, label != "UTF-7", !label.hasPrefix("UTF-16"), !label.hasPrefix("UTF-32"),
            !label.hasPrefix("ISO-2022") && !label.hasPrefix("HZ")
        {
            return (String(decoding: bytes, as: UTF8.self), nil)
        }
        let validUTF8 = isValidUTF8(bytes)
        switch label {
        case "", "UTF-8", "US-ASCII":
            if validUTF8 { return (String(decoding: bytes, as: UTF8.self), nil) }
            if label == "UTF-8" {
                return (
                    String(decoding: bytes, as: UTF8.self),
                    "invalid UTF-8 in text declared UTF-8; replaced bad bytes with U+FFFD"
                )
            }
            return (
                windows1252(bytes), label.isEmpty ? nil : "8-bit bytes in text declared us-ascii; read as windows-1252"
            )
        default:
            break
        }
        if validUTF8, !isASCII, !label.hasPrefix("UTF-") {
            return (String(decoding: bytes, as: UTF8.self), "text declared \(label) is valid UTF-8; read as UTF-8")
        }
        switch convert(bytes, from: label) {
        case .unknownCharset:
            if validUTF8 {
                return (String(decoding: bytes, as: UTF8.self), "unknown charset '\(charset ?? "")'; read as UTF-8")
            }
            return (windows1252(bytes), "unknown charset '\(charset ?? "")'; read as windows-1252")
        case .converted(let text, let invalid):
            return (text, invalid ? "invalid bytes for charset \(label); replaced with U+FFFD" : nil)
        }
    }

    /// The iconv name for a charset label (uppercased, aliases resolved); empty for none.
    static func normalizedLabel(_ charset: String?) -> String {
        guard var label = charset else { return "" }
        if let ascii = asciiTrimmedUppercased(label) {
            label = ascii
        } else {
            let junk: Set<Character> = [" ", "\t", "\"", "'"]
            label = String(label.drop { junk.contains($0) }.reversed().drop { junk.contains($0) }.reversed())
                .uppercased()
        }
        if let star = label.firstIndex(of: "*") { label = String(label[..<star]) }  // RFC 2231 language suffix
        switch label {
        case "UTF8", "UNICODE-1-1-UTF-8", "X-UNICODE20UTF8": return "UTF-8"
        case "ASCII", "ANSI_X3.4-1968", "US", "ISO646-US": return "US-ASCII"
        case "DEFAULT", "X-UNKNOWN", "UNKNOWN-8BIT", "X-USER-DEFINED": return ""  // no real label: treat as undeclared
        case "LATIN1", "LATIN-1", "ISO-8859-1", "ISO8859-1", "ISO_8859-1", "L1", "CP819", "IBM819", "ISO-IR-100",
            "8859-1",
            "CP1252", "WIN-1252", "WINDOWS1252", "X-CP1252":
            return "WINDOWS-1252"  // WHATWG: latin-1 labels mean windows-1252 in practice
        case "KS_C_5601-1987", "KS_C_5601", "KSC5601", "KSC_5601", "EUC-KR", "EUCKR", "KS_C_5601-1989", "X-WINDOWS-949",
            "WINDOWS-949":
            return "CP949"
        case "GB2312", "GBK", "X-GBK", "CP936", "EUC-CN", "CHINESE", "CSGB2312", "GB_2312-80": return "GB18030"
        case "X-SJIS", "SJIS", "SHIFT-JIS", "MS_KANJI", "CSSHIFTJIS", "SHIFT_JIS", "X-MS-CP932", "WINDOWS-31J", "CP932",
            "MS932":
            return "CP932"
        case "ISO-2022-JP", "CSISO2022JP", "ISO2022JP": return "ISO-2022-JP-2"
        case "EUC-JP", "X-EUC-JP", "EUCJP": return "EUC-JP-MS"
        case "BIG5", "BIG-5", "CN-BIG5", "X-X-BIG5", "CSBIG5": return "BIG5-HKSCS"
        case "TIS-620", "ISO-8859-11", "WINDOWS-874": return "CP874"
        case "UTF-7", "UNICODE-1-1-UTF-7", "X-UTF-7", "CSUNICODE11UTF7": return "UTF-7"
        case "KOI8R", "KOI8": return "KOI8-R"
        case "MACINTOSH", "MAC", "X-MAC-ROMAN", "MACROMAN": return "MACINTOSH"
        default:
            if label.hasPrefix("CP-") { return "CP" + label.dropFirst(3) }
            if label.hasPrefix("WINDOWS-") || label.hasPrefix("ISO-8859-") || label.hasPrefix("CP") { return label }
            if label.hasPrefix("ISO8859-") { return "ISO-8859-" + label.dropFirst(8) }
            if label.hasPrefix("ISO_8859-") { return "ISO-8859-" + label.dropFirst(9).prefix { $0 != ":" } }
            return label
        }
    }

    /// An ASCII label without spaces, tabs and quotes at either end, uppercased — what the `Character` code in
    /// ``normalizedLabel(_:)`` makes of it (on ASCII every byte is a character, "\r\n" aside, which is no junk
    /// either way) — or nil for a label with other bytes.
    static func asciiTrimmedUppercased(_ label: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(label.utf8.count)
        for byte in label.utf8 {
            guard byte < 0x80 else { return nil }
            bytes.append(byte &- 0x61 < 26 ? byte & 0xDF : byte)
        }
        let isJunk = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x22 || byte == 0x27 }
        var start = 0
        var end = bytes.count
        while start < end, isJunk(bytes[start]) { start += 1 }
        while end > start, isJunk(bytes[end - 1]) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// Whether bytes are well-formed UTF-8.
    static func isValidUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    private static let cp1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD,
        0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD,
        0x017E, 0x0178,
    ]

    /// windows-1252, written out so the common fallback needs no iconv (undefined bytes become U+FFFD).
    /// Written as UTF-8 into the string's storage, counted first: appending scalar by scalar to a
    /// `String.UnicodeScalarView` was most of decoding a large windows-1252 body.
    static func windows1252(_ bytes: ArraySlice<UInt8>) -> String {
        func scalar(_ byte: UInt8) -> UInt32 {
            byte < 0x80 || byte > 0x9F ? UInt32(byte) : cp1252High[Int(byte) - 0x80]
        }
        var length = 0
        for byte in bytes { length += byte < 0x80 ? 1 : scalar(byte) < 0x800 ? 2 : 3 }
        return String(unsafeUninitializedCapacity: length) { buffer in
            var count = 0
            for byte in bytes {
                let value = scalar(byte)
                if value < 0x80 {
                    buffer[count] = byte
                    count += 1
                } else if value < 0x800 {
                    buffer[count] = UInt8(0xC0 | value >> 6)
                    buffer[count + 1] = UInt8(0x80 | value & 0x3F)
                    count += 2
                } else {
                    buffer[count] = UInt8(0xE0 | value >> 12)
                    buffer[count + 1] = UInt8(0x80 | (value >> 6) & 0x3F)
                    buffer[count + 2] = UInt8(0x80 | value & 0x3F)
                    count += 3
                }
            }
            return count
        }
    }

    private enum Conversion {
        case unknownCharset
        case converted(String, invalid: Bool)
    }

    /// Converts with iconv to UTF-8; invalid or truncated sequences become U+FFFD and conversion goes on.
    private static func convert(_ bytes: ArraySlice<UInt8>, from label: String) -> Conversion {
        if label == "WINDOWS-1252" { return .converted(windows1252(bytes), invalid: false) }
        let descriptor = iconv_open("UTF-8", label)
        guard let descriptor, Int(bitPattern: descriptor) != -1 else { return .unknownCharset }
        defer { iconv_close(descriptor) }
        var input = Array(bytes)
        var output = [UInt8](repeating: 0, count: max(64, input.count * 4 + 16))
        var produced = 0
        var invalid = false
        input.withUnsafeMutableBufferPointer { inBuffer in
            var inPointer = inBuffer.baseAddress.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self) }
            var inLeft = inBuffer.count
            while inLeft > 0 {
                if output.count - produced < 16 { output += [UInt8](repeating: 0, count: output.count) }
                let result: Int = output.withUnsafeMutableBufferPointer { outBuffer in
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(
                        outBuffer.baseAddress! + produced
                    )
                    .assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuffer.count - produced
                    let before = outLeft
                    let r = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    produced += before - outLeft
                    return r == -1 ? Int(errno) : 0
                }
                if result == 0 { break }
                if result == Int(E2BIG) { continue }
                // EILSEQ or EINVAL: skip one byte, emit U+FFFD, reset the shift state.
                invalid = true
                if output.count - produced < 16 { output += [UInt8](repeating: 0, count: output.count) }
                output[produced] = 0xEF
                output[produced + 1] = 0xBF
                output[produced + 2] = 0xBD
                produced += 3
                inPointer = inPointer.map { $0 + 1 }
                inLeft -= 1
                iconv(descriptor, nil, nil, nil, nil)
            }
        }
        // Flush any shift state (stateful encodings like ISO-2022-JP).
        if output.count - produced < 16 { output += [UInt8](repeating: 0, count: 32) }
        output.withUnsafeMutableBufferPointer { outBuffer in
            var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress! + produced)
                .assumingMemoryBound(to: CChar.self)
            var outLeft = outBuffer.count - produced
            let before = outLeft
            _ = iconv(descriptor, nil, nil, &outPointer, &outLeft)
            produced += before - outLeft
        }
        return .converted(String(decoding: output[..<produced], as: UTF8.self), invalid: invalid)
    }
}
