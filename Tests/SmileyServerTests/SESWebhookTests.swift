import Foundation
import SmileyCore
import SmileyInbound
import SmileyStore
import SmileyTestSNS
import SmileyWorkflows
import Synchronization
import Testing

/// `POST /hooks/ses`: an SES receipt through SNS is stored once and its MessageId is not taken twice; a
/// subscription is confirmed only for a listed topic, by fetching an SNS SubscribeURL; a post whose certificate
/// URL is not SNS's, whose time is stale, which lacks a field or is 40 MB, is refused over HTTP before anything is
/// fetched or stored. SNS is played by an RSA key and self-signed certificate made here, served by a fetcher that
/// never reaches the network (the HTTP server's own fetcher is libcurl's, so HTTP tests stop before fetching).
@Suite("SES webhook")
struct SESWebhookTests {
    static let topic = "arn:aws:sns:eu-west-1:123456789012:smiley-replies"
    static let certificateURL = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-test.pem"
    static let subscribeURL = "https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=abc"

    /// SNS's key and its certificate.
    static let sns: TestSNSAuthority = {
        do { return try TestSNSAuthority() } catch { fatalError("cannot make the test SNS key: \(error)") }
    }()

    /// Serves the certificate and the subscribe URL; records what was fetched.
    final class Fetcher: WebhookFetcher {
        private let asked = Mutex<[String]>([])
        var fetched: [String] { asked.withLock { $0 } }

        func get(_ url: String) throws -> [UInt8] {
            asked.withLock { $0.append(url) }
            switch url {
            case SESWebhookTests.certificateURL: return Array(SESWebhookTests.sns.pem.utf8)
            case SESWebhookTests.subscribeURL: return Array("<ConfirmSubscriptionResponse/>".utf8)
            default: throw CocoaError(.fileNoSuchFile)
            }
        }
    }

    /// An SNS post signed with version 2 (RSA-SHA256) over the type's canonical lines.
    static func post(
        type: String = "Notification",
        message: String,
        messageID: String = UUID().uuidString,
        topic: String = SESWebhookTests.topic,
        at time: Date = Date(),
        certificateURL: String = SESWebhookTests.certificateURL,
        subscribeURL: String = SESWebhookTests.subscribeURL
    ) throws -> WebhookRequest {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var fields: [String: String] = [
            "Type": type, "MessageId": messageID, "TopicArn": topic, "Message": message,
            "Timestamp": formatter.string(from: time), "SignatureVersion": "2", "SigningCertURL": certificateURL,
        ]
        var order = ["Message", "MessageId", "Timestamp", "TopicArn", "Type"]
        if type != "Notification" {
            fields["SubscribeURL"] = subscribeURL
            fields["Token"] = "abc"
            order = ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"]
        }
        let canonical = order.map { "\($0)\n\(fields[$0] ?? "")\n" }.joined()
        fields["Signature"] = try sns.sign(canonical, version: "2")
        return WebhookRequest(
            headers: [("Content-Type", "text/plain; charset=UTF-8"), ("x-amz-sns-message-type", type)],
            body: Array(try JSONSerialization.data(withJSONObject: fields))
        )
    }

    /// An SES receipt notification (SNS action, Base64) carrying `message`.
    static func receipt(_ message: [UInt8]) throws -> String {
        let object: [String: Any] = [
            "notificationType": "Received",
            "receipt": [
                "recipients": ["feedback@reply.acme.example"],
                "action": ["type": "SNS", "topicArn": topic, "encoding": "BASE64"],
            ],
            "mail": ["destination": ["feedback@reply.acme.example"]],
            "content": Data(message).base64EncodedString(),
        ]
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    static func webhooks(_ fixture: ServerFixture, topics: [String]?, fetcher: Fetcher) throws -> InboundWebhooks {
        try InboundWebhooks(
            installation: fixture.installation,
            settings: WebhookSettings(ses: .init(topics: topics)),
            synchronize: false,
            fetcher: fetcher
        )
    }

    @Test(
        "a signed receipt is stored once with its rating; its MessageId again is a replay (409), nothing stored twice"
    )
    func storedOnce() throws {
        let fixture = try ServerFixture()
        let fetcher = Fetcher()
        let webhooks = try Self.webhooks(fixture, topics: [Self.topic], fetcher: fetcher)
        let reply = WebhookRouteTests.reply(fixture, messageID: "<ses-1@customer.example>")
        let post = try Self.post(message: try Self.receipt(reply), messageID: "ses-message-1")
        guard case .ingested(let outcome) = try webhooks.receiveSNS(post) else {
            Issue.record("a notification is ingested")
            return
        }
        #expect(outcome.dispositionName == "feedback" && !outcome.duplicate)
        let again = try Self.post(message: try Self.receipt(reply), messageID: "ses-message-1")
        let error = #expect(throws: InboundWebhooks.Failure.self) { try webhooks.receiveSNS(again) }
        #expect(error?.description.contains("replay") == true)
        let records = try fixture.records()
        #expect(records.count == 1 && records.first?.rating?.code == "positive")
        #expect(fetcher.fetched == [Self.certificateURL])
    }

    @Test("a subscription is confirmed by fetching its SNS SubscribeURL only for a listed topic; otherwise 403")
    func subscription() throws {
        let fixture = try ServerFixture()
        let confirm = try Self.post(type: "SubscriptionConfirmation", message: "You have chosen to subscribe")
        let fetcher = Fetcher()
        let listed = try Self.webhooks(fixture, topics: [Self.topic], fetcher: fetcher)
        guard case .confirmed(let topic) = try listed.receiveSNS(confirm) else {
            Issue.record("a listed topic is confirmed")
            return
        }
        #expect(topic == Self.topic && fetcher.fetched == [Self.certificateURL, Self.subscribeURL])

        let unlisted = Fetcher()
        let open = try Self.webhooks(fixture, topics: nil, fetcher: unlisted)
        let refused = #expect(throws: InboundWebhooks.Failure.self) { try open.receiveSNS(confirm) }
        guard case .refused(let reason) = refused else { throw CocoaError(.featureUnsupported) }
        #expect(reason.httpStatus == 403 && !unlisted.fetched.contains(Self.subscribeURL))

        let foreign = try Self.post(
            type: "SubscriptionConfirmation",
            message: "confirm",
            subscribeURL: "https://attacker.example/?Action=ConfirmSubscription"
        )
        let other = Fetcher()
        let error = #expect(throws: InboundWebhooks.Failure.self) {
            try Self.webhooks(fixture, topics: [Self.topic], fetcher: other).receiveSNS(foreign)
        }
        guard case .refused(let foreignReason) = error else { throw CocoaError(.featureUnsupported) }
        #expect(foreignReason.httpStatus == 401 && other.fetched == [Self.certificateURL])

        let bye = try Self.post(type: "UnsubscribeConfirmation", message: "unsubscribed")
        guard case .unsubscribed = try listed.receiveSNS(bye) else {
            Issue.record("an unsubscription is noted")
            return
        }
        #expect(try fixture.records().isEmpty)
    }

    @Test(
        "over HTTP: an http or foreign certificate URL, a stale time, a missing field are refused before any fetch; 40 MB is 413"
    )
    func routeRefusals() async throws {
        let fixture = try ServerFixture(
            serverSection: #"{"webhooks": {"ses": {"topics": ["\#(Self.topic)"]}, "maximumBodyBytes": 1048576}}"#
        )
        let reply = WebhookRouteTests.reply(fixture)
        let message = try Self.receipt(reply)
        let posts = [
            try Self.post(message: message, certificateURL: "http://sns.eu-west-1.amazonaws.com/cert.pem"),
            try Self.post(message: message, certificateURL: "https://sns.eu-west-1.amazonaws.com.evil.example/c.pem"),
            try Self.post(message: message, at: Date(timeIntervalSinceNow: -7200)),
            WebhookRequest(headers: [], body: Array(#"{"Type":"Notification","MessageId":"x"}"#.utf8)),
            try Self.post(message: message, topic: "arn:aws:sns:eu-west-1:999999999999:other"),
        ]
        let big = [UInt8](repeating: UInt8(ascii: " "), count: 40 * 1024 * 1024)
        let answers = try await fixture.withServer { client in
            var statuses: [Int] = []
            for post in posts {
                statuses.append(
                    try await RawHTTP.request(
                        port: client.port,
                        "POST",
                        "/hooks/ses",
                        headers: [("x-amz-sns-message-type", "Notification")],
                        body: post.body,
                        contentType: "text/plain; charset=UTF-8"
                    ).status
                )
            }
            statuses.append(
                try await RawHTTP.request(
                    port: client.port,
                    "POST",
                    "/hooks/ses",
                    headers: [],
                    body: big,
                    contentType: "text/plain; charset=UTF-8"
                ).status
            )
            return statuses
        }
        #expect(answers == [401, 401, 401, 400, 403, 413])
        #expect(try fixture.records().isEmpty)
    }
}
