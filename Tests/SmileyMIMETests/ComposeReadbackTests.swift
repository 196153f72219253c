import Foundation
import SmileyMIME
import Testing

/// Composes messages and has Python's stdlib parser (`email.policy.default`) read them back: no defects, and the
/// same decoded subject, names, addresses, bodies and images.
@Suite("Composing: read back by Python's email package")
struct ComposeReadbackTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var subject: String
        var from: Mailbox
        var to: [Mailbox]
        var text: String
        var html: String?
        var images: [InlineAttachment] = []
        var testDescription: String { label }
    }

    struct Readback: Decodable {
        struct Box: Decodable {
            var name: String
            var address: String
        }
        struct Image: Decodable {
            var cid: String?
            var filename: String?
            var type: String
            var disposition: String?
            var size: Int
        }
        var defects: [String]
        var subject: String?
        var from: [Box]?
        var to: [Box]?
        var content_type: String
        var structure: [String]
        var text: String?
        var html: String?
        var images: [Image]
        var max_line: Int
        var bare_lf: Int
        var bare_cr: Int
    }

    static let longLine = (0..<200).map { "<b>w\($0)</b>" }.joined()  // > 2000 characters, no line break
    static let png: [UInt8] = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }

    static let cases: [Case] = [
        Case(
            label: "ASCII",
            subject: "How did we do? Ticket #4711",
            from: Mailbox(name: "Support Team", address: "support@example.com"),
            to: [Mailbox(name: "Ada Lovelace", address: "ada@example.org")],
            text: "Hello,\nrate us.\n",
            html: nil
        ),
        Case(
            label: "German",
            subject: "Wie zufrieden waren Sie? Grüße aus Köln – Ihr Kundendienst",
            from: Mailbox(name: "Jörg Müller-Lüdenscheidt", address: "joerg@example.de"),
            to: [
                Mailbox(name: "Zoë Straße", address: "zoe@example.de"),
                Mailbox(name: "Doe, John", address: "john@example.com"),
            ],
            text: "Sehr geehrte Frau Straße,\n\nwie zufrieden waren Sie mit unserer Antwort? Äußerst? Übel?\n",
            html: "<p>Grüße</p>"
        ),
        Case(
            label: "Japanese",
            subject: "サポートへのご意見をお聞かせください（チケット番号１２３）",
            from: Mailbox(name: "山田太郎", address: "yamada@example.jp"),
            to: [Mailbox(name: "鈴木花子", address: "hanako@example.jp")],
            text: "いつもご利用いただきありがとうございます。\n",
            html: "<p>ありがとうございます</p>"
        ),
        Case(
            label: "Emoji",
            subject: "😀 😐 😞 Rate us! 🎉🎉🎉",
            from: Mailbox(name: "Smiley 😀", address: "smiley@example.com"),
            to: [Mailbox(name: "👩‍💻 Dev", address: "dev@example.com")],
            text: "Click 😀 or 😞\n",
            html: "<p>😀</p>"
        ),
        Case(
            label: "Very long subject",
            subject: String(
                repeating: "Ihre Anfrage „Drucker druckt nicht“ wurde gelöst – bitte bewerten Sie uns ",
                count: 8
            ),
            from: Mailbox(name: String(repeating: "Ünïcødé ", count: 12), address: "long@example.com"),
            to: (1...12).map { Mailbox(name: "Empfänger Nummer \($0)", address: "r\($0)@example.com") },
            text: String(repeating: "Zeile mit Umlauten äöü und einem sehr langen Satz, der weitergeht. ", count: 40),
            html: "<p>" + longLine + "</p>"
        ),
        Case(
            label: "Long ASCII subject",
            subject: String(repeating: "Your ticket about the printer has been solved ", count: 10),
            from: Mailbox(name: "A \"quoted\" name \\ with backslash", address: "q@example.com"),
            to: [Mailbox(address: "bare@example.com")],
            text: "x",
            html: longLine
        ),
        Case(
            label: "Looks encoded",
            subject: "=?UTF-8?B?bm90IGVuY29kZWQ=?= literally",
            from: Mailbox(name: "=?utf-8?q?Fake?=", address: "f@example.com"),
            to: [Mailbox(name: "Bell\u{7}Name", address: "t@example.com")],
            text: "=?UTF-8?Q?x?=\n",
            html: nil
        ),
        Case(
            label: "QP hazards",
            subject: "  spaced  subject  ",
            from: Mailbox(name: "O'Brien", address: "ob@example.com"),
            to: [Mailbox(name: "", address: "x@example.com")],
            text: "From the start\n.leading dot\ntrailing space   \ntrailing tab\t\nequals = sign ==\n"
                + String(repeating: "=", count: 100) + "\n" + String(repeating: "ü", count: 100) + "\n\n\nend",
            html: "<p style=\"a:b\">" + String(repeating: "🎉", count: 50) + "</p>\n.\nFrom me\n"
        ),
        Case(
            label: "Images",
            subject: "Bilder",
            from: Mailbox(name: "Support", address: "s@example.com"),
            to: [Mailbox(name: "X", address: "x@example.com")],
            text: "see html\n",
            html: "<img src=\"cid:logo@smiley\"><img src=\"cid:face\">",
            images: [
                InlineAttachment(contentID: "logo@smiley", filename: "logo.png", contentType: "image/png", data: png),
                InlineAttachment(
                    contentID: "face",
                    filename: "Lächeln 😀.gif",
                    contentType: "image/gif",
                    data: Array(png.prefix(77))
                ),
            ]
        ),
        Case(
            label: "Images without HTML",
            subject: "nur Text",
            from: Mailbox(address: "s@example.com"),
            to: [Mailbox(address: "x@example.com")],
            text: "plain\n",
            html: nil,
            images: [InlineAttachment(contentID: "a", filename: "a.png", contentType: "IMAGE/PNG", data: [1, 2, 3])]
        ),
    ]

    /// What Python's `get_content()` gives back for a body we wrote: LF line breaks, a final one added.
    static func expectedBody(_ text: String) -> String {
        var normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        if !normalized.hasSuffix("\n") { normalized += "\n" }
        return normalized
    }

    static func collapsingSpaces(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    @Test(arguments: cases)
    func pythonReadsItBackWithoutDefects(_ sample: Case) throws {
        var message = OutgoingMessage()
        try message.setAddresses("From", [sample.from])
        try message.setAddresses("To", sample.to)
        try message.setText("Subject", sample.subject)
        try message.setStructured("Date", RFC5322Date.format(Date(timeIntervalSince1970: 1_795_514_400)))
        try message.setStructured("Message-ID", "<readback.\(sample.label.count)@example.com>")
        message.textBody = sample.text
        message.htmlBody = sample.html
        message.inlineImages = sample.images
        let bytes = message.serialize(boundarySeed: "readback")
        let file = try TestSupport.temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(at: file) }
        let data = try TestSupport.runPythonScript("readback.py", arguments: [file.path])
        let result = try JSONDecoder().decode(Readback.self, from: data)

        #expect(result.defects == [])
        #expect(result.subject == sample.subject)
        // Python keeps the space between adjacent encoded-words in a display name (RFC 2047 says drop it),
        // so a long name split after its spaces comes back with doubled spaces: compare with runs collapsed.
        #expect(result.from?.map { Self.collapsingSpaces($0.name) } == [Self.collapsingSpaces(sample.from.name)])
        #expect(result.from?.map(\.address) == [sample.from.address])
        #expect(
            result.to?.map { Self.collapsingSpaces($0.name) }
                == sample.to.map { Self.collapsingSpaces($0.name.replacingOccurrences(of: "\u{7}", with: " ")) }
        )
        #expect(result.to?.map(\.address) == sample.to.map(\.address))
        #expect(result.text == Self.expectedBody(sample.text))
        #expect(result.html == sample.html.map(Self.expectedBody))
        #expect(result.max_line <= 78, "a line is \(result.max_line) octets long")
        #expect(result.bare_lf == 0 && result.bare_cr == 0)
        #expect(result.images.count == sample.images.count)
        for (image, read) in zip(sample.images, result.images) {
            #expect(read.cid == "<\(image.contentID)>")
            #expect(read.filename == image.filename)
            #expect(read.type == image.contentType.lowercased())
            #expect(read.disposition == "inline")
            #expect(read.size == image.data.count)
        }
        let expectedTop =
            sample.images.isEmpty ? (sample.html == nil ? "text/plain" : "multipart/alternative") : "multipart/related"
        #expect(result.content_type == expectedTop)
    }
}
