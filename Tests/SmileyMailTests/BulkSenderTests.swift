import Foundation
import Testing

@testable import SmileyMail
@testable import SmileyStore

/// BulkSender against the scripted aiosmtpd server: retries, refusals, rate limits, resume, pacing.
@Suite(.serialized)
struct BulkSenderTests {
    private func items(_ locals: [String]) -> [OutgoingItem] {
        locals.map { local in
            let to = "\(local)@example.org"
            return OutgoingItem(
                recipientKey: "key-\(local)",
                envelopeFrom: "bounce@example.org",
                envelopeTo: to,
                messageID: "\(local)@smiley.test",
                bytes: testMessage(id: "\(local)@smiley.test", to: to)
            )
        }
    }

    private func fastRetry(_ attempts: Int = 3) -> BulkSendConfiguration.Retry {
        .init(maxAttempts: attempts, initialBackoff: .milliseconds(40), maxBackoff: .milliseconds(200), jitter: 0.2)
    }

    @Test func temporaryRefusalsAreRetriedPermanentOnesNeverAre() async throws {
        let server = try ScriptedSMTPServer()
        let journalPath = try makeTemporaryDirectory().appendingPathComponent("send.jsonl").path
        let journal = try SendJournal(path: journalPath)
        let ok = (0..<20).map { "ok\($0)" }
        let list = ok + ["defer451x2", "defer452", "fail550", "fail553", "dropx1", "rate421x1"]
        let sender = BulkSender(
            transport: .smtp(SMTPConfiguration(url: server.url)),
            configuration: .init(
                connections: 2,
                rateLimitPause: .milliseconds(100),
                retry: fastRetry()
            )
        )
        let report = try await sender.send(items(list), journal: journal, expectedTotal: list.count)
        try journal.close()

        #expect(report.accepted == 23)
        #expect(report.failed == 2)
        #expect(report.gaveUp == 1)
        #expect(report.rateLimitReplies == 1)
        #expect(Set(report.permanentFailures.map(\.code)) == [550, 553])
        #expect(Set(report.permanentFailures.map(\.address)) == ["fail550@example.org", "fail553@example.org"])
        // The server saw each accepted recipient exactly once; 5xx recipients were tried once only.
        let accepted = try server.acceptedRecipients()
        #expect(accepted.count == 23 && Set(accepted).count == 23)
        let refused = try server.events("refused").compactMap { $0["to"] as? String }
        #expect(refused.filter { $0 == "fail550@example.org" }.count == 1)
        #expect(refused.filter { $0 == "defer452@example.org" }.count == 3, "maxAttempts 3 for an always-4xx")
        #expect(refused.filter { $0 == "defer451x2@example.org" }.count == 2)

        let replay = try SendJournalReplay.read(path: journalPath)
        #expect(replay.summary == .init(accepted: 23, deferred: 0, failed: 2, gaveUp: 1, inDoubt: 0))
        #expect(replay.recipients["key-defer451x2"]?.attempts == 3)
        #expect(replay.recipients["key-ok0"]?.queueID?.hasPrefix("Q") == true)
        #expect(replay.recipients["key-fail550"]?.code == 550)
    }

    @Test func interruptedSendResumesWithoutResendingAccepted() async throws {
        let server = try ScriptedSMTPServer()
        let journalPath = try makeTemporaryDirectory().appendingPathComponent("send.jsonl").path
        let list = items((0..<150).map { "r\($0)" })
        // 40 messages a second: the list takes about 4 s, so a cancel sent after the first few acceptances lands
        // mid-way even on a loaded machine (at 100 a second, a run beside a fuzzing campaign finished first).
        let config = BulkSendConfiguration(connections: 2, rate: 40, retry: fastRetry())
        let sender = BulkSender(transport: .smtp(SMTPConfiguration(url: server.url)), configuration: config)

        // First run: cancelled part-way (like Ctrl-C).
        let journal1 = try SendJournal(path: journalPath)
        let task = Task { try await sender.send(list, journal: journal1) }
        // Cancelled once the server has accepted some (not after a fixed time: a loaded machine may take longer).
        let deadline = ContinuousClock.now + .seconds(20)
        while try server.acceptedRecipients().count < 5, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        task.cancel()
        let first = await task.result
        #expect(throws: BulkSendError.self) { try first.get() }
        try journal1.close()
        let afterFirst = try server.acceptedRecipients()
        #expect(afterFirst.count > 0 && afterFirst.count < 150, "cancelled mid-way: \(afterFirst.count)")
        // A torn line, as a kill -9 during a write leaves it.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: journalPath))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"event\":\"accep".utf8))
        try handle.close()

        // Second run on the same journal.
        let journal2 = try SendJournal(path: journalPath)
        #expect(journal2.initial.tornTail)
        let report = try await sender.send(list, journal: journal2)
        try journal2.close()
        #expect(report.skipped == afterFirst.count)
        #expect(report.accepted == 150 - afterFirst.count)
        let all = try server.acceptedRecipients()
        #expect(all.count == 150, "each recipient accepted exactly once")
        #expect(Set(all).count == 150)
        let replay = try SendJournalReplay.read(path: journalPath)
        #expect(!replay.tornTail)
        #expect(replay.summary.accepted == 150)
    }

    @Test func unreachableServerStopsTheSendWithoutMarkingAnything() async throws {
        let port = try freePort()
        let journalPath = try makeTemporaryDirectory().appendingPathComponent("send.jsonl").path
        let journal = try SendJournal(path: journalPath)
        let sender = BulkSender(
            transport: .smtp(SMTPConfiguration(url: "smtp://127.0.0.1:\(port)")),
            configuration: .init(connections: 1, retry: fastRetry(2))
        )
        let error = await #expect(throws: BulkSendError.self) {
            try await sender.send(items(["a", "b", "c"]), journal: journal)
        }
        #expect(error?.reason.contains("unreachable") == true)
        #expect(error?.report.accepted == 0)
        try journal.close()
        #expect(try SendJournalReplay.read(path: journalPath).summary.accepted == 0)
    }

    @Test func rateIsSharedAcrossConnections() async throws {
        let server = try ScriptedSMTPServer()
        let journal = try SendJournal(path: try makeTemporaryDirectory().appendingPathComponent("j.jsonl").path)
        let sender = BulkSender(
            transport: .smtp(SMTPConfiguration(url: server.url)),
            configuration: .init(connections: 3, rate: 40)
        )
        let started = ContinuousClock.now
        let report = try await sender.send(items((0..<30).map { "p\($0)" }), journal: journal)
        let elapsed = ContinuousClock.now - started
        #expect(report.accepted == 30)
        #expect(elapsed >= .milliseconds(700), "30 messages at 40/s take at least 0.725 s, took \(elapsed)")
        let ehlos = try server.events("ehlo").count
        #expect(ehlos == 3, "one connection per worker")
    }

    @Test func progressIsReportedWithETA() async throws {
        let server = try ScriptedSMTPServer()
        let journal = try SendJournal(path: try makeTemporaryDirectory().appendingPathComponent("j.jsonl").path)
        let sender = BulkSender(
            transport: .smtp(SMTPConfiguration(url: server.url)),
            configuration: .init(connections: 1, rate: 100, progressInterval: .milliseconds(50))
        )
        let seen = ProgressLog()
        _ = try await sender.send(items((0..<40).map { "g\($0)" }), journal: journal, expectedTotal: 40) {
            seen.append($0)
        }
        let all = seen.all
        #expect(all.count >= 3)
        #expect(all.last?.accepted == 40)
        #expect(all.dropLast().contains { $0.estimatedRemaining != nil && $0.accepted < 40 })
        #expect(zip(all, all.dropFirst()).allSatisfy { $0.accepted <= $1.accepted })
    }
}

final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [BulkSendProgress] = []
    func append(_ p: BulkSendProgress) { lock.withLock { items.append(p) } }
    var all: [BulkSendProgress] { lock.withLock { items } }
}
