import Foundation
import SmileyCore
import SmileyInbound
import SmileyStore
import SmileyWorkflows
import Testing

/// A SparkPost relay-webhook batch over HTTP: every message of it kept and answered in order; the same batch again
/// finds them stored (duplicates, nothing stored twice); a wrong token stores nothing.
@Suite("batch webhook routes")
struct BatchWebhookRouteTests {
    @Test("a SparkPost batch of two replies: both stored, answered in order; again: duplicates; wrong token 401")
    func sparkpostBatch() async throws {
        let fixture = try ServerFixture(
            serverSection: #"{"webhooks": {"sparkpost": {"tokenFile": "sparkpost.token"}}}"#
        )
        let folder = (fixture.installation.configPath as NSString).deletingLastPathComponent
        let tokenFile = folder + "/sparkpost.token"
        try Data("relay-token\n".utf8).write(to: URL(fileURLWithPath: tokenFile))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: tokenFile)
        let replies = [
            WebhookRouteTests.reply(fixture, messageID: "<sp-1@customer.example>"),
            WebhookRouteTests.reply(fixture, messageID: "<sp-2@customer.example>"),
        ]
        let batch: [[String: Any]] = replies.map { reply in
            [
                "msys": [
                    "relay_message": [
                        "content": [
                            "email_rfc822": Data(reply).base64EncodedString(), "email_rfc822_is_base64": true,
                        ],
                        "rcpt_to": "feedback@reply.acme.example",
                    ]
                ]
            ]
        }
        let body = Array(try JSONSerialization.data(withJSONObject: batch))
        let (first, again, forged) = try await fixture.withServer { client in
            var answers: [RawResponse] = []
            for token in ["relay-token", "relay-token", "guess"] {
                answers.append(
                    try await RawHTTP.request(
                        port: client.port,
                        "POST",
                        "/hooks/sparkpost",
                        headers: [("X-MessageSystems-Webhook-Token", token)],
                        body: body,
                        contentType: "application/json"
                    )
                )
            }
            return (answers[0], answers[1], answers[2])
        }
        #expect(first.status == 200 && first.text.hasPrefix(#"{"messages":["#), "\(first.text)")
        #expect(first.text.components(separatedBy: #""duplicate":false"#).count == 3, "\(first.text)")
        #expect(again.status == 200 && again.text.components(separatedBy: #""duplicate":true"#).count == 3)
        #expect(forged.status == 401)
        let records = try fixture.records()
        #expect(records.count == 2 && records.allSatisfy { $0.rating?.code == "positive" })
    }
}
