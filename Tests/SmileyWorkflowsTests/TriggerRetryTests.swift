import Foundation
import Logging
import SmileyInbound
import SmileyMail
import SmileyWorkflows
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The retry timer of the trigger queue: a drain that leaves a survey queued because its send failed for now
/// schedules another drain with backoff, so the survey goes out without another trigger; stopping the timer (the
/// server's shutdown) cancels it.
@Suite("Trigger retries")
struct TriggerRetryTests {
    static let quick = TriggerWorkflow.RetryPolicy(first: .milliseconds(100), longest: .milliseconds(400))

    /// An installation whose triggers deliver to `outbox:blocked/out`, with `blocked` a plain file, so that every
    /// send stops at once ("cannot open a connection", exit 75) until the file is removed; and a queued trigger.
    static func blocked() throws -> (TriggerWorkflow, blocker: String, outbox: String) {
        let installation = try TriggerWorkflowTests.installation(deliver: #""deliver": {"to": "outbox:blocked/out"}"#)
        let base = (installation.configPath as NSString).deletingLastPathComponent
        #expect(FileManager.default.createFile(atPath: base + "/blocked", contents: Data("not a folder".utf8)))
        let triggers = try TriggerWorkflowTests.workflow(installation)
        let body =
            #"{"freshdesk_webhook":{"ticket_id":"r1","requester_email":"r1@example.com","ticket_status":"Closed"}}"#
        let receipt = try triggers.receive("freshdesk", TriggerWorkflowTests.freshdesk(Array(body.utf8)))
        #expect(receipt.queued.count == 1)
        return (triggers, base + "/blocked", base + "/blocked/out")
    }

    static func messages(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".eml") }
    }

    /// Waits until `condition` holds, at most `seconds`. Long waits: on CI's two cores the suite's CPU-bound tests hold the task
    /// threads for about a minute, and the timer's drain runs only then (these tests passed after 61–69 s there).
    static func eventually(seconds: Double, _ condition: () -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }

    @Test func theBackoffDoublesUpToFifteenMinutes() {
        let policy = TriggerWorkflow.RetryPolicy()
        let minutes = (1...7).map { policy.delay(afterFailures: $0) / .seconds(60) }
        #expect(minutes == [1, 2, 4, 8, 15, 15, 15])
        #expect(policy.delay(afterFailures: 10_000) == .seconds(900))
        #expect(Self.quick.delay(afterFailures: 2) == .milliseconds(200))
    }

    @Test func aDeferredSendIsRetriedWithoutAnotherTrigger() async throws {
        let (triggers, blocker, outbox) = try Self.blocked()
        triggers.startRetries(logger: TriggerWorkflowTests.logger, policy: Self.quick)
        defer { triggers.stopRetries() }
        #expect(await triggers.drain(logger: TriggerWorkflowTests.logger).isEmpty)
        #expect(triggers.pendingCount == 1)
        #expect(triggers.isRetryScheduled)
        // The timer keeps trying (and failing) while the outbox cannot be made; then it can.
        try await Task.sleep(for: .milliseconds(300))
        #expect(Self.messages(outbox).isEmpty)
        try FileManager.default.removeItem(atPath: blocker)
        #expect(try await Self.eventually(seconds: 240) { triggers.pendingCount == 0 })
        #expect(Self.messages(outbox).count == 1)
        // Nothing is scheduled after a drain that left nothing deferred, and nothing is sent twice.
        #expect(try await Self.eventually(seconds: 30) { !triggers.isRetryScheduled })
        try await Task.sleep(for: .milliseconds(500))
        #expect(Self.messages(outbox).count == 1)
    }

    @Test func withoutTheTimerADeferredSendWaitsForTheNextDrain() async throws {
        // `smiley trigger --verify` drains once and exits 75: no timer.
        let (triggers, blocker, outbox) = try Self.blocked()
        #expect(await triggers.drain(logger: TriggerWorkflowTests.logger).isEmpty)
        #expect(!triggers.isRetryScheduled)
        try FileManager.default.removeItem(atPath: blocker)
        try await Task.sleep(for: .milliseconds(400))
        #expect(Self.messages(outbox).isEmpty)
        #expect(await triggers.drain(logger: TriggerWorkflowTests.logger).map(\.outcome) == ["accepted"])
    }

    @Test func stoppingCancelsTheScheduledDrain() async throws {
        let (triggers, blocker, outbox) = try Self.blocked()
        triggers.startRetries(
            logger: TriggerWorkflowTests.logger,
            policy: .init(first: .milliseconds(300), longest: .milliseconds(300))
        )
        #expect(await triggers.drain(logger: TriggerWorkflowTests.logger).isEmpty)
        #expect(triggers.isRetryScheduled)
        triggers.stopRetries()
        #expect(!triggers.isRetryScheduled)
        // A drain after the stop (a trigger arriving during the shutdown) schedules nothing either.
        #expect(await triggers.drain(logger: TriggerWorkflowTests.logger).isEmpty)
        #expect(!triggers.isRetryScheduled)
        try FileManager.default.removeItem(atPath: blocker)
        try await Task.sleep(for: .milliseconds(800))
        #expect(Self.messages(outbox).isEmpty)
        #expect(triggers.pendingCount == 1)
    }

    /// The scripted aiosmtpd server of SmileyMailTests (`defer451xN`: 451 at RCPT for the first N attempts of that
    /// address, then accepted). Each drain's send tries twice (here 100 ms apart) and meets a 451 both times, so
    /// the drain leaves the survey queued; the timer's drain meets the third 451 and then is accepted: one survey,
    /// without another trigger. (Waits up to 120 s: on a loaded 2-core CI machine a drain took 10 to 20 s.)
    @Test func anSMTPServerThatDefersAtFirstGetsTheSurveyOnceWithoutAnotherTrigger() async throws {
        let server = try ScriptedSMTP()
        defer { server.stop() }
        let installation = try TriggerWorkflowTests.installation(deliver: #""deliver": {"to": "\#(server.url)"}"#)
        var triggers = try TriggerWorkflowTests.workflow(installation)
        #expect(triggers.sendRetry.maxAttempts == 2)
        triggers.sendRetry = .init(maxAttempts: 2, initialBackoff: .milliseconds(100), maxBackoff: .milliseconds(100))
        let body =
            #"{"freshdesk_webhook":{"ticket_id":"s1","requester_email":"defer451x3@example.com","ticket_status":"Closed"}}"#
        #expect(try triggers.receive("freshdesk", TriggerWorkflowTests.freshdesk(Array(body.utf8))).queued.count == 1)
        triggers.startRetries(logger: TriggerWorkflowTests.logger, policy: Self.quick)
        defer { triggers.stopRetries() }
        #expect(await triggers.drain(logger: TriggerWorkflowTests.logger).isEmpty)
        #expect(try server.events("refused").count == 2)
        #expect(triggers.pendingCount == 1)
        #expect(try await Self.eventually(seconds: 120) { triggers.pendingCount == 0 })
        try await Task.sleep(for: .milliseconds(500))
        #expect(try server.events("accepted").compactMap { $0["to"] as? String } == ["defer451x3@example.com"])
    }
}

/// `Tests/SmileyMailTests/Servers/scripted_smtpd.py` on a free loopback port (python from `SMILEY_PYTHON`, with
/// aiosmtpd).
final class ScriptedSMTP {
    let port: Int
    private let record: String
    private let process = Process()

    init() throws {
        let python = ProcessInfo.processInfo.environment["SMILEY_PYTHON"] ?? "python3"
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("smiley-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        record = folder.appendingPathComponent("events.jsonl").path
        let script = TriggerWorkflowTests.root.appendingPathComponent("Tests/SmileyMailTests/Servers/scripted_smtpd.py")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script.path, "--record", record]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard text.hasPrefix("READY "), let port = Int(text.dropFirst(6).prefix(while: \.isNumber)) else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            throw ScriptedSMTPError(
                description: "the scripted SMTP server did not start with '\(python)'; it needs aiosmtpd: "
                    + "python3 -m venv .build/smtp-venv && .build/smtp-venv/bin/pip install aiosmtpd==1.4.6, "
                    + "then run the tests with SMILEY_PYTHON=.build/smtp-venv/bin/python"
            )
        }
        self.port = port
    }

    var url: String { "smtp://127.0.0.1:\(port)" }

    func stop() {
        // SIGKILL: a child started from a Swift test inherits a signal mask that blocks SIGTERM.
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// The events recorded of one kind (connect, ehlo, rcpt, refused, accepted).
    func events(_ kind: String) throws -> [[String: Any]] {
        guard let data = FileManager.default.contents(atPath: record) else { return [] }
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["event"] as? String == kind ? object : nil
        }
    }
}

struct ScriptedSMTPError: Error, CustomStringConvertible {
    let description: String
}
