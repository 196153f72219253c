/// Parses address headers (From, To, Cc, Reply-To) the tolerant way real mail needs.
///
/// Handles display names quoted or not, RFC 2047 encoded-words in names (also inside quotes), comments,
/// groups (`team: a@x, b@y;`), source routes (`<@relay:user@host>`), and bare addresses. Items without an
/// `@`-address and no angle brackets are skipped.
public enum AddressParser {
    /// Parses a header value (raw, not RFC 2047-decoded: decoding happens per display name).
    /// - Parameter value: The header value as it appears after the colon, folded or not.
    /// - Returns: The mailboxes in order; group names are dropped, members kept.
    public static func parse(_ value: String) -> [Mailbox] {
        var mailboxes: [Mailbox] = []
        var phrase: [UInt8] = []  // display-name bytes (quotes kept for later decoding)
        var comment: [UInt8] = []
        var angle: [UInt8]?
        var sawAngle = false
        let bytes = Array(value.utf8).filter { $0 != 0x0D && $0 != 0x0A }
        var i = 0

        func flush() {
            defer {
                phrase = []
                comment = []
                angle = nil
                sawAngle = false
            }
            if sawAngle {
                let address = cleanAddress(angle ?? [], angle: true)
                guard !address.isEmpty || !phrase.isEmpty else { return }
                mailboxes.append(Mailbox(name: decodeName(phrase), address: address))
            } else {
                let address = cleanAddress(phrase, angle: false)
                guard !address.isEmpty else { return }
                mailboxes.append(Mailbox(name: "", address: address))
            }
        }

        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "\""):
                phrase.append(b)
                i += 1
                while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                    if bytes[i] == UInt8(ascii: "\\"), i + 1 < bytes.count {
                        phrase.append(bytes[i])
                        i += 1
                    }
                    phrase.append(bytes[i])
                    i += 1
                }
                phrase.append(UInt8(ascii: "\""))
                i += 1
            case UInt8(ascii: "("):
                var depth = 1
                i += 1
                while i < bytes.count, depth > 0 {
                    switch bytes[i] {
                    case UInt8(ascii: "\\") where i + 1 < bytes.count: i += 1
                    case UInt8(ascii: "("): depth += 1
                    case UInt8(ascii: ")"): depth -= 1
                    default: break
                    }
                    if depth == 0 { break }
                    comment.append(bytes[i])
                    i += 1
                }
                i += 1
                phrase.append(0x20)
            case UInt8(ascii: "<"):
                sawAngle = true
                var inner: [UInt8] = []
                i += 1
                while i < bytes.count, bytes[i] != UInt8(ascii: ">") {
                    if bytes[i] == UInt8(ascii: "\"") {
                        // quoted local part
                        inner.append(bytes[i])
                        i += 1
                        while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                            inner.append(bytes[i])
                            i += 1
                        }
                        if i < bytes.count { inner.append(bytes[i]) }
                    } else {
                        inner.append(bytes[i])
                    }
                    i += 1
                }
                i += 1
                if angle == nil { angle = inner }
            case UInt8(ascii: ","):
                flush()
                i += 1
            case UInt8(ascii: ":") where !sawAngle:
                // A group's display name ends here; its members follow.
                phrase = []
                comment = []
                i += 1
            case UInt8(ascii: ";") where !sawAngle:
                flush()
                i += 1
            default:
                if sawAngle {
                    // Text after <addr> before the next comma: ignore.
                } else {
                    phrase.append(b)
                }
                i += 1
            }
        }
        flush()
        return mailboxes
    }

    /// The address from an addr-spec or angle content: comments and whitespace outside quotes removed,
    /// a source route dropped; `<>` (the null reverse path) stays `<>`. When an unbracketed item holds several
    /// words that do not form one address, the first word with an `@` is taken.
    private static func cleanAddress(_ raw: [UInt8], angle: Bool) -> String {
        var words: [[UInt8]] = [[]]
        var i = 0
        var depth = 0
        while i < raw.count {
            let b = raw[i]
            if depth > 0 {
                switch b {
                case UInt8(ascii: "\\"): i += 1
                case UInt8(ascii: "("): depth += 1
                case UInt8(ascii: ")"): depth -= 1
                default: break
                }
                i += 1
                continue
            }
            switch b {
            case UInt8(ascii: "\""):
                words[words.count - 1].append(b)
                i += 1
                while i < raw.count, raw[i] != UInt8(ascii: "\"") {
                    words[words.count - 1].append(raw[i])
                    i += 1
                }
                if i < raw.count { words[words.count - 1].append(raw[i]) }
            case UInt8(ascii: "("):
                depth = 1
                if !words[words.count - 1].isEmpty { words.append([]) }
            case 0x20, 0x09:
                if !words[words.count - 1].isEmpty { words.append([]) }
            default:
                words[words.count - 1].append(b)
            }
            i += 1
        }
        words.removeAll { $0.isEmpty }
        var bytes = words.flatMap { $0 }
        if words.count > 1, bytes.filter({ $0 == UInt8(ascii: "@") }).count != 1,
            let first = words.first(where: { $0.contains(UInt8(ascii: "@")) })
        {
            bytes = first
        }
        if bytes.first == UInt8(ascii: "@"), let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
            bytes = Array(bytes[(colon + 1)...])
        }
        if angle, bytes.isEmpty { return "<>" }
        return CharsetDecoder.decode(bytes, charset: nil).text
    }

    /// A display name: quotes and escapes removed, whitespace collapsed, encoded-words decoded.
    static func decodeName(_ raw: [UInt8]) -> String {
        var unquoted: [UInt8] = []
        var i = 0
        while i < raw.count {
            let b = raw[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                continue
            }
            if b == UInt8(ascii: "\\"), i + 1 < raw.count {
                unquoted.append(raw[i + 1])
                i += 2
                continue
            }
            unquoted.append(b == 0x09 ? 0x20 : b)
            i += 1
        }
        let decoded = EncodedWordDecoder.decode(unquoted[...])
        return collapsingSpaces(decoded)
    }

    /// Runs of spaces and tabs as one space, none at the ends: `split(whereSeparator:).joined(separator: " ")`
    /// written out, because the generic `joined` costs a relay's per-message process a run-time witness lookup.
    static func collapsingSpaces(_ text: String) -> String {
        var result = ""
        var pendingSpace = false
        for character in text {
            if character == " " || character == "\t" {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.append(" ")
                pendingSpace = false
            }
            result.append(character)
        }
        return result
    }
}
