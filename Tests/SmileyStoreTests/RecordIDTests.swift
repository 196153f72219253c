import SmileyStore
import Testing

@Suite("Record ids")
struct RecordIDTests {
    @Test("the same Message-ID gives the same id, with or without brackets and spaces")
    func messageIDNormalization() {
        let id = RecordID(messageID: "<CAF=abc123@mail.gmail.com>")
        #expect(RecordID(messageID: "CAF=abc123@mail.gmail.com") == id)
        #expect(RecordID(messageID: "  <CAF=abc123@mail.gmail.com>\r\n") == id)
        #expect(RecordID(messageID: "<CAF=abc124@mail.gmail.com>") != id)
        #expect(id.rawValue.count == 32)
        #expect(RecordID(id.rawValue) == id)
    }

    @Test("without a Message-ID the content decides, and message and content ids never collide")
    func contentFallback() {
        let body = Array("Subject: hi\r\n\r\nGreat service".utf8)
        #expect(RecordID.derive(messageID: nil, content: body) == RecordID(content: body))
        #expect(RecordID.derive(messageID: " <> ", content: body) == RecordID(content: body))
        #expect(RecordID.derive(messageID: "<x@y>", content: body) == RecordID(messageID: "x@y"))
        #expect(RecordID(content: body + [0]) != RecordID(content: body))
        #expect(RecordID(content: Array("x@y".utf8)) != RecordID(messageID: "x@y"))
    }

    @Test(
        "only 32 lowercase hex digits are accepted as an id (ids become file names)",
        arguments: [
            "../../../../etc/passwd", "", "0123456789ABCDEF0123456789abcdef", "0123456789abcdef0123456789abcde",
            "0123456789abcdef0123456789abcdef0", "0123456789abcdef/123456789abcdef",
        ]
    )
    func rejectsNonIDs(text: String) {
        #expect(RecordID(text) == nil)
    }
}
