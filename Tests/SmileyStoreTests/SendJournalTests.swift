import Foundation
import Testing

@testable import SmileyStore

/// The journal's file format, replay rules and crash tolerance.
struct SendJournalTests {
    @Test func replayKeepsAcceptedFinalAndCountsStates() throws {
        let path = try makeTemporaryDirectory().appendingPathComponent("j.jsonl").path
        let journal = try SendJournal(path: path, syncEvery: 2)
        try journal.record(.init(event: .queued, key: "a", messageID: "<a@t>", attempt: 1))
        try journal.record(
            .init(event: .accepted, key: "a", attempt: 1, code: 250, text: "Ok: queued as X1", queueID: "X1")
        )
        try journal.record(.init(event: .deferred, key: "a", attempt: 2, code: 451, text: "late duplicate"))
        try journal.record(.init(event: .queued, key: "b", attempt: 1))
        try journal.record(.init(event: .failed, key: "b", attempt: 1, code: 550, text: "User unknown"))
        try journal.record(.init(event: .queued, key: "c", attempt: 1))
        try journal.record(.init(event: .deferred, key: "c", attempt: 1, code: 451, next: Date()))
        try journal.record(.init(event: .queued, key: "d", attempt: 1))
        try journal.record(.init(event: .queued, key: "e", attempt: 1))
        try journal.record(.init(event: .gaveUp, key: "e", attempt: 5, code: 452))
        #expect(journal.isAccepted("a") && !journal.isAccepted("b"))
        try journal.close()

        let replay = try SendJournalReplay.read(path: path)
        #expect(replay.entryCount == 10)
        #expect(replay.summary == .init(accepted: 1, deferred: 1, failed: 1, gaveUp: 1, inDoubt: 1))
        #expect(
            replay.recipients["a"]
                == .init(
                    event: .accepted,
                    attempts: 2,
                    code: 250,
                    text: "Ok: queued as X1",
                    queueID: "X1",
                    messageID: "<a@t>"
                )
        )
        #expect(replay.acceptedKeys == ["a"])
        let reopened = try SendJournal(path: path)
        #expect(reopened.isAccepted("a"))
    }

    @Test func tornLastLineIsIgnoredAndCutBeforeAppending() throws {
        let path = try makeTemporaryDirectory().appendingPathComponent("j.jsonl").path
        let journal = try SendJournal(path: path)
        try journal.record(.init(event: .accepted, key: "a", attempt: 1, code: 250))
        try journal.close()
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        try (whole + Data("{\"at\":\"2026-01-01T00:00:00Z\",\"event\":\"acc".utf8)).write(
            to: URL(fileURLWithPath: path)
        )

        let replay = try SendJournalReplay.read(path: path)
        #expect(replay.tornTail && replay.entryCount == 1 && replay.summary.accepted == 1)

        let appended = try SendJournal(path: path)
        try appended.record(.init(event: .accepted, key: "b", attempt: 1, code: 250))
        try appended.close()
        let after = try SendJournalReplay.read(path: path)
        #expect(!after.tornTail)
        #expect(after.acceptedKeys == ["a", "b"])
        #expect(
            String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
                .split(separator: "\n").count == 2
        )
    }

    @Test func damagedLineBeforeTheLastIsAnErrorNamingIt() throws {
        let path = try makeTemporaryDirectory().appendingPathComponent("j.jsonl").path
        let good = #"{"at":"2026-01-01T00:00:00Z","event":"queued","key":"a"}"#
        try Data("\(good)\nnot json\n\(good)\n".utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: StoreError.self) { try SendJournalReplay.read(path: path) }
        #expect(!error.isTransient)
        #expect(error.path == path)
        #expect(error.description.contains("line 2"))
    }

    @Test func missingJournalIsEmpty() throws {
        let replay = try SendJournalReplay.read(path: "/nonexistent/smiley/j.jsonl")
        #expect(replay.entryCount == 0 && replay.summary.total == 0)
    }
}
