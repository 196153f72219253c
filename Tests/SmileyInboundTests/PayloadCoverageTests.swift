import Foundation
import Testing

@testable import SmileyInbound
@testable import SmileyMIME

/// Every file under `$SMILEY_SHARED/payloads/` has an expected outcome here, and the ones a webhook route reads
/// are read again by this test through the same reader the routes use: a new sample fails this test until someone
/// says what Smiley makes of it (and which test checks that with authentication).
@Suite("payload coverage")
struct PayloadCoverageTests {
    /// What Smiley makes of a sample.
    enum Outcome: Sendable, CustomStringConvertible {
        /// A webhook route's reader gives this many messages (checked here), authenticated in `test`.
        case messages(InboundProvider, count: Int, contentType: String? = nil, test: String)
        /// A webhook route's reader refuses it with this status (checked here) and a reason, in `test`.
        case refused(InboundProvider, status: Int, contentType: String? = nil, test: String)
        /// An SES notification (the SNS Message string): the message or the refusal, checked here and in `test`.
        case sesMessage(status: Int?, test: String)
        /// Mail a relay delivers (bounces, auto-replies, feedback and DMARC reports): read by `test`, which walks
        /// the folder; checked here to parse as a message with header fields.
        case mail(test: String)
        /// A DMARC aggregate report file (XML, gzip, zip), read by `test`.
        case dmarcReport(test: String)
        /// A help-desk trigger payload (not inbound mail), read by the trigger tests.
        case trigger(test: String)
        /// Notes, not a payload.
        case notes

        var description: String {
            switch self {
            case .messages(let provider, let count, _, let test): "\(provider.rawValue): \(count) message(s), \(test)"
            case .refused(let provider, let status, _, let test): "\(provider.rawValue): refused \(status), \(test)"
            case .sesMessage(let status, let test): "ses: \(status.map(String.init) ?? "message"), \(test)"
            case .mail(let test): "mail, \(test)"
            case .dmarcReport(let test): "DMARC report, \(test)"
            case .trigger(let test): "trigger, \(test)"
            case .notes: "notes"
            }
        }
    }

    static let sendgridForm = "multipart/form-data; boundary=xYzZY"
    static let inbound = "InboundWebhookTests"
    static let providers = "ProviderWebhookTests"
    static let ses = "SNSWebhookTests"

    /// The table: every file, by path under `payloads/`.
    static let table: [String: Outcome] = [
        "SOURCES.md": .notes,
        "autotask/NOTES.md": .notes,
        "connectwise/NOTES.md": .notes,
        "cloudflare/NOTES.md": .notes,
        "cloudmailin/multimail_json_valid.http": .messages(.cloudmailin, count: 1, test: providers),
        "cloudmailin/multimail_raw_valid.http": .messages(.cloudmailin, count: 1, test: providers),
        "mailgun/multimail_parsed_valid.http": .messages(.mailgun, count: 1, test: inbound),
        "mailgun/multimail_raw_mime_valid.http": .messages(.mailgun, count: 1, test: inbound),
        "mailjet/mailjet_doc_parse_api_payload.json": .messages(.mailjet, count: 1, test: providers),
        "mailjet/mailjet_doc_parse_api_attachment_fragment.json": .refused(.mailjet, status: 400, test: providers),
        "mandrill/multimail_valid.http": .messages(.mandrill, count: 1, test: providers),
        "postmark/anymail_postmark-inbound-test-payload-with-raw.json": .messages(.postmark, count: 1, test: inbound),
        "postmark/anymail_postmark-inbound-test-payload.json": .messages(.postmark, count: 1, test: inbound),
        "postmark/multimail_valid.http": .messages(.postmark, count: 1, test: providers),
        "sendgrid/default_data.txt": .messages(.sendgrid, count: 1, contentType: sendgridForm, test: inbound),
        "sendgrid/multimail_encoding.http": .messages(.sendgrid, count: 1, test: inbound),
        "sendgrid/multimail_valid.http": .messages(.sendgrid, count: 1, test: "WebhookRouteTests"),
        "sendgrid/raw_data.txt": .messages(.sendgrid, count: 1, contentType: sendgridForm, test: inbound),
        "sendgrid/raw_data_with_attachments.txt": .messages(
            .sendgrid,
            count: 1,
            contentType: sendgridForm,
            test: inbound
        ),
        "sparkpost/sparkpostfun_relay_webhook_payload_from_docs.json": .messages(.sparkpost, count: 1, test: providers),
        "ses/ses_receipt_sns_action_notification.json": .sesMessage(status: nil, test: ses),
        // Invalid JSON as AWS published it ("\email"); repaired, it is the S3 action's alert: 422 (SNSWebhookTests).
        "ses/ses_receipt_alert_s3_action_notification.json": .sesMessage(status: 400, test: ses),
        "ses/sisimai_obsoleted_json-amazonses-01_bounce_notification.json": .sesMessage(status: 422, test: ses),
        // SNS's documented envelopes: "Hello world!" is no SES notification; confirmations carry no mail. Their
        // example signatures are refused as stale (SNSWebhookTests); the server confirms a subscription itself.
        "ses/sns_http_Notification_example.http": .refused(.ses, status: 400, test: ses),
        "ses/sns_http_SubscriptionConfirmation_example.http": .refused(.ses, status: 422, test: ses),
        "ses/sns_http_UnsubscribeConfirmation_example.http": .refused(.ses, status: 422, test: ses),
        "freshdesk/zulip_status_changed.json": .trigger(test: "TriggerSignatureTests, TriggerRouteTests"),
        "freshdesk/zulip_ticket_created.json": .trigger(test: "TriggerWorkflowTests"),
        "zendesk/zulip_ticket_create_update.json": .trigger(test: "TriggerSignatureTests"),
        "jira/zulip_issue_updated__status.json": .trigger(test: "TriggerWorkflowTests"),
        "salesforce/aspnet_webhooks_OutboundMessage1.xml": .trigger(test: "TriggerSignatureTests"),
        "salesforce/aspnet_webhooks_outbound_message_request.xml": .trigger(
            test: "TriggerSignatureTests, TriggerRouteTests"
        ),
        // Not a request: the SOAP Ack Salesforce expects back, which TriggerRouteTests checks the route sends.
        "salesforce/aspnet_webhooks_outbound_message_ack_response.xml": .trigger(
            test: "TriggerRouteTests (the answer)"
        ),
    ]

    /// The folders whose files are mail, walked whole by the named test (a new file there is read by it).
    static let mailFolders: [String: String] = [
        "dsn": "ClassifierPayloadTests", "arf": "ClassifierPayloadTests", "autoreply": "ClassifierPayloadTests",
    ]

    /// Every file under payloads/, as a path relative to it.
    static func allSamples() -> [String] {
        let base = ClassifierFixtures.shared.appendingPathComponent("payloads")
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        var found: [String] = []
        for case let url as URL in walker
        where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            found.append(String(url.standardizedFileURL.path.dropFirst(base.standardizedFileURL.path.count + 1)))
        }
        return found.sorted()
    }

    /// The outcome of a file: from the table, or from its folder.
    static func outcome(_ file: String) -> Outcome? {
        if let known = table[file] { return known }
        let folder = String(file.prefix { $0 != "/" })
        if let test = mailFolders[folder] { return .mail(test: test) }
        if folder == "dmarc" {
            return file.hasSuffix(".eml")
                ? .mail(test: "DMARCIngestTests") : .dmarcReport(test: "DMARCReportParseTests, DMARCIngestTests")
        }
        return nil
    }

    @Test("every sample in payloads/ has an expected outcome in this table")
    func everySampleListed() throws {
        let files = Self.allSamples()
        try #require(files.count > 50, "no payloads under \(ClassifierFixtures.shared.path); set SMILEY_SHARED")
        let missing = files.filter { Self.outcome($0) == nil }
        #expect(
            missing.isEmpty,
            "samples without an expected outcome (add them to PayloadCoverageTests.table): \(missing)"
        )
        let stale = Self.table.keys.filter { !files.contains($0) }
        #expect(stale.isEmpty, "table entries whose sample is gone: \(stale)")
    }

    @Test("each sample gives its expected outcome through the routes' readers", arguments: allSamples())
    func sample(_ file: String) throws {
        let outcome = try #require(Self.outcome(file), "\(file) has no expected outcome")
        let relative = "payloads/" + file
        switch outcome {
        case .messages(let provider, let count, let type, _):
            let request = try Self.request(relative, contentType: type)
            let deliveries = try provider.unverifiedDeliveries(from: request)
            #expect(deliveries.count == count, "\(file)")
            for delivery in deliveries {
                let message = ParsedMessage.parse(delivery.message)
                #expect(message.headers["From"] != nil, "\(file): a message with a From field")
            }
        case .refused(let provider, let status, let type, _):
            let request = try Self.request(relative, contentType: type)
            let error = #expect(throws: InboundWebhookError.self, "\(file)") {
                try provider.unverifiedDeliveries(from: request)
            }
            #expect(error?.httpStatus == status, "\(file): \(error?.description ?? "")")
            #expect((error?.description.count ?? 0) > 20, "a reason that says what was wrong")
        case .sesMessage(let status, _):
            let inner = String(decoding: try ClassifierFixtures.bytes(relative), as: UTF8.self)
            let envelope: [String: String] = [
                "Type": "Notification", "MessageId": "m", "TopicArn": "arn:aws:sns:us-east-1:1:t", "Message": inner,
                "Timestamp": "2026-12-04T10:00:00.000Z", "SignatureVersion": "2", "Signature": "AA==",
                "SigningCertURL": "https://sns.us-east-1.amazonaws.com/c.pem",
            ]
            let body = Array(try JSONSerialization.data(withJSONObject: envelope))
            let request = WebhookRequest(headers: [], body: body)
            if let status {
                let error = #expect(throws: InboundWebhookError.self, "\(file)") {
                    try InboundProvider.ses.unverifiedDeliveries(from: request)
                }
                #expect(error?.httpStatus == status, "\(file): \(error?.description ?? "")")
            } else {
                let deliveries = try InboundProvider.ses.unverifiedDeliveries(from: request)
                #expect(deliveries.count == 1 && ParsedMessage.parse(deliveries[0].message).headers["From"] != nil)
            }
        case .mail:
            let message = ParsedMessage.parse(try ClassifierFixtures.bytes(relative))
            #expect(!message.headers.fields.isEmpty, "\(file): mail with header fields")
        case .dmarcReport, .trigger, .notes:
            #expect(!(try ClassifierFixtures.bytes(relative)).isEmpty, "\(file)")
        }
    }

    /// A captured request (`.http`), or a body with the given Content-Type (JSON when none is given).
    static func request(_ relative: String, contentType: String?) throws -> WebhookRequest {
        let type = contentType ?? "application/json"
        return try InboundWebhookTests.request(
            relative,
            headers: relative.hasSuffix(".http") ? [] : [("Content-Type", type)]
        )
    }
}
