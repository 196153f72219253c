import Foundation
import SmileyCore
import Testing

@testable import SmileyStore

/// The record log (`records/log/*.jsonl`), where the web server's clicks go: read with the record files by every
/// listing, report, access, erasure and retention; a torn last line is skipped and erased, a damaged line elsewhere
/// is named.
@Suite("record log")
struct RecordLogTests {
    static func store(_ scratch: ScratchDirectory) -> DataStore { makeDataStore(scratch, synchronizes: true) }

    static func click(_ number: Int, address: String = "ana@example.com", at: Date = day(0)) -> FeedbackRecord {
        FeedbackRecord(
            id: RecordID(content: Array("click \(number) \(address)".utf8)),
            surveyID: "s1",
            recipientID: Recipient(email: email(address), ticketID: "T-\(number)").id(inSurvey: "s1"),
            recipientEmail: email(address),
            ticketID: "T-\(number)",
            agent: "Sam",
            rating: csat(1 + number % 5),
            comment: number % 2 == 0 ? "comment \(number) from \(address)" : nil,
            source: .click,
            classification: .surveyReply,
            receivedAt: at,
            confirmation: .interaction
        )
    }

    /// Appends with the appender the server's group commit uses.
    static func append(_ records: [FeedbackRecord], to store: DataStore) throws {
        var appender = RecordLog.Appender(log: store.records.log)
        for outcome in appender.append(records) { #expect(try outcome.get() == .stored) }
    }

    @Test("logged records are listed, found by id and by address, once each, beside record files")
    func loggedRecordsAreReadWithRecordFiles() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = Self.store(scratch)
        let clicks = (0..<6).map { Self.click($0) }
        try Self.append(clicks, to: store)
        // Another writer (another server process) logged the same click again: it is one record.
        try Self.append([clicks[0]], to: store)
        let fromMail = reply(messageID: "m1@example.com", person: "bo@example.com", address: "bo@example.com")
        try store.records.save(fromMail)
        #expect(try store.records.log.segmentPaths().count == 2)
        let all = try store.records.records(matching: .all)
        #expect(Set(all.map(\.id)) == Set((clicks + [fromMail]).map(\.id)) && all.count == 7)
        #expect(try store.records.record(id: clicks[3].id) == clicks[3])
        #expect(try store.records.records(forEmail: email("ana@example.com")).count == 6)
        #expect(try store.access(email: email("ana@example.com")).records.count == 6)
    }

    @Test("an appender answers a repeat within its batch or a later one as a duplicate and writes it once")
    func repeatsAreDuplicates() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = Self.store(scratch)
        var appender = RecordLog.Appender(log: store.records.log)
        let outcomes = appender.append([Self.click(1), Self.click(2), Self.click(1)]).map { try? $0.get() }
        #expect(outcomes == [.stored, .stored, .duplicate])
        #expect(appender.append([Self.click(2), Self.click(3)]).map { try? $0.get() } == [.duplicate, .stored])
        let segment = try #require(try store.records.log.segmentPaths().first)
        #expect(try store.records.log.lines(of: segment).lines.count == 3)
    }

    @Test("an appender remembers ids for two seconds before its newest record's, then lets them go")
    func recentIdsAreLetGoAfterTwoSeconds() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = Self.store(scratch)
        var appender = RecordLog.Appender(log: store.records.log)
        let start = day(0)
        let early = Self.click(7, at: start)
        func outcomes(_ records: [FeedbackRecord]) -> [SaveOutcome?] { appender.append(records).map { try? $0.get() } }
        #expect(outcomes([early]) == [.stored])
        #expect(outcomes([Self.click(8, at: start + 2), early]) == [.stored, .duplicate])
        // The newest second moves three past the first: its ids are let go, and a late repeat is written again
        // (readers count it once).
        #expect(outcomes([Self.click(9, at: start + 3)]) == [.stored])
        #expect(outcomes([early, Self.click(8, at: start + 2)]) == [.stored, .duplicate])
        #expect(try store.records.records(matching: .all).count == 3)
    }

    @Test("a torn last line (a crash mid-append) is skipped by readers, and erasure and retention drop it")
    func aTornLastLineIsSkippedAndDropped() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = Self.store(scratch)
        try Self.append([Self.click(1), Self.click(2)], to: store)
        let segment = try #require(try store.records.log.segmentPaths().first)
        let torn = StoreJSON.encodeLine(Self.click(3, address: "cy@example.com")).prefix(90)
        let handle = try #require(FileHandle(forWritingAtPath: segment))
        try handle.seekToEnd()
        try handle.write(contentsOf: torn)
        try handle.close()
        #expect(try store.records.records(matching: .all).count == 2, "no error, no third record")
        var unreadable: [String] = []
        _ = try store.records.allRecordsSkippingDamaged(into: &unreadable)
        #expect(unreadable.isEmpty)
        // The torn part names no one in full, but it is part of what Smiley keeps: erasure of anyone drops it.
        _ = try store.erase(email: email("cy@example.com"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: segment))
        #expect(bytes.last == 0x0A && !String(decoding: bytes, as: UTF8.self).contains("cy@example.com"))
        #expect(try store.records.records(matching: .all).count == 2)
    }

    @Test("a damaged line in the middle is an error for reports, and named and skipped by access and erasure")
    func aDamagedLineIsNamed() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = Self.store(scratch)
        try Self.append([Self.click(1)], to: store)
        let segment = try #require(try store.records.log.segmentPaths().first)
        let handle = try #require(FileHandle(forWritingAtPath: segment))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"id\": not json ana@example.com}\n".utf8))
        try handle.close()
        try Self.append([Self.click(2)], to: store)  // a new appender: its own segment
        let error = #expect(throws: StoreError.self) { try store.records.records(matching: .all) }
        #expect(error?.description.contains("line 2") == true && error?.description.contains(segment) == true)
        let access = try store.access(email: email("ana@example.com"))
        #expect(access.records.count == 2 && access.unreadable.count == 1)
        let report = try store.erase(email: email("ana@example.com"))
        #expect(report.recordsAnonymized == 2 && report.unreadable.count == 1)
        // The damaged line is kept as it is (it is not Smiley's to guess at) and reported again next time.
        #expect(
            String(decoding: try Data(contentsOf: URL(fileURLWithPath: segment)), as: UTF8.self).contains("not json")
        )
    }

    @Test("erasure anonymizes the person's logged clicks in place and leaves everyone else's as they were")
    func erasureAnonymizesLoggedClicks() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = Self.store(scratch)
        let ana = (0..<4).map { Self.click($0) }
        let bo = (4..<8).map { Self.click($0, address: "bo@example.com") }
        try Self.append(ana + bo, to: store)
        let report = try store.erase(email: email("ana@example.com"))
        #expect(report.recordsAnonymized == 4)
        let all = try store.records.records(matching: .all)
        #expect(all.count == 8)
        #expect(Set(all.filter { $0.recipientEmail == nil }.map(\.id)) == Set(ana.map(\.id)))
        #expect(all.filter { $0.recipientEmail == nil }.allSatisfy { $0.comment == nil && $0.rating != nil })
        #expect(Set(all.filter { $0.recipientEmail != nil }) == Set(bo))
        for segment in try store.records.log.segmentPaths() {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: segment)), as: UTF8.self)
            #expect(!text.contains("ana@example.com"), "\(segment) still names her")
        }
        #expect(
            try store.erase(email: email("ana@example.com")).recordsAnonymized == 0,
            "a second erasure finds nothing"
        )
    }

    @Test("retention removes old logged clicks, a segment left empty goes, and a dry run only counts")
    func retentionPrunesTheLog() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = Self.store(scratch)
        let old = (0..<3).map { Self.click($0, at: day(0)) }
        let recent = (3..<5).map { Self.click($0, at: day(200)) }
        try Self.append(old + recent, to: store)
        #expect(try store.records.log.segmentPaths().count == 2, "one segment a day")
        let policy = RetentionPolicy(records: 90)
        #expect(try store.prune(policy, now: day(210), dryRun: true).records == 3)
        #expect(try store.records.records(matching: .all).count == 5)
        #expect(try store.prune(policy, now: day(210)).records == 3)
        #expect(Set(try store.records.records(matching: .all)) == Set(recent))
        #expect(try store.records.log.segmentPaths().count == 1)
    }
}
