import Testing

@testable import SmileyHTML

/// ``PlainTextBuffer`` reads ASCII text byte by byte; it must write what the `Character` loop it replaced wrote.
@Suite("Plain-text buffer")
struct PlainTextBufferTests {
    /// The `Character` version the byte loop replaced.
    private struct CharacterBuffer {
        var text = ""
        var pendingSpace = false
        var pendingBreaks = 0

        mutating func append(_ content: String) {
            for character in content {
                if character.isWhitespace {
                    pendingSpace = true
                    continue
                }
                if pendingBreaks > 0 {
                    flushBreaks()
                } else if pendingSpace, let last = text.last, last != "\n" {
                    text.append(" ")
                }
                pendingSpace = false
                text.append(character)
            }
        }

        mutating func appendPreformatted(_ content: String) {
            for character in content {
                flushBreaks()
                if character == "\n" || character == "\r\n" {
                    text.append("\n")
                    pendingSpace = false
                } else {
                    text.append(character)
                }
            }
        }

        mutating func requestBreaks(_ breaks: Int) {
            pendingBreaks = max(pendingBreaks, min(breaks, 2))
            pendingSpace = false
        }

        mutating func flushBreaks() {
            if pendingBreaks > 0, !text.isEmpty { text.append(String(repeating: "\n", count: pendingBreaks)) }
            pendingBreaks = 0
            pendingSpace = false
        }
    }

    @Test("the byte loop writes what the Character loop wrote, on random ASCII and non-ASCII pieces")
    func byteLoopEqualsCharacterLoop() {
        let pieces = [
            " ", "\t", "\r", "\n", "\r\n", "\u{0B}", "\u{0C}", "a", "Bc", "1.", "\u{00A0}", "é", "e\u{301}",
            " \u{301}", "\u{2003}", "日本", "\u{85}", "x\r", "\u{1F600}", "\u{200D}",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            var buffer = PlainTextBuffer()
            var reference = CharacterBuffer()
            for _ in 0..<Int.random(in: 1...12, using: &generator) {
                let content = (0..<Int.random(in: 0...6, using: &generator)).map { _ in
                    pieces.randomElement(using: &generator)!
                }.joined()
                switch Int.random(in: 0..<6, using: &generator) {
                case 0:
                    buffer.appendPreformatted(content)
                    reference.appendPreformatted(content)
                case 1:
                    let breaks = Int.random(in: 1...3, using: &generator)
                    buffer.requestBreaks(breaks)
                    reference.requestBreaks(breaks)
                default:
                    buffer.append(content)
                    reference.append(content)
                }
                #expect(buffer.text(since: 0) == reference.text, "after \(content.debugDescription)")
            }
        }
    }
}
