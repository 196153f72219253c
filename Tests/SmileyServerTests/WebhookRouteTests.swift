import Foundation
import SmileyCore
import SmileyInbound
import SmileyStore
import SmileyWorkflows
import Testing

/// `POST /hooks/{provider}` over real HTTP: a signed reply is stored once, exactly as `smiley ingest` stores it; a
/// forged, replayed or oversized post stores nothing; a store that cannot write answers 503 so the provider retries.
@Suite("webhook routes")
struct WebhookRouteTests {
    static let section =
        #"{"webhooks": {"raw": true, "postmark": {"username": "pm", "passwordFile": "postmark.password"}, "maximumBodyBytes": 70000}}"#

    static func fixture() throws -> ServerFixture {
        let fixture = try ServerFixture(serverSection: section)
        return fixture
    }

    /// Writes the Postmark password file (mode 0600) beside smiley.json; the server reads it when it starts.
    static func writePassword(_ fixture: ServerFixture, _ password: String, mode: Int = 0o600) throws {
        let folder = (fixture.installation.configPath as NSString).deletingLastPathComponent
        let path = folder + "/postmark.password"
        try Data((password + "\n").utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    /// A reply to the survey: to the positive smiley's address, with a comment.
    static func reply(_ fixture: ServerFixture, messageID: String = "<reply-1@customer.example>") -> [UInt8] {
        let survey = fixture.installation.surveys[0]
        let to = ReplyAddress(
            survey: survey,
            token: fixture.token,
            rating: Rating(scale: survey.scale, code: "positive")
        )
        return Array(
            """
            From: Jane Doe <jane.doe@customer.example>\r
            To: \(to.address)\r
            Subject: Re: How did we do?\r
            Message-ID: \(messageID)\r
            Date: Thu, 03 Dec 2026 10:00:00 +0000\r
            \r
            Quick and friendly, thank you!\r

            """.utf8
        )
    }

    /// The raw route's signature header for `body`, at `time`.
    static func signature(
        _ fixture: ServerFixture,
        _ body: [UInt8],
        time: Int = Int(Date().timeIntervalSince1970)
    )
        -> String
    {
        let keys = fixture.installation.keyring.derivedKeys(purpose: InboundProvider.rawKeyPurpose)
        let keyID = keys.keys.sorted().last ?? 0
        let mac = HMACSignature.hex(
            HMACSignature.code(.sha256, key: keys[keyID] ?? [], message: Array("\(time).".utf8) + body)
        )
        return "t=\(time),k=\(keyID),v1=\(mac)"
    }

    @Test("a signed raw reply is stored once with its rating and comment; the same post again is refused as a replay")
    func rawReplyIsStoredOnce() async throws {
        let fixture = try Self.fixture()
        try Self.writePassword(fixture, "pm-secret")
        let body = Self.reply(fixture)
        let header = Self.signature(fixture, body)
        let (first, again, unsigned) = try await fixture.withServer { client in
            (
                try await RawHTTP.request(
                    port: client.port,
                    "POST",
                    "/hooks/raw",
                    headers: [("Smiley-Signature", header)],
                    body: body,
                    contentType: "message/rfc822"
                ),
                try await RawHTTP.request(
                    port: client.port,
                    "POST",
                    "/hooks/raw",
                    headers: [("Smiley-Signature", header)],
                    body: body,
                    contentType: "message/rfc822"
                ),
                try await RawHTTP.request(
                    port: client.port,
                    "POST",
                    "/hooks/raw",
                    headers: [],
                    body: body,
                    contentType: "message/rfc822"
                )
            )
        }
        #expect(
            first.status == 200 && first.text.contains(#""disposition":"feedback""#),
            "\(first.status) \(first.text)"
        )
        #expect(again.status == 409, "a replay: \(again.text)")
        #expect(unsigned.status == 401)
        let records = try fixture.records()
        #expect(records.count == 1)
        #expect(records.first?.rating?.code == "positive" && records.first?.comment?.contains("friendly") == true)
        #expect(records.first?.recipientEmail == fixture.person)
    }

    @Test(
        "Postmark with RawEmail and the right basic auth is stored; a wrong password, or none, is 401 and stores nothing"
    )
    func postmarkBasicAuth() async throws {
        let fixture = try Self.fixture()
        try Self.writePassword(fixture, "pm-secret")
        let payload = try JSONSerialization.data(withJSONObject: [
            "RawEmail": String(decoding: Self.reply(fixture, messageID: "<pm-1@customer.example>"), as: UTF8.self),
            "OriginalRecipient": "feedback@reply.acme.example",
        ])
        @Sendable func auth(_ password: String) -> (String, String) {
            ("Authorization", "Basic " + Data("pm:\(password)".utf8).base64EncodedString())
        }
        let (wrong, none, right, twice) = try await fixture.withServer { client in
            (
                try await RawHTTP.request(
                    port: client.port,
                    "POST",
                    "/hooks/postmark",
                    headers: [auth("guess")],
                    body: Array(payload),
                    contentType: "application/json"
                ),
                try await RawHTTP.request(
                    port: client.port,
                    "POST",
                    "/hooks/postmark",
                    headers: [],
                    body: Array(payload),
                    contentType: "application/json"
                ),
                try await RawHTTP.request(
                    port: client.port,
                    "POST",
                    "/hooks/postmark",
                    headers: [auth("pm-secret")],
                    body: Array(payload),
                    contentType: "application/json"
                ),
                try await RawHTTP.request(
                    port: client.port,
                    "POST",
                    "/hooks/postmark",
                    headers: [auth("pm-secret")],
                    body: Array(payload),
                    contentType: "application/json"
                )
            )
        }
        #expect(wrong.status == 401 && none.status == 401)
        #expect(right.status == 200 && right.text.contains(#""duplicate":false"#), "\(right.text)")
        #expect(twice.status == 200 && twice.text.contains(#""duplicate":true"#), "Postmark retries: stored once")
        #expect(try fixture.records().count == 1)
    }

    @Test("an unconfigured provider is 404, an oversized body 413, and a store that cannot write 503 with Retry-After")
    func limitsAndFailures() async throws {
        let fixture = try Self.fixture()
        try Self.writePassword(fixture, "pm-secret")
        let big = Array(repeating: UInt8(ascii: "a"), count: 80_000)
        let body = Self.reply(fixture, messageID: "<broken-store@customer.example>")
        let header = Self.signature(fixture, body)
        let (unknown, oversized) = try await fixture.withServer { client in
            (
                try await RawHTTP.request(
                    port: client.port,
                    "POST",
                    "/hooks/mailgun",
                    headers: [],
                    body: body,
                    contentType: "application/x-www-form-urlencoded"
                ),
                try await RawHTTP.request(
                    port: client.port,
                    "POST",
                    "/hooks/raw",
                    headers: [("Smiley-Signature", Self.signature(fixture, big))],
                    body: big,
                    contentType: "message/rfc822"
                )
            )
        }
        #expect(unknown.status == 404)
        #expect(oversized.status == 413)
        // A provider checking the URL with HEAD (Mandrill): 200 for a configured one, 404 for another.
        let (checked, unchecked) = try await fixture.withServer { client in
            (
                try await RawHTTP.request(port: client.port, "HEAD", "/hooks/postmark", headers: []),
                try await RawHTTP.request(port: client.port, "HEAD", "/hooks/mailgun", headers: [])
            )
        }
        #expect(checked.status == 200 && unchecked.status == 404)
        // The data folder cannot be written: neither a record nor the quarantine can keep the message.
        let data = fixture.installation.dataDirectory
        try FileManager.default.removeItem(atPath: data)
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: data))
        let failed = try await fixture.withServer { client in
            try await RawHTTP.request(
                port: client.port,
                "POST",
                "/hooks/raw",
                headers: [("Smiley-Signature", header)],
                body: body,
                contentType: "message/rfc822"
            )
        }
        #expect(failed.status == 503 && failed.header("Retry-After") == "60", "\(failed.status) \(failed.text)")
        try FileManager.default.removeItem(atPath: data)
        // The provider's retry of the same post is not a replay: it is stored now.
        let retried = try await fixture.withServer { client in
            try await RawHTTP.request(
                port: client.port,
                "POST",
                "/hooks/raw",
                headers: [("Smiley-Signature", header)],
                body: body,
                contentType: "message/rfc822"
            )
        }
        #expect(retried.status == 200, "\(retried.text)")
        #expect(try fixture.records().count == 1)
    }

    /// A file of the shared payloads (`$SMILEY_SHARED`, default `../shared` beside the package).
    static func sharedPayload(_ relative: String) throws -> [UInt8] {
        let base =
            ProcessInfo.processInfo.environment["SMILEY_SHARED"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ServerFixture.root.deletingLastPathComponent().appendingPathComponent("shared").path
        let path = base + "/payloads/" + relative
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RawHTTP.SocketError(description: "\(path) is missing: set SMILEY_SHARED to the shared data folder")
        }
        return Array(data)
    }

    @Test(
        "SendGrid's own 'send raw' sample over HTTP (multipart through the server): kept (quarantined: it answers no survey), once"
    )
    func sendgridSampleOverHTTP() async throws {
        let fixture = try ServerFixture(
            serverSection:
                #"{"webhooks": {"sendgrid": {"username": "sg", "passwordFile": "postmark.password"}}}"#
        )
        try Self.writePassword(fixture, "sg-secret")
        let body = try Self.sharedPayload("sendgrid/raw_data.txt")
        let auth = ("Authorization", "Basic " + Data("sg:sg-secret".utf8).base64EncodedString())
        let type = "multipart/form-data; boundary=xYzZY"
        let (first, second, unauthenticated) = try await fixture.withServer { client in
            (
                try await RawHTTP.request(
                    port: client.port,
                    "POST",
                    "/hooks/sendgrid",
                    headers: [auth],
                    body: body,
                    contentType: type
                ),
                try await RawHTTP.request(
                    port: client.port,
                    "POST",
                    "/hooks/sendgrid",
                    headers: [auth],
                    body: body,
                    contentType: type
                ),
                try await RawHTTP.request(
                    port: client.port,
                    "POST",
                    "/hooks/sendgrid",
                    headers: [],
                    body: body,
                    contentType: type
                )
            )
        }
        #expect(first.status == 200 && first.text.contains(#""disposition":"quarantine""#), "\(first.text)")
        #expect(second.status == 200 && second.text.contains(#""duplicate":true"#), "\(second.text)")
        #expect(unauthenticated.status == 401)
        let quarantined = try FileManager.default.contentsOfDirectory(
            atPath: fixture.installation.dataDirectory + "/quarantine"
        )
        #expect(quarantined.filter { $0.hasSuffix(".eml") }.count == 1, "\(quarantined)")
        #expect(try fixture.records().isEmpty)
    }

    @Test("a secret file others can read stops the server with the chmod to run")
    func secretFileMustBePrivate() throws {
        let fixture = try Self.fixture()
        try Self.writePassword(fixture, "pm-secret", mode: 0o644)
        let error = #expect(throws: (any Error).self) { try fixture.server() }
        #expect("\(error.map { "\($0)" } ?? "")".contains("chmod 600"))
    }
}
