import Foundation
import SmileyMIME
import Testing

/// Inputs built to exhaust a parser: each must parse quickly, without crashing, and say what was wrong.
@Suite("Parsing: hostile input")
struct HostileInputTests {
    /// Parses and returns the message with the time taken.
    static func timedParse(_ bytes: [UInt8], limits: MIMELimits = .default) -> (ParsedMessage, Duration) {
        let clock = ContinuousClock()
        var message: ParsedMessage?
        let elapsed = clock.measure { message = ParsedMessage.parse(bytes, limits: limits) }
        return (message!, elapsed)
    }

    @Test func emptyInput() {
        let message = ParsedMessage.parse([])
        #expect(message.headers.fields.isEmpty)
        #expect(message.textBody == "")
        #expect(message.warnings.contains("empty message"))
    }

    @Test func boundaryThatNeverCloses() throws {
        var text = "Content-Type: multipart/mixed; boundary=\"open\"\r\n\r\n"
        for index in 0..<3 { text += "--open\r\nContent-Type: text/plain\r\n\r\npart \(index)\r\n" }
        let message = ParsedMessage.parse(Array(text.utf8))
        #expect(message.root.children.count == 3)
        #expect(message.textBody == "part 0")
        #expect(message.warnings.contains { $0.contains("never closed") })
    }

    @Test func tenThousandNestedMultiparts() {
        var head = ""
        var tail = ""
        for level in 0..<10_000 {
            head += "Content-Type: multipart/mixed; boundary=\"b\(level)\"\r\n\r\n--b\(level)\r\n"
            tail = "\r\n--b\(level)--\r\n" + tail
        }
        let bytes = Array((head + "Content-Type: text/plain\r\n\r\ndeep" + tail).utf8)
        let (message, elapsed) = Self.timedParse(bytes)
        var depth = 0
        var part = message.root
        while let child = part.children.first {
            part = child
            depth += 1
        }
        #expect(depth == MIMELimits.default.maxDepth)
        #expect(message.warnings.contains { $0.contains("nesting deeper") })
        #expect(elapsed < .seconds(10), "took \(elapsed)")
    }

    @Test func partCountIsBounded() {
        var text = "Content-Type: multipart/mixed; boundary=x\r\n\r\n"
        text += String(repeating: "--x\r\n\r\np\r\n", count: 30_000) + "--x--\r\n"
        let (message, elapsed) = Self.timedParse(Array(text.utf8))
        #expect(message.root.children.count == MIMELimits.default.maxParts - 1)
        #expect(message.warnings.contains { $0.contains("more than") })
        #expect(elapsed < .seconds(10), "took \(elapsed)")
    }

    @Test func nestedMessagesDoNotCopyBodies() {
        var text = ""
        for _ in 0..<60 { text += "Content-Type: message/rfc822\r\n\r\n" }
        text += "Subject: inner\r\n\r\n" + String(repeating: "x", count: 2_000_000)
        let (message, elapsed) = Self.timedParse(Array(text.utf8))
        var part = message.root
        var depth = 0
        while let child = part.children.first {
            #expect(part.body.isEmpty && part.bodySize > 2_000_000)
            part = child
            depth += 1
        }
        #expect(depth == MIMELimits.default.maxDepth)
        #expect(elapsed < .seconds(10), "took \(elapsed)")
    }

    @Test func fiftyMegabyteHeaderLine() {
        var bytes = Array("Subject: ".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "a"), count: 50 * 1024 * 1024)
        bytes += Array("\r\nX-After: yes\r\n\r\nbody\r\n".utf8)
        let (message, elapsed) = Self.timedParse(bytes)
        #expect(message.headers["subject"]?.utf8.count == MIMELimits.default.maxHeaderBytes - 1)
        #expect(message.headers["x-after"] == "yes")
        #expect(message.textBody == "body\r\n")
        #expect(message.warnings.contains { $0.contains("truncated") })
        #expect(elapsed < .seconds(20), "took \(elapsed)")
    }

    @Test func manyUnterminatedEncodedWordsStayLinear() {
        let value = String(repeating: "=?utf-8?q?x ", count: 200_000)
        let (message, elapsed) = Self.timedParse(
            Array("Subject: \(value)\r\n\r\n".utf8),
            limits: MIMELimits(maxHeaderBytes: 4 * 1024 * 1024)
        )
        #expect(message.headers["subject"]?.hasPrefix("=?utf-8?q?x =?utf-8?q?x") == true)
        #expect(elapsed < .seconds(10), "took \(elapsed)")
    }

    @Test func nulBytesAndInvalidUTF8() {
        var bytes: [UInt8] =
            Array("Subject: a".utf8) + [0x00, 0xFF, 0xFE, 0xC3] + Array("b\r\nFrom: x\0y <a@b.c>\r\n\r\n".utf8)
        bytes += [0x00, 0xFF, 0x41, 0x0D, 0x0A]
        let message = ParsedMessage.parse(bytes)
        #expect(message.headers["subject"] == "a ÿþÃb")
        #expect(message.root.body == [0x00, 0xFF, 0x41, 0x0D, 0x0A])
        #expect(message.textBody != nil)
    }

    @Test(arguments: [
        "", "\r\n", "\n\n\n", "Subject", ":", ": x\r\n\r\n", "--", "=?", "=?utf-8?b?", "\u{0}",
        "Content-Type: multipart/mixed; boundary=\"\"\r\n\r\n--\r\n",
        "Content-Type: multipart/mixed; boundary=a\r\n\r\n--a--",
        "Content-Type: message/rfc822\r\n\r\n",
        "Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!!",
        "Content-Type: text/plain; charset*0*=x'; name*99999999999999999999=1\r\n\r\n",
        "Content-Type: /\r\nContent-Disposition: ;;;=\"\r\n\r\n",
        " continuation first\r\nSubject: x\r\n\r\n",
    ])
    func degenerateInputsParse(_ text: String) {
        let message = ParsedMessage.parse(Array(text.utf8))
        _ = message.textBody
        _ = message.htmlBody
        _ = message.attachments
        _ = message.headers.fields.map(\.decodedValue)
    }
}
