import Foundation
import SmileyCore
import Testing

@testable import SmileyStore

/// The server's cached reader of the sent index gives what the index gives on the file as it is now: after
/// appends, torn lines, rewrites by an erasure, removed files and evictions.
@Suite("Sent index cache")
struct SentIndexCacheTests {
    func makeDataDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "smiley-sentcache-\(UUID().uuidString)"
        )
        .path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func person(_ number: Int, ticket: String = "T-1") throws -> Recipient {
        Recipient(
            email: try EmailAddress("p\(number)@example.org"),
            displayName: "Person \(number)",
            ticketID: ticket,
            agent: "Ken",
            company: "ACME"
        )
    }

    /// Every look-up of `people` (and of a few never sent to) agrees between the cache and the index.
    func expectAgreement(_ cache: SentIndexCache, _ index: SentIndex, _ people: [Recipient]) throws {
        for recipient in people + [try person(-1), try person(-2)] {
            let id = recipient.id(inSurvey: "support")
            #expect(
                cache.lookup(survey: "support", recipient: id) == index.lookup(survey: "support", recipient: id),
                "\(recipient.email)"
            )
        }
    }

    @Test func agreesWithTheIndexAsTheFilesGrowAndChange() throws {
        let data = try makeDataDirectory()
        let index = SentIndex(dataDirectory: data)
        let cache = SentIndexCache(index: SentIndex(dataDirectory: data))
        var people = try (0..<600).map { try person($0) }
        for recipient in people {
            try index.remember(survey: "support", recipient: recipient, messageID: "a@x", at: Date())
        }
        try expectAgreement(cache, index, people)
        #expect(cache.lookup(survey: "support", recipient: people[7].id(inSurvey: "support"))?.messageID == "a@x")

        // Appends after the first read: new people, and later sends to the same people, which replace the earlier.
        people += try (600..<700).map { try person($0) }
        for recipient in people[500...] {
            try index.remember(survey: "support", recipient: recipient, messageID: "b@x", at: Date())
        }
        try expectAgreement(cache, index, people)
        #expect(cache.lookup(survey: "support", recipient: people[550].id(inSurvey: "support"))?.messageID == "b@x")
        #expect(cache.lookup(survey: "support", recipient: people[650].id(inSurvey: "support"))?.messageID == "b@x")

        // An erasure rewrites the buckets: the erased person is gone from the cache at once.
        let erased = people[42].id(inSurvey: "support")
        let removed = try index.rewrite(synchronize: false) { $0.recipientID == erased }
        #expect(removed.count == 1)
        #expect(cache.lookup(survey: "support", recipient: erased) == nil)
        try expectAgreement(cache, index, people)

        // A bucket file removed (every line of it erased): nothing is found from it.
        let victim = people[43].id(inSurvey: "support")
        try FileManager.default.removeItem(atPath: index.bucketPath(survey: "support", recipient: victim))
        #expect(cache.lookup(survey: "support", recipient: victim) == nil)
        try expectAgreement(cache, index, people)
    }

    @Test func aLineBeingWrittenIsReadOnceItIsWhole() throws {
        let data = try makeDataDirectory()
        let index = SentIndex(dataDirectory: data)
        let cache = SentIndexCache(index: index)
        let ana = try person(1)
        let id = ana.id(inSurvey: "support")
        try index.remember(survey: "support", recipient: ana, messageID: "first@x", at: Date())
        #expect(cache.lookup(survey: "support", recipient: id)?.messageID == "first@x")
        // Half a line, as a send in the middle of its write leaves it: the whole entry before it still counts.
        let bucket = index.bucketPath(survey: "support", recipient: id)
        var line = Array("{\"id\":\"\(id)\",\"email\":\"p1@example.org\",\"name\":\"Person 1\",".utf8)
        line += Array("\"ticketID\":\"T-1\",\"agent\":\"Ken\",\"company\":\"ACME\",".utf8)
        line += Array("\"messageID\":\"second@x\",\"sentAt\":\"2026-12-04T10:00:00Z\"}\n".utf8)
        let handle = try #require(FileHandle(forWritingAtPath: bucket))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line[..<40]))
        #expect(cache.lookup(survey: "support", recipient: id)?.messageID == "first@x")
        #expect(index.lookup(survey: "support", recipient: id)?.messageID == "first@x")
        try handle.write(contentsOf: Data(line[40...]))
        try handle.close()
        #expect(index.lookup(survey: "support", recipient: id)?.messageID == "second@x")
        #expect(cache.lookup(survey: "support", recipient: id)?.messageID == "second@x")
    }

    @Test func keepsAtMostItsLimitAndStillAnswersRight() throws {
        let data = try makeDataDirectory()
        let index = SentIndex(dataDirectory: data)
        let cache = SentIndexCache(index: index, maximumEntries: 10)
        let people = try (0..<300).map { try person($0) }
        for recipient in people {
            try index.remember(survey: "support", recipient: recipient, messageID: "m@x", at: Date())
        }
        try expectAgreement(cache, index, people)
        try expectAgreement(cache, index, people.reversed())
    }

    @Test func entriesOfOlderInstallationsOneFilePerRecipientAreFound() throws {
        let data = try makeDataDirectory()
        let old = try person(9)
        let id = old.id(inSurvey: "support")
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let entry = SentIndex.Entry(
            email: "p9@example.org",
            name: "Person 9",
            ticketID: "T-1",
            agent: "Ken",
            company: "ACME",
            messageID: "old@x",
            sentAt: Date(timeIntervalSince1970: 1_600_000_000)
        )
        try FileManager.default.createDirectory(atPath: "\(data)/sent/support", withIntermediateDirectories: true)
        try encoder.encode(entry).write(to: URL(fileURLWithPath: "\(data)/sent/support/\(id).json"))
        let index = SentIndex(dataDirectory: data)
        let cache = SentIndexCache(index: index)
        #expect(cache.lookup(survey: "support", recipient: id) == entry)
        // With a bucket file beside it (a newer send to someone else), the old file is still found.
        try index.remember(survey: "support", recipient: try person(10), messageID: "new@x", at: Date())
        #expect(cache.lookup(survey: "support", recipient: id) == entry)
    }

    @Test func theRecipientIDIsReadFromTheLinesStart() {
        #expect(SentIndexCache.recipientID(of: Array("{\"id\":\"00000000000000ff\",\"email\":\"a\"}".utf8)[...]) == 255)
        #expect(SentIndexCache.recipientID(of: Array("{\"id\":\"00000000000000FF\",\"email\":\"a\"}".utf8)[...]) == nil)
        #expect(SentIndexCache.recipientID(of: Array("{\"id\":\"00000000000000f\",\"email\":\"a\"}".utf8)[...]) == nil)
        #expect(SentIndexCache.recipientID(of: Array("{\"email\":\"a\",\"id\":\"00000000000000ff\"}".utf8)[...]) == nil)
        #expect(SentIndexCache.recipientID(of: []) == nil)
    }
}
