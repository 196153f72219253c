import Foundation
import SmileyMIME
import Testing

@Suite("Composing: structure")
struct ComposeStructureTests {
    static func lines(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
    }

    static func basicMessage() throws -> OutgoingMessage {
        var message = OutgoingMessage()
        try message.setAddresses("From", [Mailbox(name: "Support", address: "support@example.com")])
        try message.setAddresses("To", [Mailbox(name: "Ada Lovelace", address: "ada@example.org")])
        try message.setText("Subject", "How did we do?")
        try message.setStructured("Message-ID", "<abc.123@example.com>")
        message.textBody = "Hello Ada,\nplease rate us.\n"
        return message
    }

    @Test func textOnlyIsSinglePartQuotedPrintable() throws {
        let bytes = try Self.basicMessage().serialize(boundarySeed: "s1")
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(
            text == """
                From: Support <support@example.com>\r
                To: Ada Lovelace <ada@example.org>\r
                Subject: How did we do?\r
                Message-ID: <abc.123@example.com>\r
                MIME-Version: 1.0\r
                Content-Type: text/plain; charset=utf-8\r
                Content-Transfer-Encoding: quoted-printable\r
                \r
                Hello Ada,\r
                please rate us.\r

                """
        )
    }

    @Test func htmlMakesAlternativeWithTextFirst() throws {
        var message = try Self.basicMessage()
        message.htmlBody = "<p>Hello</p>"
        let lines = Self.lines(message.serialize(boundarySeed: "seed"))
        let contentTypes = lines.filter { $0.hasPrefix("Content-Type:") }
        #expect(
            contentTypes == [
                "Content-Type: multipart/alternative;",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Type: text/html; charset=utf-8",
            ]
        )
        #expect(lines.contains(" boundary=\"=_seed_alt\""))
        #expect(lines.filter { $0 == "--=_seed_alt" }.count == 2)
        #expect(lines.last(where: { !$0.isEmpty }) == "--=_seed_alt--")
    }

    @Test func inlineImagesMakeRelatedAroundAlternative() throws {
        var message = try Self.basicMessage()
        message.htmlBody = "<img src=\"cid:logo@smiley\">"
        message.inlineImages = [
            InlineAttachment(
                contentID: "logo@smiley",
                filename: "logo.png",
                contentType: "image/png",
                data: Array(repeating: 0xAB, count: 300)
            )
        ]
        let lines = Self.lines(message.serialize(boundarySeed: "x"))
        let contentTypes = lines.filter { $0.hasPrefix("Content-Type:") }
        #expect(
            contentTypes == [
                "Content-Type: multipart/related; type=\"multipart/alternative\";",
                "Content-Type: multipart/alternative;",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Type: text/html; charset=utf-8",
                "Content-Type: image/png;",
            ]
        )
        #expect(lines.contains("Content-ID: <logo@smiley>"))
        #expect(lines.contains(" filename=\"logo.png\""))
        // 300 bytes → 400 base64 characters → lines of 76 then the rest.
        let base64Lines = lines.filter { $0.hasPrefix("q6ur") }
        #expect(base64Lines.first?.count == 76)
        #expect(lines.last(where: { !$0.isEmpty }) == "--=_x_rel--")
    }

    @Test func sameSeedSameBytesOtherSeedOtherBoundaries() throws {
        var message = try Self.basicMessage()
        message.htmlBody = "<p>x</p>"
        #expect(message.serialize(boundarySeed: "a") == message.serialize(boundarySeed: "a"))
        #expect(message.serialize(boundarySeed: "a") != message.serialize(boundarySeed: "b"))
        // Characters outside the boundary alphabet never reach the header.
        let odd = String(decoding: message.serialize(boundarySeed: "a\"b\r\nc"), as: UTF8.self)
        #expect(odd.contains("boundary=\"=_abc_alt\""))
    }

    @Test func everyLineEndsInCRLF() throws {
        var message = try Self.basicMessage()
        message.textBody = "one\ntwo\r\nthree\rfour"
        message.htmlBody = "<p>a</p>\n<p>b</p>"
        let bytes = message.serialize(boundarySeed: "z")
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A { #expect(index > 0 && bytes[index - 1] == 0x0D) }
            if byte == 0x0D { #expect(index + 1 < bytes.count && bytes[index + 1] == 0x0A) }
        }
    }

    @Test(arguments: [
        ("Subject", "Hi\r\nBcc: victim@example.com"),
        ("Subject", "line\nbreak"),
        ("Subject", "nul\0byte"),
        ("X-Note", "carriage\rreturn"),
    ])
    func textRefusesInjection(name: String, value: String) {
        var message = OutgoingMessage()
        #expect(throws: MIMEHeaderError.self) { try message.setText(name, value) }
        #expect(throws: MIMEHeaderError.self) { try message.setStructured(name, value) }
        #expect(message.headerFields.isEmpty)
    }

    @Test func addressesRefuseInjectionAndBadAddresses() {
        var message = OutgoingMessage()
        #expect(throws: MIMEHeaderError.self) {
            try message.setAddresses("To", [Mailbox(name: "Eve\r\nBcc: x@y.z", address: "eve@example.com")])
        }
        #expect(throws: MIMEHeaderError.self) {
            try message.setAddresses("To", [Mailbox(address: "eve@example.com\r\nBcc: x@y.z")])
        }
        #expect(throws: MIMEHeaderError.self) {
            try message.setAddresses("To", [Mailbox(address: "eve@example.com>, <x@y.z")])
        }
        #expect(throws: MIMEHeaderError.self) { try message.setAddresses("To", [Mailbox(address: "no-at-sign")]) }
        #expect(throws: MIMEHeaderError.self) { try message.setAddresses("To", [Mailbox(address: "jörg@example.com")]) }
        #expect(message.headerFields.isEmpty)
    }

    @Test func badAndReservedNamesAreRefused() {
        var message = OutgoingMessage()
        #expect(throws: MIMEHeaderError.self) { try message.setText("Sub ject", "x") }
        #expect(throws: MIMEHeaderError.self) { try message.setText("Subject:", "x") }
        #expect(throws: MIMEHeaderError.self) { try message.setText("", "x") }
        #expect(throws: MIMEHeaderError.self) { try message.setStructured("Content-Type", "text/html") }
        #expect(throws: MIMEHeaderError.self) { try message.setStructured("X-Id", "caf\u{E9}") }
        do {
            try message.setText("Subject", "a\nb")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("LF"))
            #expect(error.description.contains("Subject"))
        }
    }

    @Test func settingAgainReplacesInPlace() throws {
        var message = OutgoingMessage()
        try message.setText("Subject", "one")
        try message.setStructured("Message-ID", "<1@x>")
        try message.setText("subject", "two")
        #expect(message.headerFields.map(\.line) == ["subject: two", "Message-ID: <1@x>"])
        try message.setAddresses("To", [])
        message.remove("SUBJECT")
        #expect(message.headerFields.map(\.line) == ["Message-ID: <1@x>"])
    }

    @Test func encodedSubjectLinesStayWithin78Columns() throws {
        var message = OutgoingMessage()
        let subject = String(repeating: "Grüße aus Köln, 東京 und 🎉 — ", count: 12)
        try message.setText("Subject", subject)
        let line = try #require(message.headerFields.first?.line)
        for physical in line.components(separatedBy: "\r\n") {
            #expect(physical.utf8.count <= 78, "\(physical)")
            #expect(physical.allSatisfy { $0.isASCII })
        }
    }

    @Test func longStructuredValueFoldsAtWhitespaceAndRefusesUnbreakableWords() throws {
        var message = OutgoingMessage()
        let references = (1...30).map { "<message-\($0)@example.com>" }.joined(separator: " ")
        try message.setStructured("References", references)
        let line = try #require(message.headerFields.first?.line)
        #expect(line.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
        #expect(line.replacingOccurrences(of: "\r\n", with: "") == "References: " + references)
        #expect(throws: MIMEHeaderError.self) {
            try message.setStructured("X-Token", String(repeating: "a", count: 1200))
        }
    }

    @Test func dateFormat() {
        let date = Date(timeIntervalSince1970: 1_795_514_400)  // 2026-11-24T10:00:00Z
        #expect(RFC5322Date.format(date) == "Tue, 24 Nov 2026 10:00:00 +0000")
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: 0.9)) == "Thu, 1 Jan 1970 00:00:00 +0000")
    }
}
