import Foundation
import Logging
import SmileyCore
import SmileyInbound
import SmileyMail
import SmileyStore
import SmileyWorkflows
import Testing

/// Help-desk triggers end to end in process: the shared Freshdesk and Jira samples, signed, queued, and sent
/// through the send journal into the outbox — once, across duplicates, replays and a restart mid-queue.
@Suite("Ticket-closed triggers")
struct TriggerWorkflowTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let logger = Logger(label: "test")

    static func sample(_ path: String) throws -> [UInt8] {
        let shared = try #require(
            ProcessInfo.processInfo.environment["SMILEY_SHARED"],
            "set SMILEY_SHARED to the shared folder (it holds payloads/)"
        )
        return Array(try Data(contentsOf: URL(fileURLWithPath: shared + "/payloads/" + path)))
    }

    static let sources = """
        "triggers": {
          "sources": {
            "freshdesk": {
              "signature": { "scheme": "header", "header": "X-Smiley-Trigger-Secret", "secretFile": "freshdesk.secret" },
              "survey": "support",
              "fields": { "ticketID": "freshdesk_webhook.ticket_id", "email": "freshdesk_webhook.requester_email",
                          "name": "freshdesk_webhook.requester_name", "subject": "freshdesk_webhook.ticket_subject" },
              "when": { "path": "freshdesk_webhook.ticket_status", "equals": ["Waiting on Customer", "Closed"] }
            },
            "jira": {
              "signature": { "scheme": "smiley" },
              "survey": "support",
              "fields": { "ticketID": "issue.key", "email": "issue.fields.reporter.emailAddress",
                          "name": "issue.fields.reporter.displayName", "subject": "issue.fields.summary",
                          "agent": "user.displayName" },
              "when": { "path": "changelog.items.0.toString", "equals": "In Progress" }
            }
          }
        },
        """

    /// A fresh installation with the two sources; `capDays` sets `frequencyCapDays`.
    static func installation(capDays: Int = 0, deliver: String = "") throws -> Installation {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("smiley-trig-\(UUID().uuidString)")
            .path
        let result = try InitWorkflow.run(
            directory: folder,
            fromName: "Acme Support",
            fromAddress: "support@acme.example",
            replyDomain: "reply.acme.example"
        )
        var json = try String(contentsOfFile: result.configPath, encoding: .utf8)
        let brace = try #require(json.firstIndex(of: "{"))
        let section =
            deliver.isEmpty
            ? sources : sources.replacingOccurrences(of: "\"sources\": {", with: "\(deliver),\n\"sources\": {")
        json.replaceSubrange(brace...brace, with: "{\n\(section)\n\"frequencyCapDays\": \(capDays),")
        json = json.replacingOccurrences(of: "\"frequencyCapDays\" : 0,", with: "")
        try json.write(toFile: result.configPath, atomically: true, encoding: .utf8)
        try "s3cret-freshdesk\n".write(toFile: folder + "/freshdesk.secret", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: folder + "/freshdesk.secret")
        let installation = try Installation.load(
            configPath: result.configPath,
            builtInTemplates: root.appendingPathComponent("templates").path
        )
        #expect(installation.config.triggers?.sources.count == 2, "the triggers section was added")
        return installation
    }

    static func workflow(_ installation: Installation) throws -> TriggerWorkflow {
        try TriggerWorkflow(
            installation: installation,
            settings: try #require(installation.config.triggers),
            synchronize: false
        )
    }

    static func outbox(_ installation: Installation) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: installation.outboxDirectory)) ?? [])
            .filter { $0.hasSuffix(".eml") }
    }

    static func freshdesk(_ body: [UInt8], secret: String = "s3cret-freshdesk") -> WebhookRequest {
        WebhookRequest(headers: [("X-Smiley-Trigger-Secret", secret)], body: body)
    }

    /// A post signed with the installation's trigger key, as `Smiley-Signature: t=…,k=…,v1=…`.
    static func signed(_ body: [UInt8], _ installation: Installation, at time: Date = Date()) -> WebhookRequest {
        let key = TriggerWorkflow.signingKey(installation: installation)
        let keyBytes = stride(from: 0, to: key.hex.count, by: 2).map { offset -> UInt8 in
            let start = key.hex.index(key.hex.startIndex, offsetBy: offset)
            return UInt8(key.hex[start..<key.hex.index(start, offsetBy: 2)], radix: 16)!
        }
        let t = String(Int(time.timeIntervalSince1970))
        let mac = HMACSignature.hex(HMACSignature.code(.sha256, key: keyBytes, message: Array("\(t).".utf8) + body))
        return WebhookRequest(headers: [("Smiley-Signature", "t=\(t),k=\(key.id),v1=\(mac)")], body: body)
    }

    @Test func freshdeskSampleEndsInOneSurveyEvenWhenPostedTwice() async throws {
        let installation = try Self.installation()
        let triggers = try Self.workflow(installation)
        let body = try Self.sample("freshdesk/zulip_status_changed.json")
        let receipt = try triggers.receive("freshdesk", Self.freshdesk(body))
        let trigger = try #require(receipt.queued.first, "the Freshdesk sample was not queued")
        #expect(trigger.ticketID == "11" && trigger.email.description == "requester-bob@example.com")
        #expect(trigger.name == "Requester Bob" && trigger.subject == "Test ticket subject ☃")
        let sent = await triggers.drain(logger: Self.logger)
        #expect(sent.map(\.outcome) == ["accepted"])
        #expect(Self.outbox(installation).count == 1)
        // The help desk's retry of the same ticket is kept (a 2xx) but queued and sent no second time.
        let again = try triggers.receive("freshdesk", Self.freshdesk(body))
        #expect(again.queued.isEmpty && again.duplicates.count == 1)
        #expect(await triggers.drain(logger: Self.logger).isEmpty)
        #expect(Self.outbox(installation).count == 1)
        let eml = try String(
            contentsOfFile: installation.outboxDirectory + "/" + Self.outbox(installation)[0],
            encoding: .utf8
        )
        #expect(eml.contains("requester-bob@example.com"))
    }

    @Test func aWrongSecretOrAnUnmetConditionQueuesNothing() async throws {
        let installation = try Self.installation()
        let triggers = try Self.workflow(installation)
        let body = try Self.sample("freshdesk/zulip_status_changed.json")
        #expect(throws: TriggerWorkflow.Failure.self) {
            try triggers.receive("freshdesk", Self.freshdesk(body, secret: "guess"))
        }
        do {
            _ = try triggers.receive("freshdesk", WebhookRequest(headers: [], body: body))
            Issue.record("an unsigned post was taken")
        } catch { if case .refused(let refusal) = error { #expect(refusal.httpStatus == 401) } }
        // The created sample is "Pending": not a trigger, acknowledged, nothing queued.
        let created = try Self.sample("freshdesk/zulip_ticket_created.json")
        let passed = try triggers.receive("freshdesk", Self.freshdesk(created))
        #expect(passed.queued.isEmpty && passed.duplicates.isEmpty)
        #expect(passed.ignored.first?.contains("Pending") == true)
        #expect(triggers.pendingCount == 0)
        #expect(await triggers.drain(logger: Self.logger).isEmpty)
        #expect(Self.outbox(installation).isEmpty)
    }

    @Test func aMissingMappedFieldIs422NamingThePath() throws {
        let installation = try Self.installation()
        let triggers = try Self.workflow(installation)
        let body = Array(#"{"freshdesk_webhook":{"ticket_id":"12","ticket_status":"Closed"}}"#.utf8)
        do {
            _ = try triggers.receive("freshdesk", Self.freshdesk(body))
            Issue.record("a trigger without a requester was taken")
        } catch {
            guard case .refused(let refusal) = error else { throw error }
            #expect(refusal.httpStatus == 422)
            #expect(refusal.description.contains("freshdesk_webhook.requester_email"))
        }
        do {
            _ = try triggers.receive("freshdesk", Self.freshdesk(Array("not json".utf8)))
            Issue.record("a body that is not JSON was taken")
        } catch {
            guard case .refused(let refusal) = error else { throw error }
            #expect(refusal.httpStatus == 400)
        }
        #expect(triggers.pendingCount == 0)
    }

    @Test func jiraSampleSignedGoodForgedReplayedAndStale() async throws {
        let installation = try Self.installation()
        let triggers = try Self.workflow(installation)
        let body = try Self.sample("jira/zulip_issue_updated__status.json")
        let good = Self.signed(body, installation)
        let trigger = try #require(
            try triggers.receive("jira", good).queued.first,
            "the signed Jira sample was not queued"
        )
        #expect(trigger.ticketID == "TEST-1" && trigger.email.description == "kolaszek@tlen.pl")
        #expect(trigger.agent == "James Williams")
        var statuses: [Int] = []
        var forged = good
        forged.body += Array(" ".utf8)
        let stale = Self.signed(body, installation, at: Date().addingTimeInterval(-3_600))
        for request in [forged, good, stale] {
            do {
                _ = try triggers.receive("jira", request)
                statuses.append(200)
            } catch {
                guard case .refused(let refusal) = error else { throw error }
                statuses.append(refusal.httpStatus)
            }
        }
        #expect(statuses == [401, 409, 401])
        #expect(await triggers.drain(logger: Self.logger).map(\.outcome) == ["accepted"])
        #expect(Self.outbox(installation).count == 1)
    }

    @Test func suppressionAndTheFrequencyCapAreHonoured() async throws {
        let installation = try Self.installation(capDays: 30)
        let triggers = try Self.workflow(installation)
        _ = try installation.store(synchronize: false).suppressionList.add(
            try EmailAddress("gone@example.com"),
            reason: .unsubscribed,
            at: Date()
        )
        func post(_ ticket: String, _ email: String) throws {
            let body =
                #"{"freshdesk_webhook":{"ticket_id":"\#(ticket)","requester_email":"\#(email)","ticket_status":"Closed"}}"#
            _ = try triggers.receive("freshdesk", Self.freshdesk(Array(body.utf8)))
        }
        try post("1", "gone@example.com")
        try post("2", "bob@example.com")
        _ = await triggers.drain(logger: Self.logger)
        try post("3", "bob@example.com")
        let later = await triggers.drain(logger: Self.logger)
        #expect(later.map(\.outcome) == ["frequency-capped"])
        #expect(Self.outbox(installation).count == 1, "bob once; gone@ never")
        #expect(triggers.pendingCount == 0)
    }

    @Test func aRestartMidQueueNeitherLosesNorRepeats() async throws {
        let installation = try Self.installation()
        let first = try Self.workflow(installation)
        for ticket in ["a", "b", "c"] {
            let body =
                #"{"freshdesk_webhook":{"ticket_id":"\#(ticket)","requester_email":"\#(ticket)@example.com","ticket_status":"Closed"}}"#
            _ = try first.receive("freshdesk", Self.freshdesk(Array(body.utf8)))
        }
        // The process died in the middle of a drain: one survey went out (journaled accepted) and its queue
        // entry was never marked done.
        let pending = installation.dataDirectory + "/triggers/pending"
        let files = try FileManager.default.contentsOfDirectory(atPath: pending).filter { $0.hasSuffix(".csv") }
            .sorted()
        #expect(files.count == 3)
        let crashed = try await SendWorkflow.run(
            installation: installation,
            request: .init(
                surveyID: "support",
                recipientsPath: pending + "/" + files[0],
                destination: .outbox(installation.outboxDirectory)
            ),
            logger: Self.logger
        )
        #expect(crashed.report.accepted == 1)
        // After the restart, a new workflow drains what is left: the two others once, the first not again.
        let second = try Self.workflow(installation)
        let sent = await second.drain(logger: Self.logger)
        #expect(sent.map(\.outcome).sorted() == ["accepted", "accepted", "accepted-before"])
        #expect(Self.outbox(installation).count == 3)
        #expect(await second.drain(logger: Self.logger).isEmpty)
        #expect(Self.outbox(installation).count == 3)
    }

    @Test func surveysGoWhereTriggersDeliverSays() async throws {
        let installation = try Self.installation(deliver: #""deliver": {"to": "outbox:tickets-out"}"#)
        let triggers = try Self.workflow(installation)
        _ = try triggers.receive("freshdesk", Self.freshdesk(try Self.sample("freshdesk/zulip_status_changed.json")))
        #expect(await triggers.drain(logger: Self.logger).map(\.outcome) == ["accepted"])
        let folder = (installation.configPath as NSString).deletingLastPathComponent + "/tickets-out"
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".eml") }.count == 1)
        #expect(Self.outbox(installation).isEmpty)
    }

    @Test func aDeliverySettingThatCannotWorkIsAConfigurationError() throws {
        #expect {
            try Self.installation(deliver: #""deliver": {"to": "https://mail.example.com"}"#)
        } throws: { error in
            (error as? WorkflowError)?.exitCode == ExitStatus.configuration
                && "\(error)".contains("triggers.deliver.to")
        }
    }
}
