import Testing

@testable import SmileyMail

/// The byte-level parts of the SMTP dialogue: dot-stuffing the message, reading replies, and finding
/// PIPELINING in the EHLO reply.
struct SMTPDialogueTests {
    private func stuffed(_ text: String) -> String {
        var out: [UInt8] = []
        SMTPConnection.appendDotStuffed(Array(text.utf8), to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func leadingDotsAreDoubledAndTheEndMarkIsAdded() {
        #expect(stuffed("a\r\n.b\r\n..c\r\nd.e\r\n") == "a\r\n..b\r\n...c\r\nd.e\r\n.\r\n")
        #expect(stuffed(".first line\r\n") == "..first line\r\n.\r\n")
        #expect(stuffed(".\r\n") == "..\r\n.\r\n", "a lone dot line in the message must not end it")
        #expect(stuffed("no final break") == "no final break\r\n.\r\n")
        #expect(stuffed("ends in CR\r") == "ends in CR\r\n.\r\n")
        #expect(stuffed("") == ".\r\n")
    }

    @Test func aLargeMessageSurvivesUnchangedApartFromStuffing() {
        var text = ""
        for i in 0..<5_000 { text += (i % 7 == 0 ? "." : "") + "line \(i)\r\n" }
        let out = stuffed(text)
        #expect(out.hasSuffix("\r\n.\r\n"), "ends with the end-of-data line")
        // "\r\n" is one Character, so dropLast(2) removes the final "." and its line break.
        let unstuffed = out.dropLast(2).split(separator: "\r\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("..") ? String($0.dropFirst()) : String($0) }.joined(separator: "\r\n")
        #expect(unstuffed == text)
    }

    @Test func repliesArriveInAnyPieces() {
        var parser = SMTPReplyParser()
        let bytes = Array("250-smtp.example\r\n250-PIPELINING\r\n250 8BITMIME\r\n354 go ahead\r\n550 5.1.1 no\r\n".utf8)
        var replies: [SMTPReply] = []
        for chunk in stride(from: 0, to: bytes.count, by: 7) {
            let piece = Array(bytes[chunk..<min(bytes.count, chunk + 7)])
            replies += piece.withUnsafeBytes { parser.feed($0) }
        }
        #expect(replies.map(\.code) == [250, 354, 550])
        #expect(replies[0].lines == ["smtp.example", "PIPELINING", "8BITMIME"])
        #expect(replies[0].text == "smtp.example PIPELINING 8BITMIME")
        #expect(replies[2].text == "5.1.1 no")
        #expect(!replies[1].isPositive && replies[0].isPositive)
    }

    @Test func garbageLinesNeverBecomeReplies() {
        var parser = SMTPReplyParser()
        let replies = Array("hello\r\n25\r\nxyz 250\r\n220\r\n".utf8).withUnsafeBytes { parser.feed($0) }
        #expect(replies.map(\.code) == [220])
    }

    @Test func pipeliningIsReadFromTheLastEHLOReply() {
        func transcript(_ text: String) -> SMTPConnectTranscript {
            let transcript = SMTPConnectTranscript()
            Array(text.utf8).withUnsafeBytes { transcript.receive($0) }
            return transcript
        }
        #expect(transcript("220 hi\r\n250-mx\r\n250-SIZE 1000\r\n250 PIPELINING\r\n").offersPipelining)
        #expect(transcript("220 hi\r\n250-mx\r\n250-pipelining\r\n250 HELP\r\n").offersPipelining)
        #expect(!transcript("220 hi\r\n250-mx\r\n250-SIZE 1000\r\n250 HELP\r\n").offersPipelining)
        #expect(!transcript("220 hi\r\n250 mx\r\n").offersPipelining)
        // Before STARTTLS the server offered it; after, it did not: the second EHLO counts.
        let afterTLS = "220 hi\r\n250-mx\r\n250-PIPELINING\r\n250 STARTTLS\r\n220 go\r\n250-mx\r\n250 SIZE 1\r\n"
        #expect(!transcript(afterTLS).offersPipelining)
        #expect(transcript("220 hi\r\n250-mx\r\n250 AUTH PLAIN\r\n535 5.7.8 bad\r\n").lastRefusal?.code == 535)
    }
}
