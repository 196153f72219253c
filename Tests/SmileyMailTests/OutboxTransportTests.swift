import Foundation
import Testing

@testable import SmileyMail
@testable import SmileyStore

/// The outbox writes one whole `.eml` per Message-ID and leaves no temporary files.
struct OutboxTransportTests {
    @Test func writesOneFilePerMessageIDAtomically() async throws {
        let directory = try makeTemporaryDirectory().appendingPathComponent("outbox")
        let journal = try SendJournal(
            path: directory.deletingLastPathComponent().appendingPathComponent("j.jsonl").path
        )
        let list = (0..<5).map { i in
            OutgoingItem(
                recipientKey: "k\(i)",
                envelopeFrom: "b@example.org",
                envelopeTo: "r\(i)@example.org",
                messageID: "<m\(i).x/y@smiley.test>",
                bytes: testMessage(id: "m\(i)@t", to: "r\(i)@example.org")
            )
        }
        let report = try await BulkSender(transport: OutboxTransport(directory: directory))
            .send(list + [list[0]], journal: journal)
        #expect(report.accepted == 5 && report.skipped == 1, "the repeated key is skipped: already accepted")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(names == (0..<5).map { "m\($0).x_y@smiley.test.eml" })
        let first = try Data(contentsOf: directory.appendingPathComponent(names[0]))
        #expect([UInt8](first) == list[0].bytes)
    }

    @Test func fileNamesAreSafe() {
        #expect(OutboxTransport.fileName(forMessageID: "<a/../b@c>") == "a_.._b@c.eml")
        #expect(OutboxTransport.fileName(forMessageID: ".hidden") == "_.hidden.eml")
        #expect(OutboxTransport.fileName(forMessageID: "") == "_.eml")
    }
}
