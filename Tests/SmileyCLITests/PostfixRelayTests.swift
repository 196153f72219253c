import Foundation
import Testing

/// Postfix end to end: a real Postfix, started by each test in its own folders on a free loopback port, with the
/// `smiley` pipe service and transport map of `examples/relay/` (only the binary, configuration and user replaced),
/// receives replies and bounces over SMTP and hands them to `smiley ingest`.
///
/// Needs root and the `postfix` package; without them every test fails naming what is missing, unless
/// `SMILEY_SKIP_POSTFIX=1` skips the suite.
@Suite(
    "Postfix relay end to end",
    .serialized,
    .disabled(if: PostfixRelay.skipRequested, "SMILEY_SKIP_POSTFIX=1 skips the Postfix end-to-end tests")
)
struct PostfixRelayTests {
    /// A workspace whose survey went to the six addresses of `fixtures/recipients.csv`, and a Postfix piping its
    /// reply domain to `smiley ingest`.
    static func relay() async throws -> (PostfixRelay, [String: SentSurvey]) {
        try PostfixRelay.requireAvailable()
        let (workspace, sent) = try await IngestTests.surveyed()
        return (try PostfixRelay(serving: workspace), sent)
    }

    @Test("a reply sent over SMTP goes through Postfix's pipe to smiley ingest and ends as exactly one record")
    func replyBecomesRecord() async throws {
        let (relay, sent) = try await Self.relay()
        defer { relay.stop() }
        let jane = try #require(sent["jane.doe@example.com"])
        let address = IngestTests.ratedAddress(jane, "positive")
        let reply = replyMessage(
            from: "Jane Doe <jane.doe@example.com>",
            to: address,
            messageID: "postfix-jane@mail.example.com",
            extraHeaders: ["In-Reply-To: \(jane.messageID)"],
            body: "Fixed within the hour, thank you!\n\nOn Mon, Support wrote:\n> How did we do?"
        )
        let id = try relay.submit(reply, from: "jane.doe@example.com", to: [address])
        try await relay.waitUntilDelivered(id)

        let attempts = relay.deliveries(of: id)
        #expect(attempts.map(\.status) == ["sent"], "one delivery, at the first attempt: \(attempts.map(\.line))")
        #expect(attempts.first?.line.contains("relay=smiley") == true, "through the smiley service: \(attempts)")
        #expect(attempts.first?.recipient == address)
        let records = try relay.workspace.records()
        #expect(records.count == 1, "\(records)")
        let record = try #require(records.first)
        #expect(record["classification"] as? String == "surveyReply", "\(record)")
        #expect((record["rating"] as? [String: Any])?["value"] as? Int == 3, "positive: \(record)")
        #expect(record["recipientEmail"] as? String == "jane.doe@example.com", "\(record)")
        #expect(record["messageID"] as? String == "<postfix-jane@mail.example.com>", "\(record)")
        let comment = record["comment"] as? String ?? ""
        #expect(comment.contains("Fixed within the hour") && !comment.contains("How did we do"), "\(record)")
    }

    @Test("data folder unwritable: Postfix defers on exit 75, keeps the reply; writable and flushed, it is stored once")
    func deferredThenDelivered() async throws {
        let (relay, sent) = try await Self.relay()
        defer { relay.stop() }
        let workspace = relay.workspace
        let ken = try #require(sent["ken@example.jp"])
        // Headers without the token (a reply forwarded from a shared mailbox): only the envelope recipient, which
        // the pipe passes as --recipient ${recipient}, ties it to the survey.
        let envelope = IngestTests.ratedAddress(ken, "negative")
        let reply = replyMessage(
            from: "Ken Sato <ken@example.jp>",
            to: "Support <support@example.com>",
            messageID: "postfix-ken@mail.example.jp",
            body: "Outlook still crashes when I open the calendar."
        )
        try relay.setDataWritable(false)
        let id = try relay.submit(reply, from: "ken@example.jp", to: [envelope])
        try await relay.waitUntil("a deferral of \(id)") {
            relay.deliveries(of: id).contains { $0.status == "deferred" }
        }
        let deferral = try #require(relay.deliveries(of: id).first)
        #expect(deferral.status == "deferred" && deferral.dsn == "4.3.0", "EX_TEMPFAIL is 4.3.0: \(deferral.line)")
        #expect(
            deferral.line.contains("temporary failure") && deferral.line.contains(workspace.data.path),
            "Postfix logs smiley's message, which names the data folder: \(deferral.line)"
        )
        // Between retries the message waits in the deferred queue, with the reason. The backoff is 5 s, not 1 s: a
        // queue scan that finds a deferred file whose retry time is due while the pipe still holds its lock logs
        // "skipped, still being delivered" and parks it in the incoming queue for 60 s (seen once in CI).
        var queued: [PostfixRelay.Queued] = []
        try await relay.waitUntil("\(id) in the deferred queue") {
            queued = try relay.queue()
            return queued.contains { $0.queueName == "deferred" }
        }
        #expect(queued.map(\.id) == [id], "the queue keeps the message, and only it: \(queued)")
        #expect(queued.first?.delayReasons.first?.contains(workspace.data.path) == true, "the reason: \(queued)")
        #expect(try workspace.records().isEmpty, "nothing stored while the folder is unwritable")
        #expect(workspace.allFiles(below: workspace.data.appendingPathComponent("quarantine")).isEmpty)

        try relay.setDataWritable(true)
        try relay.flush()
        try await relay.waitUntilDelivered(id)
        let attempts = relay.deliveries(of: id)
        #expect(attempts.filter { $0.status == "sent" }.count == 1, "\(attempts.map(\.line))")
        #expect(attempts.allSatisfy { $0.status == "sent" || $0.status == "deferred" }, "\(attempts.map(\.line))")
        #expect(try relay.queue().isEmpty, "nothing left in the queue")
        #expect(workspace.allFiles(below: workspace.data.appendingPathComponent("quarantine")).isEmpty)
        let records = try workspace.records()
        #expect(records.count == 1, "stored exactly once: \(records)")
        let record = try #require(records.first)
        #expect(record["recipientEmail"] as? String == "ken@example.jp", "matched by the envelope: \(record)")
        #expect((record["rating"] as? [String: Any])?["value"] as? Int == 1, "negative: \(record)")
        #expect((record["comment"] as? String)?.contains("Outlook still crashes") == true, "\(record)")
    }

    @Test("a bounce (RFC 3464 report, MAIL FROM:<>) to bounces+TOKEN@ through Postfix suppresses the recipient")
    func bounceSuppresses() async throws {
        let (relay, sent) = try await Self.relay()
        defer { relay.stop() }
        let workspace = relay.workspace
        let pieter = try #require(sent["pieter@example.nl"])
        #expect(try await workspace.suppressionReason("pieter@example.nl") == nil, "not suppressed before")
        let id = try relay.submit(
            IngestTests.dsn(for: pieter),
            from: "",
            to: ["bounces+\(pieter.token)@\(Workspace.replyDomain)"]
        )
        try await relay.waitUntilDelivered(id)
        #expect(relay.deliveries(of: id).map(\.status) == ["sent"], "\(relay.deliveries(of: id).map(\.line))")
        #expect(try await workspace.suppressionReason("pieter@example.nl") == "hardBounce")
        #expect(try await workspace.suppressionReason("jane.doe@example.com") == nil, "only the bounced recipient")
        let records = try workspace.records()
        #expect(records.count == 1 && records.first?["classification"] as? String == "bounce", "\(records)")
    }

    @Test("the shipped transport map and service agree with the test relay's main.cf (one recipient per ingest)")
    func examplesAgree() throws {
        let transport = try PostfixRelay.example("postfix-transport")
        #expect(PostfixRelay.transportDomains(transport) == [Workspace.replyDomain])
        #expect(transport.contains("smiley_destination_recipient_limit = 1"), "the admin is told to set it")
        let service = try PostfixRelay.example("postfix-master.cf")
        #expect(service.contains("smiley_destination_recipient_limit = 1"))
        #expect(service.contains("--recipient ${recipient}") && service.contains("flags=Rq"))
    }
}
