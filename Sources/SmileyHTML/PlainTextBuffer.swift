/// Accumulates plain text with collapsed whitespace and at most one blank line between blocks.
///
/// The text is kept as UTF-8 bytes, always whole `Character`s.
struct PlainTextBuffer {
    private var text: [UInt8] = []
    private var pendingSpace = false
    private var pendingBreaks = 0

    /// The number of UTF-8 bytes written so far (a position for ``text(since:)``).
    var count: Int { text.count }

    /// The last byte written that is not whitespace (text is stored without trailing spaces until more follows).
    var lastVisibleByte: UInt8? { text.last { $0 != 0x20 && !(0x09...0x0D).contains($0) } }

    /// Appends flowing text: whitespace runs become one space, leading whitespace of a line disappears.
    ///
    /// ASCII text is read byte by byte: there every byte is a `Character` but CR LF, and the whitespace ones
    /// are exactly tab, LF, VT, FF, CR and space. Other text goes `Character` by `Character`
    /// (`Character.isWhitespace`, so a space carrying a combining mark is whitespace too).
    mutating func append(_ content: String) {
        var content = content
        let handledAsASCII: Bool = content.withUTF8 { bytes in
            guard Self.isASCII(bytes) else { return false }
            for byte in bytes {
                if byte == 0x20 || (0x09...0x0D).contains(byte) {
                    pendingSpace = true
                } else {
                    prepareForText()
                    text.append(byte)
                }
            }
            return true
        }
        guard !handledAsASCII else { return }
        for character in content {
            if character.isWhitespace {
                pendingSpace = true
            } else {
                prepareForText()
                text.append(contentsOf: character.utf8)
            }
        }
    }

    /// Appends text inside `<pre>`: spaces and newlines kept as they are.
    mutating func appendPreformatted(_ content: String) {
        for character in content {
            if character == "\n" || character == "\r\n" {
                flushBreaks()
                text.append(0x0A)
                pendingSpace = false
            } else {
                flushBreaks()
                text.append(contentsOf: character.utf8)
            }
        }
    }

    /// Appends a list marker at the start of the line, keeping its trailing space.
    mutating func appendMarker(_ marker: String) {
        flushBreaks()
        text.append(contentsOf: marker.utf8)
        pendingSpace = false
    }

    /// A separator between table cells.
    mutating func space() {
        pendingSpace = true
    }

    /// A `<br>`: each one adds a line break (two make a blank line).
    mutating func lineBreak() {
        pendingBreaks = min(pendingBreaks + 1, 2)
        pendingSpace = false
    }

    /// A block boundary: at least `breaks` line breaks before the next text (never more than a blank line).
    mutating func requestBreaks(_ breaks: Int) {
        pendingBreaks = max(pendingBreaks, min(breaks, 2))
        pendingSpace = false
    }

    /// The text written since `start` (from ``count``).
    func text(since start: Int) -> String {
        String(decoding: text[min(start, text.count)...], as: UTF8.self)
    }

    /// The finished text, trimmed, with trailing spaces removed from every line.
    mutating func finish() -> String {
        let lines = String(decoding: text, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map {
            line -> Substring in
            var line = line
            while let last = line.last, last == " " || last == "\t" || last == "\u{A0}" { line.removeLast() }
            return line
        }
        return lines.joined(separator: "\n").trimmingWhitespaceAtEnds()
    }

    /// Writes the breaks or the space pending before the next text.
    private mutating func prepareForText() {
        if pendingBreaks > 0 {
            flushBreaks()
        } else if pendingSpace, !text.isEmpty, !endsWithLineFeedCharacter {
            text.append(0x20)
        }
        pendingSpace = false
    }

    /// Whether the last `Character` is a lone LF (CR LF is one `Character`, and not `"\n"`).
    private var endsWithLineFeedCharacter: Bool {
        text.last == 0x0A && (text.count < 2 || text[text.count - 2] != 0x0D)
    }

    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= bytes.count {
                if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 {
                    return false
                }
                index += 8
            }
        }
        while index < bytes.count {
            if bytes[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }

    private mutating func flushBreaks() {
        if pendingBreaks > 0, !text.isEmpty {
            text.append(contentsOf: repeatElement(0x0A, count: pendingBreaks))
        }
        pendingBreaks = 0
        pendingSpace = false
    }
}
