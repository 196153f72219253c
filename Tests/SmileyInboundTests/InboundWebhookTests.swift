import Foundation
import Testing

@testable import SmileyCore
@testable import SmileyInbound
@testable import SmileyMIME

/// Provider webhooks over the providers' own samples (`payloads/` in the shared data): each request is
/// authenticated before anything else is read, and becomes the message a relay would have delivered.
@Suite("inbound webhooks")
struct InboundWebhookTests {
    /// A captured HTTP request (`.http`: a first line, header fields, a blank line, the body), or a body-only
    /// sample with the header fields the test gives.
    static func request(_ relative: String, headers extra: [(String, String)] = []) throws -> WebhookRequest {
        let bytes = try ClassifierFixtures.bytes(relative)
        guard relative.hasSuffix(".http") else {
            return WebhookRequest(headers: extra.map { (name: $0.0, value: $0.1) }, body: bytes)
        }
        let crlf = bytes.firstRange(of: [13, 10, 13, 10])
        let lf = bytes.firstRange(of: [10, 10])
        let split = [crlf, lf].compactMap { $0 }.min { $0.lowerBound < $1.lowerBound }
        let cut = try #require(split, "\(relative) has no blank line after its header")
        var headers: [(name: String, value: String)] = []
        for line in String(decoding: bytes[..<cut.lowerBound], as: UTF8.self).split(whereSeparator: \.isNewline)
            .dropFirst()
        {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append(
                (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            )
        }
        for (name, value) in extra { headers.append((name, value)) }
        return WebhookRequest(headers: headers, body: Array(bytes[cut.upperBound...]))
    }

    static func basic(_ user: String, _ password: String) -> (String, String) {
        ("Authorization", "Basic " + Data("\(user):\(password)".utf8).base64EncodedString())
    }

    /// The sample's signed time.
    static func signedTime(_ form: FormData) throws -> Date {
        let text = try #require(form["timestamp"]?.text)
        return Date(timeIntervalSince1970: try #require(Double(text)))
    }

    static let credentials = InboundProvider.Credential.basic(username: "smiley", password: "s3cret pass")

    /// The request with its Mailgun signature made again under `key` (the sample's was made with its author's).
    static func resigned(_ request: WebhookRequest, key: [UInt8]) throws -> WebhookRequest {
        let form = try FormData(body: request.body, contentType: try #require(request.header("Content-Type")))
        let timestamp = try #require(form["timestamp"]?.text)
        let token = try #require(form["token"]?.text)
        let oldText = try #require(form["signature"]?.text)
        let old = Array(oldText.utf8)
        let new = Array(
            HMACSignature.hex(HMACSignature.code(.sha256, key: key, message: Array((timestamp + token).utf8))).utf8
        )
        var copy = request
        let range = try #require(copy.body.firstRange(of: old))
        copy.body.replaceSubrange(range, with: new)
        return copy
    }

    @Test(
        "Mailgun's raw-MIME route: the signature under the signing key, fresh, gives body-mime whole; forged or stale is 401"
    )
    func mailgunRawMIME() throws {
        let key = Array("key-test-signing".utf8)
        let sample = try Self.request("payloads/mailgun/multimail_raw_mime_valid.http")
        let signed = try Self.resigned(sample, key: key)
        let form = try FormData(body: sample.body, contentType: try #require(sample.header("Content-Type")))
        let time = try Self.signedTime(form)
        let delivery = try InboundProvider.mailgun.delivery(from: signed, credential: .signingKey(key), now: time)
        #expect(!delivery.rebuilt && delivery.message == form["body-mime"]?.value)
        #expect(ParsedMessage.parse(delivery.message).subject == "Test")
        #expect(delivery.envelopeRecipient == "foo+bar@multimail.mailgun.org")
        #expect(delivery.replayKey == "mailgun/" + (form["token"]?.text ?? "?"))
        // The sample as captured was signed with another key: forged, as far as this installation knows.
        #expect(throws: InboundWebhookError.self) {
            try InboundProvider.mailgun.delivery(from: sample, credential: .signingKey(key), now: time)
        }
        let late = #expect(throws: InboundWebhookError.self) {
            try InboundProvider.mailgun.delivery(from: signed, credential: .signingKey(key), now: time + 301)
        }
        #expect(late?.httpStatus == 401 && late?.description.contains("window") == true)
    }

    @Test(
        "Mailgun's parsed route: the message rebuilt from message-headers and the full bodies, attachments read as fields"
    )
    func mailgunParsed() throws {
        let key = Array("another key".utf8)
        let sample = try Self.request("payloads/mailgun/multimail_parsed_valid.http")
        let form = try FormData(body: sample.body, contentType: try #require(sample.header("Content-Type")))
        #expect(form["attachment-1"]?.filename != nil && form["attachment-2"]?.filename != nil)
        let time = try Self.signedTime(form)
        let delivery = try InboundProvider.mailgun.delivery(
            from: try Self.resigned(sample, key: key),
            credential: .signingKey(key),
            now: time
        )
        #expect(delivery.rebuilt)
        let message = ParsedMessage.parse(delivery.message)
        let headersJSON = try #require(form["message-headers"]?.value)
        let headers = try #require(try JSONSerialization.jsonObject(with: Data(headersJSON)) as? [[String]])
        let messageID = try #require(headers.first { $0[0].lowercased() == "message-id" }?[1])
        #expect(message.headers["Message-Id"] == messageID)
        #expect(message.subject == form["subject"]?.text)
        #expect(message.textBody == form["body-plain"]?.text, "the full body, not stripped-text")
        #expect(message.htmlBody == form["body-html"]?.text)
    }

    @Test("SendGrid 'send raw': the email field is the message; wrong or missing basic auth is 401")
    func sendgridRaw() throws {
        let type = ("Content-Type", "multipart/form-data; boundary=xYzZY")
        for file in ["raw_data.txt", "raw_data_with_attachments.txt"] {
            let request = try Self.request(
                "payloads/sendgrid/\(file)",
                headers: [type, Self.basic("smiley", "s3cret pass")]
            )
            let delivery = try InboundProvider.sendgrid.delivery(from: request, credential: Self.credentials)
            #expect(!delivery.rebuilt)
            let message = ParsedMessage.parse(delivery.message)
            #expect(message.headers["From"] == "Example User <test@example.com>", "\(file)")
            #expect(message.textBody?.isEmpty == false, "\(file)")
        }
        for authorization in [nil, Self.basic("smiley", "guess"), ("Authorization", "Bearer x")] {
            var headers = [type]
            if let authorization { headers.append(authorization) }
            let request = try Self.request("payloads/sendgrid/raw_data.txt", headers: headers)
            let error = #expect(throws: InboundWebhookError.self) {
                try InboundProvider.sendgrid.delivery(from: request, credential: Self.credentials)
            }
            #expect(error?.httpStatus == 401)
        }
    }

    @Test("SendGrid parsed: headers kept, bodies decoded with the charsets field (windows-1252 here), not as UTF-8")
    func sendgridParsedCharsets() throws {
        let request = try Self.request(
            "payloads/sendgrid/multimail_encoding.http",
            headers: [Self.basic("smiley", "s3cret pass")]
        )
        let form = try FormData(body: request.body, contentType: try #require(request.header("Content-Type")))
        let rawText = try #require(form["text"]?.value)
        #expect(String(validating: rawText, as: UTF8.self) == nil, "the sample's text is not UTF-8")
        let delivery = try InboundProvider.sendgrid.delivery(from: request, credential: Self.credentials)
        #expect(delivery.rebuilt)
        let message = ParsedMessage.parse(delivery.message)
        let expected = CharsetDecoder.decode(rawText, charset: "windows-1252").text
        #expect(message.textBody == expected && !expected.contains("\u{FFFD}"))
        #expect(message.subject == form["subject"]?.text)
        for file in ["payloads/sendgrid/default_data.txt"] {
            let parsed = try Self.request(
                file,
                headers: [("Content-Type", "multipart/form-data; boundary=xYzZY"), Self.basic("smiley", "s3cret pass")]
            )
            let rebuilt = ParsedMessage.parse(
                try InboundProvider.sendgrid.delivery(from: parsed, credential: Self.credentials).message
            )
            #expect(rebuilt.headers["From"] != nil && rebuilt.htmlBody != nil && rebuilt.textBody != nil)
        }
    }

    @Test(
        "Postmark: RawEmail when the option is on, else rebuilt from Headers and the top-level fields; a header value cannot add a field"
    )
    func postmark() throws {
        let auth = Self.basic("smiley", "s3cret pass")
        let withRaw = try Self.request(
            "payloads/postmark/anymail_postmark-inbound-test-payload-with-raw.json",
            headers: [auth]
        )
        let raw = try InboundProvider.postmark.delivery(from: withRaw, credential: Self.credentials)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(withRaw.body)) as? [String: Any])
        let rawEmail = try #require(object["RawEmail"] as? String)
        #expect(!raw.rebuilt && raw.message == Array(rawEmail.utf8))
        #expect(raw.envelopeRecipient == "mailbox+SampleHash@inbound.postmarkapp.com")

        var plain = try Self.request("payloads/postmark/anymail_postmark-inbound-test-payload.json", headers: [auth])
        let rebuilt = try InboundProvider.postmark.delivery(from: plain, credential: Self.credentials)
        let message = ParsedMessage.parse(rebuilt.message)
        #expect(rebuilt.rebuilt && message.subject == "Test subject")
        #expect(message.headers["Message-ID"] == "<00000000-0000-0000-0000-000000000000@postmark.inbound.invalid>")
        #expect(message.textBody == "This is a test text body.")

        // A header value with a line break tries to add a Bcc field: it stays inside its own value.
        var edited = try #require(try JSONSerialization.jsonObject(with: Data(plain.body)) as? [String: Any])
        edited["Headers"] = [["Name": "X-Note", "Value": "hi\r\nBcc: victim@example.com"]]
        plain.body = Array(try JSONSerialization.data(withJSONObject: edited))
        let injected = ParsedMessage.parse(
            try InboundProvider.postmark.delivery(from: plain, credential: Self.credentials).message
        )
        #expect(injected.headers["Bcc"] == nil && injected.headers["X-Note"]?.contains("victim") == true)
    }

    @Test(
        "the raw route: Smiley's own HMAC over time and body under a key derived from the secret; altered, unknown key or late is 401"
    )
    func rawRoute() throws {
        let keyring = try TokenKeyring(secrets: [1: Array(repeating: 7, count: 32)])
        let keys = keyring.derivedKeys(purpose: InboundProvider.rawKeyPurpose)
        let body = try ClassifierFixtures.bytes("payloads/autoreply/sisimai_rfc3834-01.eml")
        let now = Date(timeIntervalSince1970: 1_780_000_000)
        func signed(_ body: [UInt8], time: Int = 1_780_000_000, keyID: UInt8 = 1) -> WebhookRequest {
            let key = keys[keyID] ?? Array(repeating: 1, count: 32)
            let mac = HMACSignature.hex(HMACSignature.code(.sha256, key: key, message: Array("\(time).".utf8) + body))
            return WebhookRequest(headers: [("Smiley-Signature", "t=\(time),k=\(keyID),v1=\(mac)")], body: body)
        }
        let delivery = try InboundProvider.raw.delivery(from: signed(body), credential: .keys(keys), now: now)
        #expect(delivery.message == body && delivery.replayKey?.hasPrefix("raw/") == true)
        var altered = signed(body)
        altered.body[altered.body.count / 2] ^= 1
        for request in [
            altered, signed(body, keyID: 9), signed(body, time: 1_780_000_000 - 900),
            WebhookRequest(headers: [], body: body),
        ] {
            let error = #expect(throws: InboundWebhookError.self) {
                try InboundProvider.raw.delivery(from: request, credential: .keys(keys), now: now)
            }
            #expect(error?.httpStatus == 401)
        }
    }

    @Test("a captured request's head ends where the standard library's search finds the first blank line")
    func capturedRequestSplit() throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [10, 13, 10, 13, 0x41, 0x3A]
        for _ in 0..<2_000 {
            let bytes = (0..<Int.random(in: 0..<24, using: &generator)).map { _ in
                alphabet.randomElement(using: &generator)!
            }
            for needle: [UInt8] in [[13, 10, 13, 10], [10, 10], [0x41]] {
                #expect(WebhookRequest.firstRange(of: needle, in: bytes) == bytes.firstRange(of: needle), "\(bytes)")
            }
        }
        let relative = "payloads/postmark/multimail_valid.http"
        let bytes = try ClassifierFixtures.bytes(relative)
        let captured = try #require(WebhookRequest(capturedHTTP: bytes))
        let reference = try Self.request(relative)
        #expect(captured.body == reference.body && captured.header("Content-Type") == reference.header("Content-Type"))
        #expect(WebhookRequest(capturedHTTP: Array("POST / HTTP/1.1\r\nHost: x\r\n".utf8)) == nil)
    }
}
