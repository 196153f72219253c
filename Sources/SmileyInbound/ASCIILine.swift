/// A line of pure ASCII text, for the fast paths of ``ReplyMarkers``: on ASCII, lowercasing is folding `A`–`Z`
/// and ``ReplyMarkers/normalizedSpaces(_:)`` is turning tabs into spaces and runs of them into one, so those
/// checks can run on the bytes with the same answers. Lines with any other byte take the `Character` paths.
struct ASCIILine {
    private let bytes: [UInt8]

    /// The line's bytes, or nil when the line is not pure ASCII.
    init?(_ line: some StringProtocol) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(line.utf8.count)
        for byte in line.utf8 {
            guard byte < 0x80 else { return nil }
            bytes.append(byte)
        }
        self.bytes = bytes
    }

    /// Whether the lowercased, space-normalized line starts with `prefix` (lower-case ASCII, single spaces).
    func hasNormalizedPrefix(_ prefix: String) -> Bool {
        bytes.withUnsafeBufferPointer { Self.hasNormalizedPrefix($0, prefix) }
    }

    /// Whether ASCII `bytes`, lowercased and space-normalized, start with `prefix` (lower-case ASCII, single spaces).
    static func hasNormalizedPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: String) -> Bool {
        var position = 0
        for wanted in prefix.utf8 {
            guard position < bytes.count else { return false }
            if wanted == 0x20 {
                guard isSpace(bytes[position]) else { return false }
                while position < bytes.count, isSpace(bytes[position]) { position += 1 }
            } else {
                let byte = bytes[position]
                guard (byte &- 0x41 < 26 ? byte | 0x20 : byte) == wanted else { return false }
                position += 1
            }
        }
        return true
    }

    /// The line as `normalizedSpaces(line.replyTrimmingWhitespace().lowercased())` would make it: whitespace
    /// (tab, line feed, vertical tab, form feed, carriage return, space) trimmed from both ends, `A`–`Z` folded,
    /// runs of spaces and tabs as one space.
    func normalizedLowercaseTrimmed() -> [UInt8] {
        var start = 0
        var end = bytes.count
        while start < end, Self.isWhitespace(bytes[start]) { start += 1 }
        while end > start, Self.isWhitespace(bytes[end - 1]) { end -= 1 }
        var result: [UInt8] = []
        result.reserveCapacity(end - start)
        var lastWasSpace = false
        for byte in bytes[start..<end] {
            let isSpace = Self.isSpace(byte)
            if !isSpace {
                result.append(byte &- 0x41 < 26 ? byte | 0x20 : byte)
            } else if !lastWasSpace {
                result.append(0x20)
            }
            lastWasSpace = isSpace
        }
        return result
    }

    /// `Character.isWhitespace` on ASCII.
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// Whether the first character is a digit (`Character.isNumber` on ASCII).
    var startsWithDigit: Bool {
        guard let first = bytes.first else { return false }
        return first >= 0x30 && first <= 0x39
    }

    /// Whether the line holds `byte`.
    func contains(_ byte: UInt8) -> Bool {
        bytes.contains(byte)
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09
    }
}
