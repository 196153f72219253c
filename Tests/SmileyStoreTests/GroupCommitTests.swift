import Foundation
import SmileyCore
import Testing

@testable import SmileyStore

/// Many concurrent saves through one group commit: each caller learns its own outcome, every record is stored
/// whole exactly once, and a batch that cannot be written fails its callers and leaves nothing behind.
@Suite struct GroupCommitTests {
    /// The real flushes (fdatasync), as the server runs.
    static func store(_ scratch: ScratchDirectory) -> DataStore { makeDataStore(scratch, synchronizes: true) }

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

    @Test(
        "a log folder that cannot be written fails the whole batch with the path; the next batch, once it can, is stored and the failure left nothing"
    )
    func aFailedAppendFailsItsCallersAndLeavesNothing() async throws {
        let scratch = try ScratchDirectory()
        let store = Self.store(scratch)
        let commits = GroupCommit(store: store)
        let folder = store.records.log.directory
        try FileManager.default.createDirectory(
            atPath: System.parent(of: folder),
            withIntermediateDirectories: true
        )
        try Data("in the way".utf8).write(to: URL(fileURLWithPath: folder))
        let failures = await withTaskGroup(of: StoreError?.self) { group in
            for number in 0..<20 {
                group.addTask {
                    do throws(StoreError) {
                        _ = try await commits.save(Self.record(number))
                        return nil
                    } catch {
                        return error
                    }
                }
            }
            return await group.reduce(into: [StoreError?]()) { $0.append($1) }
        }
        #expect(failures.count == 20 && failures.allSatisfy { $0?.description.contains(folder) == true })
        try FileManager.default.removeItem(atPath: folder)
        #expect(try store.records.records(matching: .all).isEmpty)
        // The same records again: nothing remembers them as stored.
        for number in 0..<20 { #expect(try await commits.save(Self.record(number)) == .stored) }
        #expect(try store.records.records(matching: .all).count == 20)
    }
}
