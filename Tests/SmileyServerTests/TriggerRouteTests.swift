import Foundation
import Logging
import ServiceLifecycle
import SmileyCore
import SmileyInbound
import SmileyServer
import SmileyWorkflows
import Testing

/// `POST /triggers/{source}` over real HTTP: a closed ticket is answered 2xx only once it is durably queued, and
/// ends in one survey in the outbox; forged, replayed and broken posts queue nothing; a Salesforce Outbound
/// Message is answered with the SOAP Ack; triggers queued before a restart are sent when the server starts.
@Suite("trigger routes")
struct TriggerRouteTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    nonisolated(unsafe) static let triggers: [String: Any] = [
        "sources": [
            "freshdesk": [
                "signature": ["scheme": "header", "header": "X-Smiley-Trigger-Secret", "secretFile": "fd.secret"],
                "survey": "support",
                "fields": [
                    "ticketID": "freshdesk_webhook.ticket_id", "email": "freshdesk_webhook.requester_email",
                    "name": "freshdesk_webhook.requester_name",
                ],
                "when": ["path": "freshdesk_webhook.ticket_status", "equals": ["Waiting on Customer", "Closed"]],
            ],
            "salesforce": [
                "format": "salesforce",
                "signature": ["scheme": "salesforce", "organizationId": "012345678901234"],
                "survey": "support",
                "fields": ["ticketID": "Id", "email": "Email", "name": "FirstName"],
            ],
        ]
    ]

    /// An installation with the two sources, and its outbox folder.
    static func installation() throws -> Installation {
        let fixture = try ServerFixture()
        let path = fixture.installation.configPath
        var config = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        )
        config["triggers"] = triggers
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: path))
        let secret = (path as NSString).deletingLastPathComponent + "/fd.secret"
        try Data("fd-secret\n".utf8).write(to: URL(fileURLWithPath: secret))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secret)
        return try Installation.load(configPath: path, builtInTemplates: root.appendingPathComponent("templates").path)
    }

    static func withServer<Value: Sendable>(
        _ installation: Installation,
        _ body: @Sendable (Int) async throws -> Value
    ) async throws -> Value {
        var settings = ServerSettings()
        settings.port = 0
        let server = try WebServer(
            installation: installation,
            builtInTemplates: root.appendingPathComponent("templates").path,
            settings: settings,
            synchronize: false,
            logger: Logger(label: "test")
        )
        let (ports, announce) = AsyncStream<Int>.makeStream()
        return try await withRunningService(server.application { port in announce.yield(port) }, ports: ports, body)
    }

    static func outbox(_ installation: Installation) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: installation.outboxDirectory)) ?? [])
            .filter { $0.hasSuffix(".eml") }.count
    }

    /// Waits (up to 20 s) until the outbox holds `count` messages and the queue is empty.
    static func waitForOutbox(_ installation: Installation, _ count: Int) async throws -> Int {
        let pending = installation.dataDirectory + "/triggers/pending"
        for _ in 0..<200 {
            let left = ((try? FileManager.default.contentsOfDirectory(atPath: pending)) ?? []).filter {
                $0.hasSuffix(".csv")
            }
            if outbox(installation) >= count, left.isEmpty { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        return outbox(installation)
    }

    static func sample(_ path: String) throws -> [UInt8] {
        let shared = try #require(ProcessInfo.processInfo.environment["SMILEY_SHARED"], "set SMILEY_SHARED")
        return Array(try Data(contentsOf: URL(fileURLWithPath: shared + "/payloads/" + path)))
    }

    @Test func freshdeskTriggerIsQueuedOnceAndSurveyedOnce() async throws {
        let installation = try Self.installation()
        let body = try Self.sample("freshdesk/zulip_status_changed.json")
        let missing = Array(#"{"freshdesk_webhook":{"ticket_id":"9","ticket_status":"Closed"}}"#.utf8)
        let answers = try await Self.withServer(installation) { port in
            var statuses: [Int] = []
            var bodies: [String] = []
            for (secret, payload) in [
                ("fd-secret", body), ("fd-secret", body), ("guess", body), ("fd-secret", missing),
            ] {
                let response = try await RawHTTP.request(
                    port: port,
                    "POST",
                    "/triggers/freshdesk",
                    headers: [("X-Smiley-Trigger-Secret", secret)],
                    body: payload,
                    contentType: "application/json"
                )
                statuses.append(response.status)
                bodies.append(String(decoding: response.body, as: UTF8.self))
            }
            let unknown = try await RawHTTP.request(
                port: port,
                "POST",
                "/triggers/nope",
                body: body,
                contentType: "application/json"
            )
            statuses.append(unknown.status)
            return (statuses, bodies, try await Self.waitForOutbox(installation, 1))
        }
        #expect(answers.0 == [202, 202, 401, 422, 404])
        #expect(answers.1[0].contains(#""duplicate":false"#) && answers.1[1].contains(#""duplicate":true"#))
        #expect(answers.1[3].contains("freshdesk_webhook.requester_email"))
        #expect(answers.2 == 1, "one survey for the ticket")
    }

    @Test func salesforceMessageIsAcknowledgedAndEachNotificationSurveyedOnce() async throws {
        let installation = try Self.installation()
        let message = try Self.sample("salesforce/aspnet_webhooks_outbound_message_request.xml")
        let otherOrg = Array(
            String(decoding: message, as: UTF8.self).replacingOccurrences(
                of: "012345678901234",
                with: "00D000000000001"
            ).utf8
        )
        let xxe = Array(
            #"""
            <?xml version="1.0"?>
            <!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>
            <notifications xmlns="http://soap.sforce.com/2005/09/outbound"><OrganizationId>012345678901234</OrganizationId>
            <Notification><Id>1</Id><sObject><Id>2</Id><Email>&x;</Email></sObject></Notification></notifications>
            </soapenv:Body></soapenv:Envelope>
            """#.utf8
        )
        let answers = try await Self.withServer(installation) { port in
            var results: [(Int, String)] = []
            for payload in [message, message, otherOrg, xxe] {
                let response = try await RawHTTP.request(
                    port: port,
                    "POST",
                    "/triggers/salesforce",
                    headers: [("SOAPAction", "\"\"")],
                    body: payload,
                    contentType: "text/xml; charset=utf-8"
                )
                results.append((response.status, String(decoding: response.body, as: UTF8.self)))
            }
            return (results, try await Self.waitForOutbox(installation, 1))
        }
        #expect(answers.0.map(\.0) == [200, 200, 401, 400])
        #expect(answers.0[0].1.contains("<Ack>true</Ack>") && answers.0[1].1.contains("<Ack>true</Ack>"))
        #expect(!answers.0[2].1.contains("<Ack>"))
        // The sample's first Contact has no Email: passed over; the second is surveyed, once.
        #expect(answers.1 == 1)
    }

    @Test func triggersQueuedBeforeARestartAreSentWhenTheServerStarts() async throws {
        let installation = try Self.installation()
        let workflow = try TriggerWorkflow(
            installation: installation,
            settings: try #require(installation.config.triggers),
            synchronize: false
        )
        for ticket in ["1", "2"] {
            let body =
                #"{"freshdesk_webhook":{"ticket_id":"\#(ticket)","requester_email":"p\#(ticket)@example.com","ticket_status":"Closed"}}"#
            _ = try workflow.receive(
                "freshdesk",
                WebhookRequest(headers: [("X-Smiley-Trigger-Secret", "fd-secret")], body: Array(body.utf8))
            )
        }
        #expect(workflow.pendingCount == 2)
        let sent = try await Self.withServer(installation) { _ in try await Self.waitForOutbox(installation, 2) }
        #expect(sent == 2)
        #expect(workflow.pendingCount == 0)
    }
}
