import Foundation
import SmileyHTML
import Testing

@Suite("XML payloads")
struct XMLDocumentTests {
    @Test("a webhook payload becomes a value tree with namespaces, attributes, text and CDATA")
    func valueTree() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <notification xmlns="urn:acme:hooks" xmlns:t="urn:acme:ticket" version="2">
              <t:ticket id="4711" t:state="closed">
                <subject>Export fails &amp; times out</subject>
                <body><![CDATA[<p>Great, thanks!</p>]]></body>
              </t:ticket>
              <!-- a comment -->
            </notification>
            """
        let root = try XMLDocument(parsing: Array(xml.utf8)).root
        #expect(root.name == "notification")
        #expect(root.namespaceURI == "urn:acme:hooks")
        #expect(root.attributes == ["version": "2"])
        let ticket = try #require(root.child(named: "ticket"))
        #expect(ticket.name == "t:ticket")
        #expect(ticket.namespaceURI == "urn:acme:ticket")
        #expect(ticket.attributes == ["id": "4711", "t:state": "closed"])
        #expect(ticket.child(named: "subject")?.text == "Export fails & times out")
        #expect(root.descendant(path: ["ticket", "body"])?.text == "<p>Great, thanks!</p>")
        #expect(root.children.count == 1)
    }

    @Test("an encoding declaration other than UTF-8 is honoured")
    func latin1Payload() throws {
        var bytes = Array(#"<?xml version="1.0" encoding="ISO-8859-1"?><r>Gr"#.utf8)
        bytes += [0xFC, 0xDF, 0x65]  // "üße" in Latin-1
        bytes += Array("</r>".utf8)
        #expect(try XMLDocument(parsing: bytes).root.text == "Grüße")
    }

    @Test("malformed XML throws with line and column")
    func malformed() {
        let xml = "<a>\n  <b>text</c>\n</a>"
        #expect {
            try XMLDocument(parsing: Array(xml.utf8))
        } throws: { error in
            guard let error = error as? XMLParseError else { return false }
            return error.line == 2 && error.column > 0 && !error.isEntityDeclaration
                && error.description.contains("line 2")
        }
        #expect(throws: XMLParseError.empty) { try XMLDocument(parsing: []) }
    }

    @Test("billion laughs is refused quickly")
    func billionLaughs() {
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
        xml += " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
        for level in 2...9 {
            let previous = "&lol\(level - 1);"
            xml += " <!ENTITY lol\(level) \"\(String(repeating: previous, count: 10))\">\n"
        }
        xml += "]>\n<lolz>&lol9;</lolz>"
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            #expect(throws: XMLParseError.self) { try XMLDocument(parsing: Array(xml.utf8)) }
        }
        #expect(elapsed < .seconds(1), "took \(elapsed)")
    }

    @Test("an external entity naming a local file is never read into the result")
    func externalEntity() throws {
        let secret = "smiley-secret-\(UUID().uuidString)"
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("smiley-xxe-\(UUID().uuidString).txt")
        try secret.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }

        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE r [<!ENTITY x SYSTEM "\(file.absoluteString)">]>
            <r>before &x; after</r>
            """
        do {
            let root = try XMLDocument(parsing: Array(xml.utf8)).root
            Issue.record("a document declaring entities was accepted: \(root)")
        } catch {
            #expect(error.isEntityDeclaration)
            #expect(!error.description.contains(secret))
        }

        let hostnameXML = "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/hostname\">]><r>&x;</r>"
        #expect(throws: XMLParseError.self) { try XMLDocument(parsing: Array(hostnameXML.utf8)) }

        let parameterEntity = "<!DOCTYPE r [<!ENTITY % p SYSTEM \"\(file.absoluteString)\"> %p;]><r/>"
        #expect(throws: XMLParseError.self) { try XMLDocument(parsing: Array(parameterEntity.utf8)) }
    }

    @Test("an external DTD is not loaded, so it cannot add default attributes")
    func externalDTDNotLoaded() throws {
        let dtd = FileManager.default.temporaryDirectory.appendingPathComponent("smiley-\(UUID().uuidString).dtd")
        try #"<!ATTLIST r injected CDATA "from-the-dtd">"#.write(to: dtd, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: dtd) }
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE r SYSTEM \"\(dtd.absoluteString)\">\n<r plain=\"yes\"/>"
        let root = try XMLDocument(parsing: Array(xml.utf8)).root
        #expect(root.attributes == ["plain": "yes"])
    }
}
