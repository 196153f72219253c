import Foundation
import Logging
import ServiceLifecycle
import SmileyCore
import SmileyInbound
import SmileyServer
import SmileyWorkflows
import Testing

/// The trigger queue in the server's lifetime (``TriggerDrainService``): a survey whose send failed for now is
/// sent by the retry timer while the server runs, and the graceful shutdown stops the timer.
@Suite("trigger drain service")
struct TriggerDrainServiceTests {
    /// The route tests' installation with `triggers.deliver` to `outbox:blocked/out`, where `blocked` is a plain
    /// file (every send stops at once, exit 75, until it is removed); one Freshdesk ticket queued.
    static func blocked() throws -> (TriggerWorkflow, blocker: String, outbox: String) {
        let installation = try TriggerRouteTests.installation()
        let path = installation.configPath
        var config = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        )
        var triggers = try #require(config["triggers"] as? [String: Any])
        triggers["deliver"] = ["to": "outbox:blocked/out"]
        config["triggers"] = triggers
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: path))
        let base = (path as NSString).deletingLastPathComponent
        #expect(FileManager.default.createFile(atPath: base + "/blocked", contents: Data("not a folder".utf8)))
        let reloaded = try Installation.load(
            configPath: path,
            builtInTemplates: TriggerRouteTests.root.appendingPathComponent("templates").path
        )
        let workflow = try TriggerWorkflow(
            installation: reloaded,
            settings: try #require(reloaded.config.triggers),
            synchronize: false
        )
        let body =
            #"{"freshdesk_webhook":{"ticket_id":"77","requester_email":"q@example.com","ticket_status":"Closed"}}"#
        let post = WebhookRequest(headers: [("X-Smiley-Trigger-Secret", "fd-secret")], body: Array(body.utf8))
        #expect(try workflow.receive("freshdesk", post).queued.count == 1)
        return (workflow, base + "/blocked", base + "/blocked/out")
    }

    static func messages(_ folder: String) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".eml") }.count
    }

    /// Waits for `condition`, polling. The waits below are long because the whole suite runs its tests in
    /// parallel on CI's two cores: the service's first drain, a detached task, was seen to start only after about
    /// 60 s, once the CPU-bound tests had finished (the two tests passed after 68–76 s, and failed once at 60).
    static func eventually(seconds: Double, _ condition: () -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline, !condition() { try await Task.sleep(for: .milliseconds(50)) }
        return condition()
    }

    /// Runs the service in a service group until `body` returns, then shuts the group down gracefully.
    static func running(
        _ workflow: TriggerWorkflow,
        policy: TriggerWorkflow.RetryPolicy,
        _ body: @Sendable () async throws -> Void
    ) async throws {
        let service = TriggerDrainService(workflow: workflow, logger: Logger(label: "test"), policy: policy)
        let group = ServiceGroup(
            configuration: .init(services: [service], gracefulShutdownSignals: [], logger: Logger(label: "test"))
        )
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await body()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func aDeferredSurveyIsSentWhileTheServerRuns() async throws {
        let (workflow, blocker, outbox) = try Self.blocked()
        try await Self.running(workflow, policy: .init(first: .milliseconds(100), longest: .milliseconds(200))) {
            // The start drain finds the queued ticket and cannot send it: the timer is armed.
            #expect(try await Self.eventually(seconds: 240) { workflow.isRetryScheduled })
            try FileManager.default.removeItem(atPath: blocker)
            #expect(try await Self.eventually(seconds: 240) { workflow.pendingCount == 0 })
        }
        #expect(Self.messages(outbox) == 1)
        #expect(!workflow.isRetryScheduled)
    }

    @Test func theGracefulShutdownStopsTheTimer() async throws {
        let (workflow, blocker, outbox) = try Self.blocked()
        try await Self.running(workflow, policy: .init(first: .milliseconds(400), longest: .milliseconds(400))) {
            let armed = try await Self.eventually(seconds: 240) { workflow.isRetryScheduled }
            #expect(armed, "the start drain could not send the ticket and armed the timer")
        }
        #expect(!workflow.isRetryScheduled)
        try FileManager.default.removeItem(atPath: blocker)
        try await Task.sleep(for: .seconds(1))
        #expect(Self.messages(outbox) == 0)
        #expect(workflow.pendingCount == 1)
    }
}
