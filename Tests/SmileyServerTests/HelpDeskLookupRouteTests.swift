import Foundation
import SmileyCore
import SmileyInbound
import SmileyWorkflows
import Testing

/// `POST /triggers/{source}` for help desks whose post does not carry the requester's address, over real HTTP on
/// both sides: Smiley's server, and the help desk's REST API mocked on another loopback port with the documented
/// response bodies (``HelpDeskFixtures``). A ConnectWise callback is checked under the key its `Metadata.key_url`
/// returns (only on the tenant's host), its ticket and contact are fetched, and the survey is sent once; an
/// Autotask webhook without an address gets it from the ticket's contact, the shared Zendesk sample from the
/// ticket's requester. Whatever fails, nothing is stored and
/// the help desk is told to retry (5xx) or why not (4xx).
@Suite("help-desk API lookups")
struct HelpDeskLookupRouteTests {
    /// Each API request's time limit: generous, because the mock help desk shares a loaded 2-core CI machine with
    /// hundreds of other tests (with 5 s, a slow first answer was taken for an API that does not answer: 503).
    static let timeout = 30

    static let apiBase = "/v4_6_release/apis/3.0"
    static let keyPath = "/v4_6_release/system/callbackkey/index.rails"
    static let clientID = "5d5b6a3c-1f2e-4d7c-9b8a-0e1f2a3b4c5d"

    static func mock() -> MockHelpDesk {
        MockHelpDesk(bodies: [
            keyPath: #"{"signing_key":"\#(HelpDeskFixtures.connectwiseSigningKey)"}"#,
            apiBase + "/service/tickets/1042": HelpDeskFixtures.connectwiseTicket(id: 1042, status: "Closed"),
            apiBase + "/service/tickets/1043": HelpDeskFixtures.connectwiseTicket(id: 1043, status: "In Progress"),
            apiBase + "/company/contacts/301": HelpDeskFixtures.connectwiseContact,
            "/atservicesrest/V1.0/Tickets/41234": HelpDeskFixtures.autotaskTicket,
            "/atservicesrest/V1.0/Contacts/29683370": HelpDeskFixtures.autotaskContact,
            "/api/v2/tickets/7.json": HelpDeskFixtures.zendeskTicket,
            "/api/v2/users/20978392.json": HelpDeskFixtures.zendeskUser,
        ])
    }

    /// An installation with a ConnectWise and an Autotask source whose APIs are the mock on `port`.
    static func installation(port: Int) throws -> Installation {
        let fixture = try ServerFixture()
        let path = fixture.installation.configPath
        var config = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        )
        config["triggers"] = [
            "sources": [
                "connectwise": [
                    "format": "connectwise",
                    "signature": ["scheme": "connectwise"],
                    "survey": "support",
                    "fields": [
                        "ticketID": "id", "email": "contactEmailAddress", "name": "contactName",
                        "subject": "summary", "agent": "owner.name",
                    ],
                    "when": ["path": "status.name", "equals": ["Closed", "Resolved"]],
                    "lookup": [
                        "api": "connectwise", "baseURL": "http://127.0.0.1:\(port)\(apiBase)",
                        "credentialFile": "cw.credentials", "clientId": clientID, "timeoutSeconds": Self.timeout,
                    ],
                ],
                "autotask": [
                    "signature": ["scheme": "autotask", "secretFile": "at.secret"],
                    "survey": "support",
                    "fields": [
                        "ticketID": "Fields.TicketNumber", "email": "Fields.ContactEmail",
                        "name": "Fields.ContactName", "subject": "Fields.Title",
                    ],
                    "when": ["path": "Fields.Status", "equals": "5"],
                    "lookup": [
                        "api": "autotask", "baseURL": "http://127.0.0.1:\(port)/atservicesrest",
                        "credentialFile": "at.api", "integrationCode": "INTCODE42", "username": "api@acme.example",
                        "timeoutSeconds": Self.timeout,
                    ],
                ],
                "zendesk": [
                    "signature": ["scheme": "zendesk", "secretFile": "zd.secret"],
                    "survey": "support",
                    "fields": [
                        "ticketID": "ticket_id", "email": "requester_email", "name": "requester_full_name",
                        "subject": "ticket_title", "agent": "assignee_full_name",
                    ],
                    "when": ["path": "ticket_status", "equals": ["Solved", "Closed"]],
                    "lookup": [
                        "api": "zendesk", "baseURL": "http://127.0.0.1:\(port)", "credentialFile": "zd.api",
                        "timeoutSeconds": Self.timeout,
                    ],
                ],
            ]
        ]
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: path))
        let folder = (path as NSString).deletingLastPathComponent
        for (name, secret) in [
            ("cw.credentials", "acme+pUbLiCkEy:pRiVaTeKeY"), ("at.secret", "autotask-webhook-key"),
            ("at.api", "autotask-api-secret"), ("zd.secret", "zendesk-signing-secret"),
            ("zd.api", "agent@acme.example/token:zendesk-api-token"),
        ] {
            try Data((secret + "\n").utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: folder + "/" + name)
        }
        return try Installation.load(
            configPath: path,
            builtInTemplates: TriggerRouteTests.root.appendingPathComponent("templates").path
        )
    }

    /// A callback signed as ConnectWise signs: base64(HMAC-SHA256(SHA-256(signing key), body)); `signed` is the
    /// body signed when another one is sent (a tampered callback).
    static func connectwisePost(
        port: Int,
        _ body: String,
        key: String = HelpDeskFixtures.connectwiseSigningKey,
        signing signed: String? = nil
    ) async throws -> RawResponse {
        let mac = HMACSignature.code(
            .sha256,
            key: TriggerSettings.Signature.connectwiseHMACKey(signingKey: key),
            message: Array((signed ?? body).utf8)
        )
        return try await RawHTTP.request(
            port: port,
            "POST",
            "/triggers/connectwise",
            userAgent: nil,
            headers: [("x-content-signature", Data(mac).base64EncodedString())],
            body: Array(body.utf8),
            contentType: "application/json"
        )
    }

    static func pending(_ installation: Installation) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: installation.dataDirectory + "/triggers/pending"))
            ?? []).filter { $0.hasSuffix(".csv") }.count
    }

    @Test func closedConnectWiseTicketEndsInOneSurveyAndTheSameCallbackAgainInNoSecond() async throws {
        let helpDesk = Self.mock()
        let result = try await helpDesk.run { api in
            let installation = try Self.installation(port: api)
            let keyURL = "http://127.0.0.1:\(api)\(Self.keyPath)?id=3f9a"
            let first = HelpDeskFixtures.connectwiseCallback(id: 1042, messageID: "m-1", keyURL: keyURL)
            let later = HelpDeskFixtures.connectwiseCallback(id: 1042, messageID: "m-2", keyURL: keyURL)
            return try await TriggerRouteTests.withServer(installation) { port in
                var answers: [RawResponse] = []
                for body in [first, first, later] { answers.append(try await Self.connectwisePost(port: port, body)) }
                return (answers, try await TriggerRouteTests.waitForOutbox(installation, 1), installation)
            }
        }
        let (answers, surveys, installation) = result
        #expect(answers.map(\.status) == [202, 409, 202], "\(answers.map(\.text))")
        #expect(answers[0].text.contains(#""duplicate":false"#) && answers[2].text.contains(#""duplicate":true"#))
        #expect(surveys == 1, "one survey for ticket 1042")
        let message = try #require(
            try FileManager.default.contentsOfDirectory(atPath: installation.outboxDirectory).first {
                $0.hasSuffix(".eml")
            }
        )
        let eml = try String(contentsOfFile: installation.outboxDirectory + "/" + message, encoding: .utf8)
        #expect(eml.contains("ann@example.com") && !eml.contains("ann.old@example.com"), "the default e-mail")
        let seen = helpDesk.seen
        // The key once (then kept), the ticket and its contact for each callback read (the replay is refused
        // before anything is queued, after the ticket is read).
        let keyFetches = seen.filter { $0.target.hasPrefix(Self.keyPath) }
        #expect(keyFetches.count == 1)
        #expect(
            keyFetches.allSatisfy { $0.headers["authorization"] == nil && $0.headers["clientid"] == nil },
            "the API's credentials never go to a URL the callback names"
        )
        let apiCalls = seen.filter { $0.target.hasPrefix(Self.apiBase) }
        #expect(apiCalls.map(\.target).contains(Self.apiBase + "/service/tickets/1042"))
        #expect(apiCalls.map(\.target).contains(Self.apiBase + "/company/contacts/301"))
        let basic = "Basic " + Data("acme+pUbLiCkEy:pRiVaTeKeY".utf8).base64EncodedString()
        #expect(apiCalls.allSatisfy { $0.headers["authorization"] == basic && $0.headers["clientid"] == Self.clientID })
    }

    @Test func forgedOrForeignKeyCallbacksAreRefusedWithNothingStoredAndNoForeignFetch() async throws {
        let helpDesk = Self.mock()
        let (statuses, seen, pending, surveys) = try await helpDesk.run { api in
            let installation = try Self.installation(port: api)
            let keyURL = "http://127.0.0.1:\(api)\(Self.keyPath)?id=3f9a"
            let good = HelpDeskFixtures.connectwiseCallback(id: 1042, messageID: "m-1", keyURL: keyURL)
            // The attacker names a key URL it controls (another host name, another port), signed under its key.
            let foreign = [
                "http://localhost:\(api)\(Self.keyPath)?id=3f9a", "http://127.0.0.1:1\(Self.keyPath)",
                "https://evil.example\(Self.keyPath)",
            ].map { HelpDeskFixtures.connectwiseCallback(id: 1042, messageID: "m-x", keyURL: $0) }
            return try await TriggerRouteTests.withServer(installation) { port in
                var statuses: [Int] = []
                for body in foreign {
                    statuses.append(try await Self.connectwisePost(port: port, body, key: "attacker-key").status)
                }
                let seenBefore = helpDesk.seen.count
                let tampered = good.replacingOccurrences(of: "\"ID\":1042", with: "\"ID\":1043")
                statuses.append(try await Self.connectwisePost(port: port, good, key: "attacker-key").status)
                statuses.append(try await Self.connectwisePost(port: port, tampered, signing: good).status)
                let unsigned = try await RawHTTP.request(
                    port: port,
                    "POST",
                    "/triggers/connectwise",
                    userAgent: nil,
                    body: Array(good.utf8),
                    contentType: "application/json"
                )
                statuses.append(unsigned.status)
                try await Task.sleep(for: .milliseconds(300))
                return (statuses, seenBefore, Self.pending(installation), TriggerRouteTests.outbox(installation))
            }
        }
        #expect(statuses == [401, 401, 401, 401, 401, 401])
        #expect(seen == 0, "a key URL off the tenant's host is never fetched")
        #expect(pending == 0 && surveys == 0, "nothing unverified is stored")
    }

    @Test func openTicketIsIgnoredAndAMissingOneIsUnprocessable() async throws {
        let helpDesk = Self.mock()
        let (answers, pending) = try await helpDesk.run { api in
            let installation = try Self.installation(port: api)
            let keyURL = "http://127.0.0.1:\(api)\(Self.keyPath)?id=3f9a"
            return try await TriggerRouteTests.withServer(installation) { port in
                var answers: [RawResponse] = []
                for (id, message) in [(1043, "m-open"), (999, "m-gone")] {
                    let body = HelpDeskFixtures.connectwiseCallback(id: id, messageID: message, keyURL: keyURL)
                    answers.append(try await Self.connectwisePost(port: port, body))
                }
                return (answers, Self.pending(installation))
            }
        }
        #expect(answers.map(\.status) == [200, 422])
        #expect(answers[0].text.contains(#""queued":false"#) && answers[0].text.contains("In Progress"))
        #expect(answers[1].text.contains("no ticket 999"))
        #expect(pending == 0)
    }

    @Test func apiDownIsAnsweredForARetryWithNothingQueuedThenTheRetryIsKept() async throws {
        let helpDesk = Self.mock()
        let (answers, pendingWhileDown, surveys) = try await helpDesk.run { api in
            let installation = try Self.installation(port: api)
            let keyURL = "http://127.0.0.1:\(api)\(Self.keyPath)?id=3f9a"
            let body = HelpDeskFixtures.connectwiseCallback(id: 1042, messageID: "m-1", keyURL: keyURL)
            return try await TriggerRouteTests.withServer(installation) { port in
                helpDesk.setFailing(true)
                let down = try await Self.connectwisePost(port: port, body)
                let pending = Self.pending(installation)
                helpDesk.setFailing(false)
                let retry = try await Self.connectwisePost(port: port, body)
                return ([down, retry], pending, try await TriggerRouteTests.waitForOutbox(installation, 1))
            }
        }
        #expect(answers.map(\.status) == [502, 202], "\(answers.map(\.text))")
        #expect(answers[0].header("Retry-After") == "60")
        #expect(pendingWhileDown == 0, "nothing is kept from a post that was not answered 2xx")
        #expect(surveys == 1)
    }

    @Test func unreachableAPIIs503() async throws {
        // Nothing listens on port 1: the signing key cannot be fetched.
        let installation = try Self.installation(port: 1)
        let body = HelpDeskFixtures.connectwiseCallback(
            id: 1042,
            messageID: "m-1",
            keyURL: "http://127.0.0.1:1\(Self.keyPath)?id=3f9a"
        )
        let answer = try await TriggerRouteTests.withServer(installation) { port in
            try await Self.connectwisePost(port: port, body)
        }
        #expect(answer.status == 503 && answer.header("Retry-After") == "60", "\(answer.text)")
        #expect(Self.pending(installation) == 0)
    }

    @Test func autotaskWebhookWithoutAnAddressGetsTheContactsAndOneSurvey() async throws {
        let helpDesk = Self.mock()
        let (statuses, surveys, installation) = try await helpDesk.run { api in
            let installation = try Self.installation(port: api)
            let body = Array(HelpDeskFixtures.autotaskWebhook.utf8)
            let mac = HMACSignature.code(.sha1, key: Array("autotask-webhook-key".utf8), message: body)
            return try await TriggerRouteTests.withServer(installation) { port in
                var statuses: [Int] = []
                for _ in 0..<2 {
                    let response = try await RawHTTP.request(
                        port: port,
                        "POST",
                        "/triggers/autotask",
                        userAgent: nil,
                        headers: [("X-Hook-Signature", "sha1=" + Data(mac).base64EncodedString())],
                        body: body,
                        contentType: "application/json"
                    )
                    statuses.append(response.status)
                }
                return (statuses, try await TriggerRouteTests.waitForOutbox(installation, 1), installation)
            }
        }
        #expect(statuses == [202, 409], "the same delivery (Guid, Id, SequenceNumber) again is a replay")
        #expect(surveys == 1)
        let seen = helpDesk.seen
        #expect(seen.map(\.target) == ["/atservicesrest/V1.0/Tickets/41234", "/atservicesrest/V1.0/Contacts/29683370"])
        #expect(
            seen.allSatisfy {
                $0.headers["apiintegrationcode"] == "INTCODE42" && $0.headers["username"] == "api@acme.example"
                    && $0.headers["secret"] == "autotask-api-secret"
            }
        )
        let message = try #require(
            try FileManager.default.contentsOfDirectory(atPath: installation.outboxDirectory).first {
                $0.hasSuffix(".eml")
            }
        )
        let eml = try String(contentsOfFile: installation.outboxDirectory + "/" + message, encoding: .utf8)
        #expect(eml.contains("ann@example.com") && eml.contains("Ann Example"))
    }

    @Test func zendeskSampleWithoutAnAddressGetsTheRequesterAndOneSurvey() async throws {
        let shared = try #require(ProcessInfo.processInfo.environment["SMILEY_SHARED"], "set SMILEY_SHARED")
        let sample = try String(
            contentsOfFile: shared + "/payloads/zendesk/zulip_ticket_create_update.json",
            encoding: .utf8
        )
        let body = Array(
            sample.replacingOccurrences(of: #""ticket_status": "Open""#, with: #""ticket_status": "Solved""#).utf8
        )
        let helpDesk = Self.mock()
        let (status, surveys, installation) = try await helpDesk.run { api in
            let installation = try Self.installation(port: api)
            let timestamp = ISO8601DateFormatter().string(from: Date())
            let mac = HMACSignature.code(
                .sha256,
                key: Array("zendesk-signing-secret".utf8),
                message: Array(timestamp.utf8) + body
            )
            return try await TriggerRouteTests.withServer(installation) { port in
                let response = try await RawHTTP.request(
                    port: port,
                    "POST",
                    "/triggers/zendesk",
                    userAgent: nil,
                    headers: [
                        ("X-Zendesk-Webhook-Signature", Data(mac).base64EncodedString()),
                        ("X-Zendesk-Webhook-Signature-Timestamp", timestamp),
                    ],
                    body: body,
                    contentType: "application/json"
                )
                return (response.status, try await TriggerRouteTests.waitForOutbox(installation, 1), installation)
            }
        }
        #expect(status == 202)
        #expect(surveys == 1)
        let seen = helpDesk.seen
        #expect(seen.map(\.target) == ["/api/v2/tickets/7.json", "/api/v2/users/20978392.json"])
        let basic = "Basic " + Data("agent@acme.example/token:zendesk-api-token".utf8).base64EncodedString()
        #expect(seen.allSatisfy { $0.headers["authorization"] == basic })
        let message = try #require(
            try FileManager.default.contentsOfDirectory(atPath: installation.outboxDirectory).first {
                $0.hasSuffix(".eml")
            }
        )
        let eml = try String(contentsOfFile: installation.outboxDirectory + "/" + message, encoding: .utf8)
        #expect(eml.contains("tester@example.org"))
    }
}
