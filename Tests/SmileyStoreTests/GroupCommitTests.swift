import Foundation
import SmileyCore
import SmileyStore
import Testing

/// Many concurrent saves through one group commit: each caller learns its own outcome, every record is stored
/// whole exactly once, and one record that cannot be written fails alone.
@Suite struct GroupCommitTests {
    static func store(_ scratch: ScratchDirectory) -> DataStore {
        DataStore(
            configuration: .init(
                dataDirectory: scratch.path + "/data",
                outboxDirectory: scratch.path + "/outbox",
                suppressionKey: testSuppressionKey,
                synchronizes: true,  // the real flushes (syncfs), as the server runs
                lockTimeout: .seconds(5)
            )
        )
    }

    static func record(_ number: Int) -> FeedbackRecord {
        FeedbackRecord(
            id: RecordID(content: Array("group-commit \(number)".utf8)),
            surveyID: "support",
            recipientID: RecipientID(rawValue: UInt64(number)),
            rating: Rating(scale: .csat5, value: 1 + number % 5),
            source: .click,
            classification: .surveyReply,
            receivedAt: Date(timeIntervalSince1970: 1_780_000_000),
            confirmation: .provisional
        )
    }

    @Test func concurrentSavesAreEachStoredOnceAndDuplicatesSaySo() async throws {
        let scratch = try ScratchDirectory()
        let store = Self.store(scratch)
        let commits = GroupCommit(store: store)
        // 150 records, 50 of them saved twice at the same time.
        let numbers = Array(0..<150) + Array(0..<50)
        let outcomes = try await withThrowingTaskGroup(of: (Int, SaveOutcome).self) { group in
            for number in numbers { group.addTask { (number, try await commits.save(Self.record(number))) } }
            return try await group.reduce(into: [(Int, SaveOutcome)]()) { $0.append($1) }
        }
        #expect(outcomes.count == 200)
        #expect(outcomes.filter { $0.1 == .stored }.count == 150)
        #expect(outcomes.filter { $0.1 == .duplicate }.count == 50)
        for number in 0..<50 {
            #expect(outcomes.filter { $0.0 == number }.map(\.1).sorted { "\($0)" < "\($1)" } == [.duplicate, .stored])
        }
        let stored = try store.records.records(matching: .all)
        #expect(Set(stored.map(\.id)) == Set((0..<150).map { Self.record($0).id }))
        #expect(stored.allSatisfy { $0 == Self.record(Int($0.recipientID!.rawValue)) })
    }

    @Test func aRecordThatCannotBeWrittenFailsAlone() async throws {
        let scratch = try ScratchDirectory()
        let store = Self.store(scratch)
        let broken = Self.record(7)
        // Its shard folder is a file: its write fails, the others' must not.
        let shard = scratch.path + "/data/records/" + String(broken.id.rawValue.prefix(2))
        try FileManager.default.createDirectory(
            atPath: scratch.path + "/data/records",
            withIntermediateDirectories: true
        )
        try Data("in the way".utf8).write(to: URL(fileURLWithPath: shard))
        let others = (20..<40).map(Self.record).filter {
            !$0.id.rawValue.hasPrefix(String(broken.id.rawValue.prefix(2)))
        }
        let outcomes = store.records.saveAll([broken] + others)
        #expect(throws: StoreError.self) { try outcomes[0].get() }
        #expect(outcomes.dropFirst().allSatisfy { (try? $0.get()) == .stored })
        try FileManager.default.removeItem(atPath: shard)
        #expect(try store.records.records(matching: .all).count == others.count)
    }
}
