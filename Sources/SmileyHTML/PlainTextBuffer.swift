/// Accumulates plain text with collapsed whitespace and at most one blank line between blocks.
struct PlainTextBuffer {
    private var text = ""
    private var pendingSpace = false
    private var pendingBreaks = 0

    /// The number of UTF-8 bytes written so far (a position for ``text(since:)``).
    var count: Int { text.utf8.count }

    /// Appends flowing text: whitespace runs become one space, leading whitespace of a line disappears.
    mutating func append(_ content: String) {
        for character in content {
            if character.isWhitespace {
                pendingSpace = true
            } else {
                write(character)
            }
        }
    }

    /// Appends text inside `<pre>`: spaces and newlines kept as they are.
    mutating func appendPreformatted(_ content: String) {
        for character in content {
            if character == "\n" || character == "\r\n" {
                flushBreaks()
                text.append("\n")
                pendingSpace = false
            } else {
                flushBreaks()
                text.append(character)
            }
        }
    }

    /// Appends a list marker at the start of the line, keeping its trailing space.
    mutating func appendMarker(_ marker: String) {
        flushBreaks()
        text.append(marker)
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
        String(decoding: text.utf8.dropFirst(start), as: UTF8.self)
    }

    /// The finished text, trimmed, with trailing spaces removed from every line.
    mutating func finish() -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            var line = line
            while let last = line.last, last == " " || last == "\t" || last == "\u{A0}" { line.removeLast() }
            return line
        }
        return lines.joined(separator: "\n").trimmingWhitespaceAtEnds()
    }

    private mutating func write(_ character: Character) {
        if pendingBreaks > 0 {
            flushBreaks()
        } else if pendingSpace, let last = text.last, last != "\n" {
            text.append(" ")
        }
        pendingSpace = false
        text.append(character)
    }

    private mutating func flushBreaks() {
        if pendingBreaks > 0, !text.isEmpty {
            text.append(String(repeating: "\n", count: pendingBreaks))
        }
        pendingBreaks = 0
        pendingSpace = false
    }
}
