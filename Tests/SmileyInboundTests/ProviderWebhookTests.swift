import Foundation
import Testing

@testable import SmileyCore
@testable import SmileyInbound
@testable import SmileyMIME

/// CloudMailin, Mailjet, SparkPost and Mandrill over their own samples (`payloads/` in the shared data): each
/// authenticated as its documentation says before anything else is read, then the message it carries — the raw
/// MIME wherever the provider posts it — or a refusal that says what to change.
@Suite("provider webhooks: CloudMailin, Mailjet, SparkPost, Mandrill")
struct ProviderWebhookTests {
    static let auth = InboundWebhookTests.basic("smiley", "s3cret pass")
    static let credentials = InboundWebhookTests.credentials

    static func json(_ relative: String, _ headers: [(String, String)] = []) throws -> WebhookRequest {
        try InboundWebhookTests.request(relative, headers: [("Content-Type", "application/json")] + headers)
    }

    @Test("CloudMailin raw: the message field whole, envelope[to] the recipient; without or with wrong auth 401")
    func cloudmailinRaw() throws {
        let request = try InboundWebhookTests.request(
            "payloads/cloudmailin/multimail_raw_valid.http",
            headers: [Self.auth]
        )
        let form = try FormData(body: request.body, contentType: try #require(request.header("Content-Type")))
        let delivery = try InboundProvider.cloudmailin.delivery(from: request, credential: Self.credentials)
        #expect(!delivery.rebuilt && delivery.message == form["message"]?.value)
        #expect(delivery.envelopeRecipient == form["envelope[to]"]?.text && delivery.envelopeRecipient != nil)
        #expect(ParsedMessage.parse(delivery.message).subject == "Test")
        for headers in [[], [InboundWebhookTests.basic("smiley", "guess")]] {
            let unsigned = try InboundWebhookTests.request(
                "payloads/cloudmailin/multimail_raw_valid.http",
                headers: headers
            )
            let error = #expect(throws: InboundWebhookError.self) {
                try InboundProvider.cloudmailin.delivery(from: unsigned, credential: Self.credentials)
            }
            #expect(error?.httpStatus == 401)
        }
    }

    @Test("CloudMailin JSON: rebuilt from headers (Received twice), plain and html; the normalized format refused")
    func cloudmailinJSON() throws {
        let request = try InboundWebhookTests.request(
            "payloads/cloudmailin/multimail_json_valid.http",
            headers: [Self.auth]
        )
        let delivery = try InboundProvider.cloudmailin.delivery(from: request, credential: Self.credentials)
        let message = ParsedMessage.parse(delivery.message)
        #expect(delivery.rebuilt && message.subject == "Test")
        #expect(message.headers["Message-ID"] == "<68CFE2AD-5B45-4092-B96B-857C7C83F2FD@opennorth.ca>")
        #expect(message.headers.fields.filter { $0.name == "Received" }.count == 2)
        #expect(message.textBody?.contains("some more bold text") == true && message.htmlBody != nil)
        #expect(delivery.envelopeRecipient == "5dae6f85cd65d30d384a@cloudmailin.net")
        let normalized = WebhookRequest(
            headers: [("Content-Type", "application/x-www-form-urlencoded"), Self.auth],
            body: Array("plain=hello&headers%5BFrom%5D=a%40example.com".utf8)
        )
        let error = #expect(throws: InboundWebhookError.self) {
            try InboundProvider.cloudmailin.delivery(from: normalized, credential: Self.credentials)
        }
        #expect(error?.httpStatus == 422 && error?.description.contains("Raw or JSON") == true)
    }

    @Test(
        "Mailjet Parse API: rebuilt from Headers (arrays or strings) and the parts; without Headers, from the top level"
    )
    func mailjet() throws {
        let request = try Self.json("payloads/mailjet/mailjet_doc_parse_api_payload.json", [Self.auth])
        let delivery = try InboundProvider.mailjet.delivery(from: request, credential: Self.credentials)
        let message = ParsedMessage.parse(delivery.message)
        #expect(delivery.rebuilt && message.headers["From"] == "Pilot <pilot@mailjet.com>")
        #expect(message.subject == "Hey! It's Friday!")
        #expect(message.headers["Message-ID"] == "<CAE5Zh0ZpHZ6G5DC+He5426a4RkVab7uWaTDwiMcHzOR=YB3urA@mail.gmail.com>")
        #expect(message.headers["Date"] == "Fri, 10 Apr 2015 18:06:38 +0200")
        #expect(message.textBody?.contains("it's Friday") == true && message.htmlBody != nil)
        #expect(delivery.envelopeRecipient == "passenger@mailjet.com")
        // Without Headers: From, Recipient, Subject and the compact Date (UTC) of the top level.
        var object = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        object["Headers"] = nil
        var edited = request
        edited.body = Array(try JSONSerialization.data(withJSONObject: object))
        let rebuilt = ParsedMessage.parse(
            try InboundProvider.mailjet.delivery(from: edited, credential: Self.credentials).message
        )
        #expect(rebuilt.headers["Date"] == "Fri, 10 Apr 2015 16:06:38 +0000")
        #expect(rebuilt.headers["To"] == "passenger@mailjet.com" && rebuilt.subject == "Hey! It's Friday!")
        // The attachment fragment has no sender: refused, naming the field.
        let fragment = try Self.json("payloads/mailjet/mailjet_doc_parse_api_attachment_fragment.json", [Self.auth])
        let error = #expect(throws: InboundWebhookError.self) {
            try InboundProvider.mailjet.delivery(from: fragment, credential: Self.credentials)
        }
        #expect(error == .missingField("From"))
        let unsigned = try Self.json("payloads/mailjet/mailjet_doc_parse_api_payload.json")
        #expect(throws: InboundWebhookError.unauthenticated("no HTTP basic Authorization header")) {
            try InboundProvider.mailjet.delivery(from: unsigned, credential: Self.credentials)
        }
    }

    @Test("SparkPost relay webhook: the token header, then each email_rfc822 (not the doc's disagreeing parsed fields)")
    func sparkpost() throws {
        let file = "payloads/sparkpost/sparkpostfun_relay_webhook_payload_from_docs.json"
        let token = InboundProvider.Credential.token("relay-token")
        let request = try Self.json(file, [("X-MessageSystems-Webhook-Token", "relay-token")])
        let batch = try InboundProvider.sparkpost.deliveries(from: request, credential: token)
        #expect(batch.count == 1)
        let message = ParsedMessage.parse(try #require(batch.first).message)
        #expect(message.subject == "Relay webhooks rawk!" && message.textBody?.contains("SparkPostians") == true)
        #expect(batch.first?.envelopeRecipient == "you@there.com")
        // Two messages, the second base64 as SparkPost marks it.
        var items = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [[String: Any]])
        var second = items[0]
        var msys = try #require(second["msys"] as? [String: Any])
        var relay = try #require(msys["relay_message"] as? [String: Any])
        var content = try #require(relay["content"] as? [String: Any])
        let raw = try #require(content["email_rfc822"] as? String)
        content["email_rfc822"] = Data(raw.utf8).base64EncodedString()
        content["email_rfc822_is_base64"] = true
        relay["content"] = content
        msys["relay_message"] = relay
        second["msys"] = msys
        items.append(second)
        var two = request
        two.body = Array(try JSONSerialization.data(withJSONObject: items))
        let both = try InboundProvider.sparkpost.deliveries(from: two, credential: token)
        #expect(both.count == 2 && both[1].message == Array(raw.utf8))
        for header in [[], [("X-MessageSystems-Webhook-Token", "guess")]] {
            let error = #expect(throws: InboundWebhookError.self) {
                try InboundProvider.sparkpost.deliveries(from: try Self.json(file, header), credential: token)
            }
            #expect(error?.httpStatus == 401)
        }
    }

    /// The Mandrill sample with its signature made again under `key` for `url` (its own was made with its author's).
    static func mandrillSigned(url: String, key: [UInt8]) throws -> WebhookRequest {
        var request = try InboundWebhookTests.request("payloads/mandrill/multimail_valid.http")
        let form = try FormData(body: request.body, contentType: try #require(request.header("Content-Type")))
        var signed = Array(url.utf8)
        for field in form.fields.sorted(by: { $0.name < $1.name }) { signed += Array(field.name.utf8) + field.value }
        let signature = Data(HMACSignature.code(.sha1, key: key, message: signed)).base64EncodedString()
        request.headers.removeAll { $0.name.lowercased() == "x-mandrill-signature" }
        request.headers.append(("X-Mandrill-Signature", signature))
        return request
    }

    @Test("Mandrill: X-Mandrill-Signature over the URL and sorted fields; each inbound event's raw_msg; forged 401")
    func mandrill() throws {
        let url = "https://feedback.example.com/hooks/mandrill"
        let key = Array("mandrill webhook key".utf8)
        let credential = InboundProvider.Credential.urlKey(url: url, key: key)
        let batch = try InboundProvider.mandrill.deliveries(
            from: try Self.mandrillSigned(url: url, key: key),
            credential: credential
        )
        #expect(batch.count == 1 && batch.first?.envelopeRecipient == "foo+bar@govkit.org")
        #expect(ParsedMessage.parse(try #require(batch.first).message).subject == "Test")
        let captured = try InboundWebhookTests.request("payloads/mandrill/multimail_valid.http")
        for request in [captured, try Self.mandrillSigned(url: url + "?x=1", key: key)] {
            let error = #expect(throws: InboundWebhookError.self) {
                try InboundProvider.mandrill.deliveries(from: request, credential: credential)
            }
            #expect(error?.httpStatus == 401)
        }
    }

    @Test("Postmark's older capture (2013 field set): rebuilt, the From and Subject kept")
    func postmarkOlder() throws {
        let request = try InboundWebhookTests.request("payloads/postmark/multimail_valid.http", headers: [Self.auth])
        let delivery = try InboundProvider.postmark.delivery(from: request, credential: Self.credentials)
        let message = ParsedMessage.parse(delivery.message)
        #expect(delivery.rebuilt && message.headers["From"] != nil && message.subject == "Test")
    }

    @Test(
        "a charset the provider names wrongly or does not know (SendGrid's charsets): the text is kept, no U+FFFD",
        arguments: ["UTF-8", "x-no-such-charset"]
    )
    func misnamedCharset(label: String) throws {
        var request = try InboundWebhookTests.request(
            "payloads/sendgrid/multimail_encoding.http",
            headers: [Self.auth]
        )
        let old = Array(#""text":"windows-1252""#.utf8)
        let range = try #require(request.body.firstRange(of: old))
        request.body.replaceSubrange(range, with: Array(#""text":"\#(label)""#.utf8))
        let form = try FormData(body: request.body, contentType: try #require(request.header("Content-Type")))
        let raw = try #require(form["text"]?.value)
        let delivery = try InboundProvider.sendgrid.delivery(from: request, credential: Self.credentials)
        let text = try #require(ParsedMessage.parse(delivery.message).textBody)
        #expect(!text.contains("\u{FFFD}") && text == CharsetDecoder.decode(raw, charset: "windows-1252").text)
    }
}
