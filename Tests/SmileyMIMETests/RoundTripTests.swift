import Foundation
import SmileyMIME
import Testing

/// What SmileyMIME composes, SmileyMIME parses back unchanged: subject, names, addresses, bodies, images.
@Suite("Round trip: compose then parse")
struct RoundTripTests {
    static func lf(_ text: String?) -> String? {
        text?.replacingOccurrences(of: "\r\n", with: "\n")
    }

    static func collapsed(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    @Test(arguments: ComposeReadbackTests.cases)
    func composedMessageParsesBack(_ sample: ComposeReadbackTests.Case) throws {
        var message = OutgoingMessage()
        try message.setAddresses("From", [sample.from])
        try message.setAddresses("To", sample.to)
        try message.setText("Subject", sample.subject)
        let date = Date(timeIntervalSince1970: 1_795_514_400)
        try message.setStructured("Date", RFC5322Date.format(date))
        message.textBody = sample.text
        message.htmlBody = sample.html
        message.inlineImages = sample.images
        let parsed = ParsedMessage.parse(message.serialize(boundarySeed: "roundtrip"))

        #expect(parsed.warnings == [])
        #expect(parsed.headers["subject"] == sample.subject)
        #expect(parsed.headers.raw("date").flatMap(RFC5322Date.parse) == date)
        let from = AddressParser.parse(parsed.headers.raw("from") ?? "")
        // Display names come back with runs of whitespace collapsed (and control characters as spaces).
        #expect(
            from == [
                Mailbox(
                    name: Self.collapsed(sample.from.name.replacingOccurrences(of: "\u{7}", with: " ")),
                    address: sample.from.address
                )
            ]
        )
        let to = AddressParser.parse(parsed.headers.raw("to") ?? "")
        #expect(
            to
                == sample.to.map {
                    Mailbox(
                        name: Self.collapsed($0.name.replacingOccurrences(of: "\u{7}", with: " ")),
                        address: $0.address
                    )
                }
        )
        #expect(Self.lf(parsed.textBody) == ComposeReadbackTests.expectedBody(sample.text))
        #expect(Self.lf(parsed.htmlBody) == sample.html.map(ComposeReadbackTests.expectedBody))
        let images = sample.images.isEmpty ? [] : parsed.root.children.dropFirst()
        #expect(images.count == sample.images.count)
        for (image, part) in zip(sample.images, images) {
            #expect(part.body == image.data)
            #expect(part.filename == image.filename)
            #expect(part.headers.raw("content-id") == "<\(image.contentID)>")
            #expect(part.disposition == "inline")
            #expect(part.contentType.mimeType == image.contentType.lowercased())
        }
    }

    @Test func everySplitOfAnEncodedSubjectDecodesWhole() throws {
        // Subjects of every length around word boundaries: no character is ever split between words.
        let alphabet = Array("äöü東京🎉 abc")
        for length in 1...120 {
            let subject = String((0..<length).map { alphabet[($0 * 7) % alphabet.count] })
            var message = OutgoingMessage()
            try message.setText("Subject", subject)
            let parsed = ParsedMessage.parse(message.serialize(boundarySeed: "s"))
            #expect(parsed.headers["subject"] == subject, "length \(length)")
        }
    }
}
