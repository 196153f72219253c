import Foundation
import SmileyCore
import Testing

@testable import SmileyStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("JSON file store")
struct JSONFileStoreTests {
    @Test("a saved record reads back equal, and the file is a complete record with no temporary files beside it")
    func roundTrip() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = makeStore(scratch, synchronizes: true)
        var record = reply(
            messageID: "a1@example.com",
            person: "ann@example.com",
            address: "Ann@Example.com",
            agent: "Ann",
            rating: nps(9),
            comment: "Quick, \"friendly\"\nthanks",
            at: day(0, hours: 9.5)
        )
        record.parserWarnings = ["charset windows-1252 assumed"]
        record.bounce = .init(statusCode: "4.2.2", diagnostic: "mailbox full")
        #expect(try store.save(record) == .stored)
        #expect(try store.record(id: record.id) == record)
        #expect(try store.record(id: RecordID(messageID: "other@example.com")) == nil)
        let expectedPath = "records/\(record.id.rawValue.prefix(2))/\(record.id.rawValue).json"
        #expect(scratch.allFiles() == [expectedPath])
        let text = try String(contentsOfFile: scratch.path + "/" + expectedPath, encoding: .utf8)
        #expect(text.hasSuffix("}\n"))
        #expect(text.contains("\"schemaVersion\" : 1"))
    }

    @Test("the file format is schema version 1 exactly as documented")
    func schemaGolden() throws {
        let record = FeedbackRecord(
            id: RecordID(messageID: "<golden@example.com>"),
            surveyID: "support",
            recipientID: RecipientID(rawValue: 0x0123_4567_89ab_cdef),
            recipientEmail: email("jo@example.com"),
            ticketID: "T-7",
            agent: "Ann",
            company: "Acme",
            rating: smiley("positive"),
            comment: "Thanks!",
            source: .click,
            classification: .surveyReply,
            receivedAt: Date(timeIntervalSince1970: 1_741_944_413.75),
            messageID: "<golden@example.com>"
        )
        let text = String(decoding: try StoreJSON.encode(record, path: "-"), as: UTF8.self)
        #expect(
            text == """
                {
                  "agent" : "Ann",
                  "classification" : "surveyReply",
                  "comment" : "Thanks!",
                  "company" : "Acme",
                  "id" : "\(record.id.rawValue)",
                  "messageID" : "<golden@example.com>",
                  "parserWarnings" : [

                  ],
                  "rating" : {
                    "scale" : "smiley",
                    "value" : 3
                  },
                  "receivedAt" : "2025-03-14T09:26:53Z",
                  "recipientEmail" : "jo@example.com",
                  "recipientID" : "0123456789abcdef",
                  "schemaVersion" : 1,
                  "source" : "click",
                  "surveyID" : "support",
                  "ticketID" : "T-7",
                  "writer" : "\(SmileyVersion.writer)"
                }

                """
        )
    }

    @Test("saving the same Message-ID twice keeps one record, the first")
    func duplicateMessageID() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = makeStore(scratch)
        let first = reply(messageID: "dup@example.com", rating: smiley("positive"), at: day(1))
        var second = reply(messageID: "dup@example.com", rating: smiley("negative"), at: day(2))
        second.comment = "redelivered"
        #expect(try store.save(first) == .stored)
        #expect(try store.save(second) == .duplicate)
        #expect(try store.records(matching: .all) == [first])
        #expect(scratch.allFiles().count == 1)
    }

    @Test("link refuses to replace an existing file even when the early check is skipped")
    func linkRefusesOverwrite() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let first = try DurableFile.create(
            Array("one".utf8),
            directory: scratch.path,
            name: "x.json",
            synchronize: true,
            checkingFirst: false
        )
        let second = try DurableFile.create(
            Array("two".utf8),
            directory: scratch.path,
            name: "x.json",
            synchronize: true,
            checkingFirst: false
        )
        #expect(first == .stored)
        #expect(second == .duplicate)
        #expect(try String(contentsOfFile: scratch.path + "/x.json", encoding: .utf8) == "one")
        #expect(scratch.allFiles() == ["x.json"])
    }

    @Test("200 threads saving 50 distinct Message-IDs at once store exactly 50 complete records")
    func concurrentWriters() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = makeStore(scratch, synchronizes: true)
        let outcomes = ResultBox<[SaveOutcome]>()
        outcomes.value = []
        let failures = ResultBox<[String]>()
        failures.value = []
        let lock = NSLock()
        let start = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        for index in 0..<200 {
            group.enter()
            let thread = Thread {
                start.wait()
                let record = reply(
                    messageID: "m\(index % 50)@example.com",
                    agent: "thread \(index)",
                    rating: smiley("positive"),
                    at: day(0, hours: Double(index))
                )
                do {
                    let outcome = try store.save(record)
                    lock.withLock { outcomes.value!.append(outcome) }
                } catch {
                    lock.withLock { failures.value!.append("\(error)") }
                }
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        for _ in 0..<200 { start.signal() }
        group.wait()

        #expect(failures.value == [])
        #expect(outcomes.value!.filter { $0 == .stored }.count == 50)
        #expect(outcomes.value!.filter { $0 == .duplicate }.count == 150)
        let files = scratch.allFiles()
        #expect(files.count == 50)
        #expect(files.allSatisfy { !$0.contains(".tmp-") && $0.hasSuffix(".json") })
        let records = try store.records(matching: .all)
        #expect(Set(records.map(\.id)) == Set((0..<50).map { RecordID(messageID: "m\($0)@example.com") }))
    }

    @Test("a directory the process may not write to gives a transient error naming the path")
    func unwritableDirectory() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        chmod(scratch.path, 0o755)
        let readOnly = scratch.path + "/readonly"
        #expect(mkdir(readOnly, 0o555) == 0)
        chmod(readOnly, 0o555)
        let store = JSONFileStore(
            configuration: .init(directory: URL(filePath: readOnly + "/data"), synchronizes: false)
        )
        let record = reply(messageID: "ro@example.com")
        let result: Result<SaveOutcome, StoreError> = try withoutRootPrivileges {
            Result { () throws(StoreError) in try store.save(record) }
        }
        guard case .failure(let error) = result else {
            Issue.record("saving into a read-only directory succeeded: \(result)")
            return
        }
        #expect(error.errno == EACCES)
        #expect(error.isTransient)
        #expect(error.path == readOnly + "/data")
        #expect(scratch.allFiles() == [])
    }

    @Test("a damaged record file is reported with its path, not skipped silently")
    func damagedRecord() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = makeStore(scratch)
        let record = reply(messageID: "ok@example.com", rating: smiley("neutral"))
        try store.save(record)
        let path = store.path(for: record.id)
        try Data("{\"schemaVersion\": 1, \"id\": \"\(record.id)\"".utf8).write(to: URL(filePath: path))
        let error = #expect(throws: StoreError.self) { try store.records(matching: .all) }
        #expect(error?.path == path)
        #expect(error?.isTransient == false)
        #expect(error?.description.contains("damaged") == true)
    }

    @Test("a record from a newer schema, or with a rating off its scale, is refused")
    func schemaChecks() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = makeStore(scratch)
        let record = reply(messageID: "v2@example.com", rating: nps(10))
        try store.save(record)
        let path = store.path(for: record.id)
        let original = try String(contentsOfFile: path, encoding: .utf8)

        try Data(original.replacingOccurrences(of: "\"schemaVersion\" : 1", with: "\"schemaVersion\" : 2").utf8).write(
            to: URL(filePath: path)
        )
        let newer = #expect(throws: StoreError.self) { try store.record(id: record.id) }
        #expect(newer?.description.contains("schema version 2") == true)

        try Data(original.replacingOccurrences(of: "\"value\" : 10", with: "\"value\" : 11").utf8).write(
            to: URL(filePath: path)
        )
        let offScale = #expect(throws: StoreError.self) { try store.record(id: record.id) }
        #expect(offScale?.description.contains("outside the nps scale") == true)
    }

    @Test("a query selects by survey, agent and half-open date range")
    func query() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = makeStore(scratch)
        let records = [
            reply(messageID: "q1", survey: "s1", agent: "Ann", at: day(0)),
            reply(messageID: "q2", survey: "s1", agent: "Bob", at: day(1)),
            reply(messageID: "q3", survey: "s2", agent: "Ann", at: day(2)),
            reply(messageID: "q4", survey: "s1", agent: "Ann", at: day(3)),
        ]
        for record in records.reversed() { try store.save(record) }
        #expect(try store.records(matching: .all) == records)
        #expect(try store.records(matching: RecordQuery(surveyID: "s1")) == [records[0], records[1], records[3]])
        #expect(try store.records(matching: RecordQuery(agent: "Ann")) == [records[0], records[2], records[3]])
        #expect(try store.records(matching: RecordQuery(from: day(1), until: day(3))) == [records[1], records[2]])
        #expect(try store.records(matching: RecordQuery(surveyID: "s1", agent: "Ann", from: day(1))) == [records[3]])
    }

    @Test("prune removes records older than the cutoff and crashed writers' old temporary files")
    func pruneSweepsTemporaryFiles() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = makeStore(scratch)
        let old = reply(messageID: "old", at: day(-100))
        let recent = reply(messageID: "recent", at: day(-10))
        try store.save(old)
        try store.save(recent)
        let shard = store.shardPath(for: recent.id)
        let stale = shard + "/.tmp-stale.json-1-0"
        let fresh = shard + "/.tmp-fresh.json-1-0"
        try Data("partial".utf8).write(to: URL(filePath: stale))
        try Data("partial".utf8).write(to: URL(filePath: fresh))
        var times = [timeval(tv_sec: time(nil) - 7200, tv_usec: 0), timeval(tv_sec: time(nil) - 7200, tv_usec: 0)]
        #expect(utimes(stale, &times) == 0)
        #expect(try store.records(matching: .all) == [old, recent])  // temporary files are never read as records

        #expect(try store.prune(olderThan: day(-30)) == 1)
        #expect(try store.records(matching: .all) == [recent])
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: fresh))
    }
}
