import Foundation
import SmileyCore
import Testing

@testable import SmileyStore

/// The sent index: bucketed append-only JSON Lines that ingest reads back by recipient id.
@Suite("Sent index")
struct SentIndexTests {
    func makeDataDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("smiley-sent-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func recipient(_ address: String, name: String = "Ana", ticket: String = "T-1") throws -> Recipient {
        Recipient(email: try EmailAddress(address), displayName: name, ticketID: ticket, agent: "Ken", company: "ACME")
    }

    @Test func remembersAndLooksUpWithAwkwardText() throws {
        let data = try makeDataDirectory()
        let index = SentIndex(dataDirectory: data)
        let person = try recipient(
            "ana@example.org",
            name: "Ana \"the\" \\Boss\\ Müller\t😀\u{1}/x",
            ticket: "T-\u{7F}1"
        )
        let date = Date(timeIntervalSince1970: 1_700_000_000.75)
        try index.remember(survey: "support", recipient: person, messageID: "smiley.support.x@example.com", at: date)
        let found = try #require(
            SentIndex(dataDirectory: data).lookup(survey: "support", recipient: person.id(inSurvey: "support"))
        )
        #expect(
            found
                == SentIndex.Entry(
                    email: "ana@example.org",
                    name: person.displayName,
                    ticketID: "T-\u{7F}1",
                    agent: "Ken",
                    company: "ACME",
                    messageID: "smiley.support.x@example.com",
                    sentAt: Date(timeIntervalSince1970: 1_700_000_000)
                )
        )
        #expect(
            SentIndex(dataDirectory: data).lookup(survey: "other", recipient: person.id(inSurvey: "support")) == nil
        )
        #expect(
            SentIndex(dataDirectory: data).lookup(
                survey: "support",
                recipient: try recipient("bo@example.org").id(inSurvey: "support")
            ) == nil
        )
    }

    @Test func theLineIsWhatJSONEncoderWritesForTheEntry() throws {
        let entry = SentIndex.Entry(
            email: "a@b.c",
            name: "\"Q\" \\ \n\r\t\u{0}\u{1F} é",
            ticketID: "1",
            agent: "",
            company: "c/d",
            messageID: "m@x",
            sentAt: Date(timeIntervalSince1970: 86_400 * 365)
        )
        let id = RecipientID(rawValue: 0xAB00_0000_0000_0001)
        var dates = JSONDateCache()
        let line = SentIndex.line(id: id, entry: entry, dates: &dates)
        #expect(line.last == 0x0A)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.dropLast())) as? [String: String])
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let reference = try #require(try JSONSerialization.jsonObject(with: encoder.encode(entry)) as? [String: String])
        #expect(object.filter { $0.key != "id" } == reference)
        #expect(object["id"] == "ab00000000000001")
        #expect(
            SentIndex(dataDirectory: "/nonexistent").bucketPath(survey: "s", recipient: id)
                == "/nonexistent/sent/s/ab.jsonl"
        )
    }

    @Test func aLaterEntryReplacesAnEarlierOneAndATornLineIsPassedOver() throws {
        let data = try makeDataDirectory()
        let person = try recipient("ana@example.org")
        let id = person.id(inSurvey: "support")
        do {
            let index = SentIndex(dataDirectory: data)
            try index.remember(survey: "support", recipient: person, messageID: "first@x", at: Date())
            try index.remember(survey: "support", recipient: person, messageID: "second@x", at: Date())
        }
        #expect(SentIndex(dataDirectory: data).lookup(survey: "support", recipient: id)?.messageID == "second@x")
        // A send killed in the middle of a line leaves a torn tail: the complete entry before it still counts.
        let bucket = SentIndex(dataDirectory: data).bucketPath(survey: "support", recipient: id)
        let handle = try #require(FileHandle(forWritingAtPath: bucket))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"id\":\"\(id)\",\"email\":\"ana@exa".utf8))
        try handle.close()
        #expect(SentIndex(dataDirectory: data).lookup(survey: "support", recipient: id)?.messageID == "second@x")
    }

    @Test func entriesOfOlderInstallationsOneFilePerRecipientAreFound() throws {
        let data = try makeDataDirectory()
        let person = try recipient("old@example.org")
        let id = person.id(inSurvey: "support")
        let entry = SentIndex.Entry(
            email: "old@example.org",
            name: "Ana",
            ticketID: "T-1",
            agent: "Ken",
            company: "ACME",
            messageID: "old@x",
            sentAt: Date(timeIntervalSince1970: 1_600_000_000)
        )
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        try FileManager.default.createDirectory(atPath: "\(data)/sent/support", withIntermediateDirectories: true)
        try encoder.encode(entry).write(to: URL(fileURLWithPath: "\(data)/sent/support/\(id).json"))
        #expect(SentIndex(dataDirectory: data).lookup(survey: "support", recipient: id) == entry)
        // A newer send to the same person is found first.
        try SentIndex(dataDirectory: data).remember(
            survey: "support",
            recipient: person,
            messageID: "new@x",
            at: Date()
        )
        #expect(SentIndex(dataDirectory: data).lookup(survey: "support", recipient: id)?.messageID == "new@x")
    }

    @Test func manyThreadsWriteWholeLinesIntoAtMost256Buckets() throws {
        let data = try makeDataDirectory()
        let index = SentIndex(dataDirectory: data)
        let count = 3000
        let people = try (0..<count).map {
            try recipient("p\($0)@example.org", name: String(repeating: "n", count: $0 % 300))
        }
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: count) { i in
            do { try index.remember(survey: "support", recipient: people[i], messageID: "m\(i)@x", at: Date()) } catch {
                failures.add("\(error)")
            }
        }
        #expect(failures.all.isEmpty)
        let files = try FileManager.default.contentsOfDirectory(atPath: "\(data)/sent/support")
        #expect(files.count <= 256 && files.count > 200)
        #expect(files.allSatisfy { $0.hasSuffix(".jsonl") && $0.count == 8 })
        for (i, person) in people.enumerated() {
            let found = SentIndex(dataDirectory: data).lookup(
                survey: "support",
                recipient: person.id(inSurvey: "support")
            )
            #expect(found?.messageID == "m\(i)@x" && found?.name == person.displayName)
        }
    }

    final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [String] = []
        func add(_ item: String) { lock.withLock { items.append(item) } }
        var all: [String] { lock.withLock { items } }
    }
}
