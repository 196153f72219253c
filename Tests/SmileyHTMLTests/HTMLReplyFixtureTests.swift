import Foundation
import SmileyHTML
import Testing

/// Real-looking replies from each mail client: the quoted history goes, the new text stays exactly.
@Suite("Quoted history in client HTML")
struct HTMLReplyFixtureTests {
    @Test("every client fixture has its expected text")
    func fixturesArePresent() {
        let names = FixturePaths.replyFixtureNames()
        #expect(names.count >= 11, "reply fixtures missing under \(FixturePaths.fixtures.path)/replies")
    }

    @Test("dropping the quoted history leaves exactly the new text", arguments: FixturePaths.replyFixtureNames())
    func dropsQuotedHistory(name: String) throws {
        let html = try FixturePaths.read("replies/\(name).html")
        let expected = try FixturePaths.read("replies/\(name).expected.txt").trimmingCharacters(in: .newlines)
        let document = HTMLDocument(parsing: html)

        let reply = document.text(droppingQuotedHistory: true)
        #expect(reply == expected)
        #expect(!reply.contains("How would you rate our support?"))

        // Without dropping, the quoted question is there: the fixture really contains a quote to remove.
        let full = document.text()
        #expect(full.contains("How would you rate our support?"))
        #expect(full.hasPrefix(String(expected.prefix(20))))
    }

    @Test("Gmail's emoji images keep their character; links in the quote show their target when kept")
    func gmailDetails() throws {
        let document = HTMLDocument(parsing: try FixturePaths.read("replies/gmail.html"))
        let full = document.text()
        #expect(full.contains("Great, thanks for the quick fix! 👍"))
        #expect(full.contains("Good (https://feedback.acme.example/r/AbCdEf/positive) | Okay"))
        #expect(full.contains("Acme Support <support@acme.example> wrote:"))
        let links = document.elements(named: "a").compactMap { $0.attributes["href"] }
        #expect(links.filter { $0.contains("/r/AbCdEf/") }.count == 3)
    }
}
