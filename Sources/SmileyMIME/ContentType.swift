/// A media type with its parameters, as in `Content-Type: text/plain; charset=utf-8`.
public struct ContentType: Sendable, Hashable {
    /// The top-level type, lowercased (`text`, `multipart`, `image`…).
    public var type: String
    /// The subtype, lowercased (`plain`, `mixed`…).
    public var subtype: String
    /// Parameters by lowercased name, values decoded: RFC 2231 continuations joined and charset-decoded,
    /// quoted strings unquoted, RFC 2047 encoded-words (which clients put in file names) decoded.
    public var parameters: [String: String]

    /// Creates a content type.
    /// - Parameters:
    ///   - type: The top-level type.
    ///   - subtype: The subtype.
    ///   - parameters: Parameters by lowercased name.
    public init(type: String, subtype: String, parameters: [String: String] = [:]) {
        self.type = type.lowercased()
        self.subtype = subtype.lowercased()
        self.parameters = parameters
    }

    /// `type/subtype`.
    public var mimeType: String { type + "/" + subtype }

    /// The `charset` parameter, if any.
    public var charset: String? { parameters["charset"] }

    /// `text/plain`, the default for a part without a (valid) Content-Type.
    public static let textPlain = ContentType(type: "text", subtype: "plain")

    /// Parses a Content-Type value; nil when it has no valid `type/subtype`.
    /// - Parameter value: The unfolded header value.
    public static func parse(_ value: String) -> ContentType? {
        let bytes = Array(value.utf8)
        var i = 0
        func skipSpaceAndComments() {
            while i < bytes.count {
                if bytes[i] == 0x20 || bytes[i] == 0x09 {
                    i += 1
                    continue
                }
                if bytes[i] == UInt8(ascii: "(") {
                    var depth = 0
                    while i < bytes.count {
                        if bytes[i] == UInt8(ascii: "(") {
                            depth += 1
                        } else if bytes[i] == UInt8(ascii: ")") {
                            depth -= 1
                        }
                        i += 1
                        if depth == 0 { break }
                    }
                    continue
                }
                break
            }
        }
        func token() -> String {
            let start = i
            while i < bytes.count, isTokenByte(bytes[i]) { i += 1 }
            return String(decoding: bytes[start..<i], as: UTF8.self)
        }
        skipSpaceAndComments()
        let type = token()
        skipSpaceAndComments()
        guard !type.isEmpty, i < bytes.count, bytes[i] == UInt8(ascii: "/") else { return nil }
        i += 1
        skipSpaceAndComments()
        let subtype = token()
        guard !subtype.isEmpty else { return nil }
        // Parameters normally follow a ';'; tolerate a missing one ("multipart/mixed boundary=x").
        return ContentType(type: type, subtype: subtype, parameters: ParameterParser.parse(bytes[i...]))
    }

    /// Whether a byte may stand in a token: a visible ASCII character but the RFC 2045 `tspecials`
    /// `()<>@,;:\"/[]?=`. A switch rather than a table filled on first use, which cost a relay's process 2 % of its
    /// instructions.
    static func isTokenByte(_ b: UInt8) -> Bool {
        switch b {
        case 0x28, 0x29, 0x3C, 0x3E, 0x40, 0x2C, 0x3B, 0x3A, 0x5C, 0x22, 0x2F, 0x5B, 0x5D, 0x3F, 0x3D: return false
        default: return b > 0x20 && b < 0x7F
        }
    }

    /// `String(decoding: bytes, as: UTF8.self).lowercased().filter { !$0.isWhitespace }`: a parameter name or a
    /// disposition or encoding keyword as compared. ASCII (the usual case) is done on the bytes: there
    /// `Character.isWhitespace` holds for tab, LF, VT, FF, CR and space (and CR LF, both of whose bytes are
    /// among them), and lowercasing folds `A`–`Z`.
    static func lowercasedKeyword(_ bytes: some Collection<UInt8>) -> String {
        guard bytes.allSatisfy({ $0 < 0x80 }) else {
            return String(decoding: bytes, as: UTF8.self).lowercased().filter { !$0.isWhitespace }
        }
        var keyword: [UInt8] = []
        keyword.reserveCapacity(bytes.count)
        for byte in bytes where byte != 0x20 && !(0x09...0x0D).contains(byte) {
            keyword.append(byte &- 0x41 < 26 ? byte | 0x20 : byte)
        }
        return String(decoding: keyword, as: UTF8.self)
    }

}

/// `; name=value` parameter lists (Content-Type, Content-Disposition) with RFC 2231 and tolerance.
enum ParameterParser {
    static func parse(_ bytes: ArraySlice<UInt8>) -> [String: String] {
        var plain: [String: [UInt8]] = [:]
        // name → (section → (value bytes, extended))
        var sections: [String: [Int: (bytes: [UInt8], extended: Bool)]] = [:]
        var i = bytes.startIndex
        let end = bytes.endIndex
        func skipSpace() {
            while i < end, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == UInt8(ascii: ";") { i += 1 }
        }
        while i < end {
            skipSpace()
            let nameStart = i
            while i < end, bytes[i] != UInt8(ascii: "="), bytes[i] != UInt8(ascii: ";") { i += 1 }
            guard i < end, bytes[i] == UInt8(ascii: "=") else { continue }
            let rawName = ContentType.lowercasedKeyword(bytes[nameStart..<i])
            i += 1
            while i < end, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
            var value: [UInt8] = []
            if i < end, bytes[i] == UInt8(ascii: "\"") {
                i += 1
                while i < end, bytes[i] != UInt8(ascii: "\"") {
                    if bytes[i] == UInt8(ascii: "\\"), i + 1 < end { i += 1 }
                    value.append(bytes[i])
                    i += 1
                }
                i += 1
                while i < end, bytes[i] != UInt8(ascii: ";") { i += 1 }
            } else {
                while i < end, bytes[i] != UInt8(ascii: ";") {
                    value.append(bytes[i])
                    i += 1
                }
                while let last = value.last, last == 0x20 || last == 0x09 { value.removeLast() }
            }
            guard !rawName.isEmpty else { continue }
            // RFC 2231: name*, name*0, name*0*, name*1 …
            var base = rawName
            var extended = false
            var section: Int?
            if base.hasSuffix("*") {
                extended = true
                base.removeLast()
            }
            if let star = base.lastIndex(of: "*"), let n = Int(base[base.index(after: star)...]) {
                section = n
                base = String(base[..<star])
            } else if extended {
                section = 0
            }
            if let section, section < 1000 {
                sections[base, default: [:]][section] = (value, extended)
            } else if plain[base] == nil {
                plain[base] = value
            }
        }
        var result: [String: String] = [:]
        for (name, bytes) in plain {
            // Plain ASCII without "=?" (nearly every value) is what it says.
            if bytes.allSatisfy({ $0 < 0x80 }),
                !bytes.indices.contains(where: { bytes[$0] == 0x3D && $0 + 1 < bytes.count && bytes[$0 + 1] == 0x3F })
            {
                result[name] = String(decoding: bytes, as: UTF8.self)
                continue
            }
            let value = String(decoding: bytes, as: UTF8.self)
            let utf8 = Array(value.utf8)
            result[name] =
                value.contains("=?")
                ? EncodedWordDecoder.decode(utf8[...]) : CharsetDecoder.decode(utf8, charset: nil).text
        }
        for (name, parts) in sections {
            var charset: String?
            var joined: [UInt8] = []
            for key in parts.keys.sorted() {
                guard let part = parts[key] else { continue }
                var bytes = part.bytes[...]
                if part.extended {
                    if key == parts.keys.min(), let first = bytes.firstIndex(of: UInt8(ascii: "'")) {
                        charset = String(decoding: bytes[bytes.startIndex..<first], as: UTF8.self)
                        let afterLanguage =
                            bytes[(first + 1)...].firstIndex(of: UInt8(ascii: "'")).map { $0 + 1 } ?? first + 1
                        bytes = bytes[afterLanguage...]
                    }
                    joined += percentDecode(bytes)
                } else {
                    joined += bytes
                }
            }
            result[name] = CharsetDecoder.decode(joined, charset: charset?.isEmpty == false ? charset : nil).text
        }
        return result
    }

    static func percentDecode(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.endIndex,
                let hi = QuotedPrintable.hexValue(bytes[i + 1]), let lo = QuotedPrintable.hexValue(bytes[i + 2])
            {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }
}
