import Foundation
import Testing

@testable import SmileyInbound
@testable import SmileyMIME

/// Amazon SES receipt notifications through SNS: the envelope read, its signature checked against a certificate
/// fetched only from an SNS host over https, the time and topic checked, and the SES `content` taken as the raw
/// message. SNS is played by ``TestSNS`` (its own key and certificate); SES's own samples are the messages.
@Suite("SES via SNS")
struct SNSWebhookTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    /// SES's published receipt notification (SNS action, UTF-8 content), as the SNS Message.
    static func receipt() throws -> String {
        String(
            decoding: try ClassifierFixtures.bytes("payloads/ses/ses_receipt_sns_action_notification.json"),
            as: UTF8.self
        )
    }

    /// The receipt with its content base64-encoded, as an SNS action with encoding Base64 publishes it.
    static func base64Receipt() throws -> (json: String, content: String) {
        var object = try #require(
            try JSONSerialization.jsonObject(with: Data(try receipt().utf8)) as? [String: Any]
        )
        let content = try #require(object["content"] as? String)
        object["content"] = Data(content.utf8).base64EncodedString()
        var receipt = try #require(object["receipt"] as? [String: Any])
        receipt["action"] = ["type": "SNS", "topicArn": TestSNS.topic, "encoding": "BASE64"]
        object["receipt"] = receipt
        return (String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self), content)
    }

    static func verifier(_ fetcher: TestFetcher, topics: Set<String>? = [TestSNS.topic]) -> InboundProvider.Credential {
        .sns(SNSVerifier(topics: topics, maximumAge: 3600, fetcher: fetcher))
    }

    @Test(
        "a signed SES receipt (versions 1 and 2, UTF-8 and Base64 content) gives its raw message; one certificate fetch"
    )
    func receiptNotification() throws {
        let sns = TestSNS.shared
        let fetcher = TestFetcher(sns: sns)
        let credential = Self.verifier(fetcher)
        let utf8 = try Self.receipt()
        let (base64, content) = try Self.base64Receipt()
        for (version, message) in [("1", utf8), ("2", base64), ("2", utf8)] {
            let body = try sns.envelope(
                message: message,
                messageID: "m-\(version)",
                at: Self.now - 30,
                version: version
            )
            let delivery = try InboundProvider.ses.delivery(
                from: TestSNS.request(body),
                credential: credential,
                now: Self.now
            )
            #expect(!delivery.rebuilt && delivery.message == Array(content.utf8), "version \(version)")
            #expect(delivery.envelopeRecipient == "recipient@example.com")
            #expect(delivery.replayKey == "ses/m-\(version)")
            let parsed = ParsedMessage.parse(delivery.message)
            #expect(parsed.subject == "Example subject" && parsed.textBody?.contains("Example content") == true)
        }
        #expect(fetcher.fetched == [TestSNS.certificateURL], "the certificate is kept once fetched")
    }

    @Test("forged or altered messages, another key, a bad version: 401")
    func forged() throws {
        let sns = TestSNS.shared
        let other = try TestSNS()
        let credential = Self.verifier(TestFetcher(sns: sns))
        let message = try Self.receipt()
        let altered = try sns.envelope(message: message, at: Self.now) { $0["Message"] = message + " " }
        let otherKey = try other.envelope(message: message, at: Self.now)
        let version3 = try sns.envelope(message: message, at: Self.now) { $0["SignatureVersion"] = "3" }
        let notBase64 = try sns.envelope(message: message, at: Self.now) { $0["Signature"] = "EXAMPLE..." }
        let retyped = try sns.envelope(message: message, at: Self.now) { $0["Subject"] = "added after signing" }
        for body in [altered, otherKey, version3, notBase64, retyped] {
            let error = #expect(throws: InboundWebhookError.self) {
                try InboundProvider.ses.delivery(from: TestSNS.request(body), credential: credential, now: Self.now)
            }
            #expect(error?.httpStatus == 401, "\(error?.description ?? "")")
        }
    }

    @Test(
        "a certificate URL off SNS's hosts or not https is refused before anything is fetched",
        arguments: [
            "http://sns.eu-west-1.amazonaws.com/SimpleNotificationService-test.pem",
            "https://sns.eu-west-1.amazonaws.com.attacker.example/cert.pem",
            "https://attacker.example/sns.eu-west-1.amazonaws.com.pem",
            "https://user@sns.eu-west-1.amazonaws.com/cert.pem",
            "https://sns.eu-west-1.amazonaws.com:8443/cert.pem",
            "https://s3.eu-west-1.amazonaws.com/cert.pem",
            "https://sns.eu_west.amazonaws.com/cert.pem",
        ]
    )
    func foreignCertificateHost(url: String) throws {
        let sns = TestSNS.shared
        let fetcher = TestFetcher([url: Array(sns.pem.utf8)])
        let body = try sns.envelope(message: try Self.receipt(), at: Self.now, certificateURL: url)
        let error = #expect(throws: InboundWebhookError.self) {
            try InboundProvider.ses.delivery(
                from: TestSNS.request(body),
                credential: Self.verifier(fetcher),
                now: Self.now
            )
        }
        #expect(error?.httpStatus == 401 && error?.description.contains("not an SNS host") == true)
        #expect(fetcher.fetched.isEmpty)
        #expect(!SNSMessage.isSNSAddress(url))
    }

    @Test("SNS hosts of every partition are accepted")
    func snsHosts() {
        for url in [
            "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem",
            "https://sns.cn-north-1.amazonaws.com.cn/x.pem", "https://SNS.eu-central-1.amazonaws.com:443/x.pem",
        ] {
            #expect(SNSMessage.isSNSAddress(url), "\(url)")
        }
    }

    @Test("too old, from the future, an expired certificate: 401; a topic not allowed: 403 before fetching")
    func staleAndTopics() throws {
        let sns = TestSNS.shared
        let fetcher = TestFetcher(sns: sns)
        let message = try Self.receipt()
        for time in [Self.now - 3601, Self.now + 600] {
            let body = try sns.envelope(message: message, at: time)
            let error = #expect(throws: InboundWebhookError.self) {
                try InboundProvider.ses.delivery(
                    from: TestSNS.request(body),
                    credential: Self.verifier(fetcher),
                    now: Self.now
                )
            }
            #expect(error?.httpStatus == 401 && error?.description.contains("window") == true)
        }
        let foreign = try sns.envelope(
            message: message,
            topic: "arn:aws:sns:eu-west-1:999999999999:other",
            at: Self.now
        )
        let forbidden = #expect(throws: InboundWebhookError.self) {
            try InboundProvider.ses.delivery(
                from: TestSNS.request(foreign),
                credential: Self.verifier(fetcher),
                now: Self.now
            )
        }
        #expect(forbidden?.httpStatus == 403)
        #expect(fetcher.fetched.isEmpty, "nothing fetched for a stale message or a foreign topic")

        let expired = try TestSNS(notValidAfter: Self.now - 60)
        let body = try expired.envelope(message: message, at: Self.now)
        let error = #expect(throws: InboundWebhookError.self) {
            try InboundProvider.ses.delivery(
                from: TestSNS.request(body),
                credential: Self.verifier(TestFetcher(sns: expired)),
                now: Self.now
            )
        }
        #expect(error?.httpStatus == 401 && error?.description.contains("valid from") == true)
    }

    @Test("a missing field is 400 naming it; a certificate that cannot be fetched is 503 (SNS retries)")
    func missingFieldAndUnreachable() throws {
        let sns = TestSNS.shared
        let message = try Self.receipt()
        for field in ["Signature", "SigningCertURL", "MessageId", "Timestamp", "TopicArn"] {
            let body = try sns.envelope(message: message, at: Self.now) { $0[field] = nil }
            let error = #expect(throws: InboundWebhookError.self) {
                try InboundProvider.ses.delivery(
                    from: TestSNS.request(body),
                    credential: Self.verifier(TestFetcher(sns: sns)),
                    now: Self.now
                )
            }
            #expect(error == .missingField(field))
        }
        let body = try sns.envelope(message: message, at: Self.now)
        let error = #expect(throws: InboundWebhookError.self) {
            try InboundProvider.ses.delivery(
                from: TestSNS.request(body),
                credential: Self.verifier(TestFetcher([:])),
                now: Self.now
            )
        }
        #expect(error?.httpStatus == 503)
    }

    @Test("SES notifications that carry no message: the S3 action's alert and a bounce are 422 with the reason")
    func noContent() throws {
        let sns = TestSNS.shared
        // As published, the S3 alert is not valid JSON ("\email"): 400.
        let published = String(
            decoding: try ClassifierFixtures.bytes("payloads/ses/ses_receipt_alert_s3_action_notification.json"),
            as: UTF8.self
        )
        let credential = Self.verifier(TestFetcher(sns: sns))
        let broken = #expect(throws: InboundWebhookError.self) {
            try InboundProvider.ses.delivery(
                from: TestSNS.request(try sns.envelope(message: published, at: Self.now)),
                credential: credential,
                now: Self.now
            )
        }
        #expect(broken?.httpStatus == 400)
        let repaired = published.replacingOccurrences(of: #""\email""#, with: #""email""#)
        let s3 = #expect(throws: InboundWebhookError.self) {
            try InboundProvider.ses.delivery(
                from: TestSNS.request(try sns.envelope(message: repaired, at: Self.now)),
                credential: credential,
                now: Self.now
            )
        }
        #expect(s3?.httpStatus == 422 && s3?.description.contains("S3 bucket") == true, "\(s3?.description ?? "")")
        let bounce = String(
            decoding: try ClassifierFixtures.bytes(
                "payloads/ses/sisimai_obsoleted_json-amazonses-01_bounce_notification.json"
            ),
            as: UTF8.self
        )
        let refused = #expect(throws: InboundWebhookError.self) {
            try InboundProvider.ses.delivery(
                from: TestSNS.request(try sns.envelope(message: bounce, at: Self.now)),
                credential: credential,
                now: Self.now
            )
        }
        #expect(refused?.httpStatus == 422 && refused?.description.contains("Bounce") == true)
    }

    @Test("a signed SubscriptionConfirmation verifies (its own canonical lines) but is no mail for the ingest path")
    func confirmation() throws {
        let sns = TestSNS.shared
        let body = try sns.envelope(type: "SubscriptionConfirmation", message: "confirm", at: Self.now, version: "2")
        let verifier = SNSVerifier(topics: [TestSNS.topic], fetcher: TestFetcher(sns: sns))
        let message = try verifier.verify(TestSNS.request(body, type: "SubscriptionConfirmation"), now: Self.now)
        #expect(message.kind == .subscriptionConfirmation && message.token == "abc")
        let error = #expect(throws: InboundWebhookError.self) {
            try InboundProvider.ses.delivery(
                from: TestSNS.request(body, type: "SubscriptionConfirmation"),
                credential: .sns(verifier),
                now: Self.now
            )
        }
        #expect(error?.httpStatus == 422)
        let mismatch = #expect(throws: InboundWebhookError.self) {
            try verifier.verify(TestSNS.request(body, type: "Notification"), now: Self.now)
        }
        #expect(mismatch?.httpStatus == 400)
    }

    @Test(
        "SNS's documented envelopes: read, then refused (their 2012 signatures are examples: stale, nothing fetched)",
        arguments: ["Notification", "SubscriptionConfirmation", "UnsubscribeConfirmation"]
    )
    func documentedEnvelopes(type: String) throws {
        let request = try InboundWebhookTests.request("payloads/ses/sns_http_\(type)_example.http")
        let message = try SNSMessage(body: request.body)
        #expect(message.kind.rawValue == type && SNSMessage.isSNSAddress(message.signingCertURL))
        // Their timestamps, to the millisecond (read by the Swift ISO 8601 parser, not CoreFoundation's).
        let published = ["Notification": 1_335_920_046.655, "SubscriptionConfirmation": 1_335_473_104.751]
        let expected = published[type] ?? 1_335_470_801.581
        #expect(abs((message.publishedAt?.timeIntervalSince1970 ?? 0) - expected) < 0.0005)
        let fetcher = TestFetcher([:])
        let error = #expect(throws: InboundWebhookError.self) {
            try InboundProvider.ses.delivery(from: request, credential: Self.verifier(fetcher, topics: nil))
        }
        #expect(error?.httpStatus == 401 && fetcher.fetched.isEmpty)
        let unverified = #expect(throws: InboundWebhookError.self) {
            try InboundProvider.ses.unverifiedDelivery(from: request)
        }
        // "Hello world!" is no SES notification (400); a confirmation carries no mail (422).
        #expect(unverified?.httpStatus == (type == "Notification" ? 400 : 422))
    }

    @Test("SNS timestamps with and without milliseconds are read; anything else is no time")
    func timestamps() throws {
        let request = try InboundWebhookTests.request("payloads/ses/sns_http_Notification_example.http")
        var message = try SNSMessage(body: request.body)
        for (text, seconds) in [
            ("2024-03-12T10:04:05.250Z", 1_710_237_845.25), ("2024-03-12T10:04:05Z", 1_710_237_845),
        ] {
            message.timestamp = text
            #expect(message.publishedAt?.timeIntervalSince1970 == seconds, "\(text)")
        }
        for text in ["", "yesterday", "2024-13-12T10:04:05Z", "2024-03-12 10:04"] {
            message.timestamp = text
            #expect(message.publishedAt == nil, "\(text)")
        }
    }
}
