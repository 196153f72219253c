import Foundation
import Testing

/// `smiley trigger`, the offline twin of `POST /triggers/{source}`: reading a payload stores nothing; `--verify`
/// checks it as the server does, queues the ticket and sends its survey into the outbox, once.
@Suite("smiley trigger")
struct TriggerCommandTests {
    static func workspace() async throws -> Workspace {
        let workspace = try await Workspace.initialized()
        try workspace.editConfig {
            $0["triggers"] = [
                "sources": [
                    "freshdesk": [
                        "signature": ["scheme": "header", "header": "X-Secret", "secretFile": "fd.secret"],
                        "survey": "support",
                        "fields": [
                            "ticketID": "freshdesk_webhook.ticket_id", "email": "freshdesk_webhook.requester_email",
                            "name": "freshdesk_webhook.requester_name",
                        ],
                        "when": ["path": "freshdesk_webhook.ticket_status", "equals": "Waiting on Customer"],
                    ]
                ]
            ]
        }
        let secret = try workspace.write("fd.secret", "fd-secret\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secret.path)
        return workspace
    }

    @Test func readingAPayloadStoresNothingAndVerifySendsOnce() async throws {
        let workspace = try await Self.workspace()
        let sample = try sharedData().appendingPathComponent("payloads/freshdesk/zulip_status_changed.json").path
        let read = try await workspace.run(["trigger", "--provider", "freshdesk", sample])
        #expect(read.status == 0, "\(read)")
        #expect(read.out.contains("ticket: 11") && read.out.contains("email: requester-bob@example.com"))
        #expect(workspace.allFiles(below: workspace.data).filter { !$0.hasSuffix(".lock") }.isEmpty)

        let forged = try await workspace.run([
            "trigger", "--provider", "freshdesk", "--verify", "-H", "X-Secret: guess", sample,
        ])
        #expect(forged.status == 77, "\(forged)")
        #expect(!FileManager.default.fileExists(atPath: workspace.data.appendingPathComponent("triggers").path))

        let good = try await workspace.run([
            "trigger", "--provider", "freshdesk", "--verify", "-H", "X-Secret: fd-secret", sample,
        ])
        #expect(good.status == 0 && good.out.contains("queued") && good.out.contains(": accepted"), "\(good)")
        #expect(try workspace.emlFiles(in: workspace.path("outbox")).count == 1)

        let again = try await workspace.run([
            "trigger", "--provider", "freshdesk", "--verify", "-H", "X-Secret: fd-secret", sample,
        ])
        #expect(again.status == 0 && again.out.contains("queued before"), "\(again)")
        #expect(try workspace.emlFiles(in: workspace.path("outbox")).count == 1)
    }

    @Test func theKeyDiffersFromTheRawWebhookKey() async throws {
        let workspace = try await Self.workspace()
        let trigger = try await workspace.run(["trigger", "key"])
        let webhook = try await workspace.run(["webhook", "key"])
        #expect(trigger.status == 0 && trigger.out.hasPrefix("k="), "\(trigger)")
        #expect(trigger.out != webhook.out)
    }

    @Test func triggersDeliverOverSMTPWhenConfiguredOnce() async throws {
        let workspace = try await Self.workspace()
        let sink = try DumpingSMTPSink(in: workspace.root)
        defer { sink.stop() }
        try workspace.editConfig { config in
            var triggers = config["triggers"] as? [String: Any] ?? [:]
            triggers["deliver"] = ["to": sink.url]
            config["triggers"] = triggers
        }
        let sample = try sharedData().appendingPathComponent("payloads/freshdesk/zulip_status_changed.json").path
        for _ in 0..<2 {
            let result = try await workspace.run([
                "trigger", "--provider", "freshdesk", "--verify", "-H", "X-Secret: fd-secret", sample,
            ])
            #expect(result.status == 0, "\(result)")
        }
        var transactions: [String: DumpingSMTPSink.Transaction] = [:]
        for _ in 0..<50 {
            transactions = try sink.transactions()
            if !transactions.isEmpty { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        try await Task.sleep(for: .milliseconds(300))
        transactions = try sink.transactions()
        #expect(transactions.values.map(\.recipients) == [["requester-bob@example.com"]])
        #expect(try workspace.emlFiles(in: workspace.path("outbox")).isEmpty)
    }
}
