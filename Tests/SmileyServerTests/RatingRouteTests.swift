import Foundation
import SmileyCore
import SmileyStore
import SmileyWorkflows
import Testing

@testable import SmileyServer

/// `/r/{token}/{rating}`, its confirmation and its comment form, over real HTTP on loopback.
@Suite struct RatingRouteTests {
    @Test func aClickStoresAProvisionalRatingAndAnswersTheThankYouPage() async throws {
        let fixture = try ServerFixture()
        let response = try await fixture.withServer { client in
            try await client.browse("/r/\(fixture.token)/positive")
        }
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/html; charset=utf-8")
        #expect(response.header("Cache-Control") == "no-store")
        let policy = try #require(response.header("Content-Security-Policy"))
        #expect(policy.contains("default-src 'none'") && policy.contains("script-src 'nonce-"))
        // The policy's nonce is 128 random bits in hex, the one the page's script carries, new for every page.
        let nonce = try #require(policy.split(separator: "'nonce-").last?.split(separator: "'").first)
        #expect(nonce.count == 32 && nonce.allSatisfy { $0.isHexDigit && !$0.isUppercase }, "\(nonce)")
        #expect(response.text.contains("<script nonce=\"\(nonce)\">"))
        let nonces = Set((0..<200).map { _ in WebServer.makeNonce() })
        #expect(nonces.count == 200 && nonces.allSatisfy { $0.count == 32 })
        #expect(response.header("Referrer-Policy") == "no-referrer")
        #expect(response.header("X-Content-Type-Options") == "nosniff")
        #expect(response.header("X-Robots-Tag") == "noindex, nofollow")
        #expect(response.text.contains("<form") && response.text.contains("name=\"comment\""))
        let records = try fixture.records()
        #expect(records.count == 1)
        let record = try #require(records.first)
        #expect(record.source == .click)
        #expect(record.confirmation == .provisional)
        #expect(record.rating == Rating(scale: .smiley, code: "positive"))
        #expect(record.recipientEmail == fixture.person)
        #expect(record.ticketID == "T-1042")
        #expect(record.agent == "Ana")
    }

    @Test func thePageSpeaksThePersonsLanguage() async throws {
        let fixture = try ServerFixture()
        let response = try await fixture.withServer { client in
            try await client.browse("/r/\(fixture.token)/neutral", acceptLanguage: "de-CH,de;q=0.9")
        }
        #expect(response.status == 200)
        #expect(response.text.contains("lang=\"de\""))
    }

    @Test func theConfirmationAndTheCommentFormNeedThePagesFormValue() async throws {
        let fixture = try ServerFixture()
        let base = "/r/\(fixture.token)"
        let (forged, confirmed, commented, page) = try await fixture.withServer { client in
            let page = try await client.browse("\(base)/negative")
            let value = try #require(page.hiddenField("form"))
            let forged = try await client.browse(
                "\(base)/confirm",
                method: "POST",
                form: [("form", String(value.reversed())), ("rating", "negative")]
            )
            let confirmed = try await client.browse(
                "\(base)/confirm",
                method: "POST",
                form: [("form", value), ("rating", "negative")]
            )
            let commented = try await client.browse(
                "\(base)/comment",
                method: "POST",
                form: [("form", value), ("rating", "neutral"), ("comment", "  Took three days, but solved. Thanks!  ")]
            )
            return (forged, confirmed, commented, page)
        }
        #expect(page.status == 200)
        #expect(forged.status == 403)
        #expect(confirmed.status == 204)
        #expect(commented.status == 200)
        let records = try fixture.records()
        #expect(
            records.map(\.confirmation).sorted { $0!.rawValue < $1!.rawValue } == [
                .comment, .interaction, .provisional,
            ]
        )
        let comment = try #require(records.first { $0.confirmation == .comment })
        #expect(comment.comment == "Took three days, but solved. Thanks!")
        #expect(comment.rating == Rating(scale: .smiley, code: "neutral"))
        // The report: one person, the latest rating (the comment form's), one comment.
        let report = Report(records: records)
        #expect(report.overall.ratings == 1)
        #expect(report.overall.neutral == 1)
        #expect(report.overall.comments == 1)
    }

    @Test func theFormValueIsTheTokensUnsentCodeAndEarlierPagesStillPost() async throws {
        let fixture = try ServerFixture()
        let base = "/r/\(fixture.token)"
        let keyring = fixture.installation.keyring
        let surveys = TokenKeyring.KnownSurveys(fixture.installation.surveys.map(\.id))
        let unsent = try keyring.verifyKeepingCode(fixture.token, knownSurveys: surveys).unsentCode
        let hex = { @Sendable (bytes: [UInt8]) in bytes.map { String(format: "%02x", $0) }.joined() }
        // What pages served before 5 December 2026 carried: the first 16 bytes of a key derived for the token.
        let earlier = try #require(
            keyring.derivedKey(purpose: "web-form\u{0}" + fixture.token, keyID: keyring.signingKeyID)
        )
        // Another person's page: a token for another recipient.
        let other = keyring.sign(
            surveyID: fixture.installation.surveys[0].id,
            recipientID: RecipientID(rawValue: 42),
            issuedAt: Date()
        )
        let otherValue = hex(try keyring.verifyKeepingCode(other, knownSurveys: surveys).unsentCode)
        let (value, statuses) = try await fixture.withServer { client in
            let value = try #require(try await client.browse("\(base)/negative").hiddenField("form"))
            var statuses: [Int] = []
            for posted in [otherValue, hex(Array(earlier.prefix(16))), value] {
                let response = try await client.browse(
                    "\(base)/confirm",
                    method: "POST",
                    form: [("form", posted), ("rating", "negative")]
                )
                statuses.append(response.status)
            }
            return (value, statuses)
        }
        #expect(value == hex(unsent))
        #expect(statuses == [403, 204, 204])
    }

    @Test func forgedExpiredAndWrongLinksChangeNothing() async throws {
        let fixture = try ServerFixture()
        let expired = try ServerFixture(issuedAt: Date().addingTimeInterval(-91 * 86_400))
        var tampered = Array(fixture.token)
        tampered[20] = tampered[20] == "A" ? "B" : "A"
        let altered = String(tampered)
        let responses = try await fixture.withServer { client in
            [
                try await client.browse("/r/\(altered)/positive"),
                try await client.browse("/r/short/positive"),
                try await client.browse("/r/\(fixture.token)/splendid"),
                try await client.browse("/r/\(expired.token)/positive"),
                try await client.browse(
                    "/r/\(altered)/comment",
                    method: "POST",
                    form: [("form", "x"), ("rating", "positive")]
                ),
            ]
        }
        #expect(responses.map(\.status) == [404, 404, 404, 404, 404])
        #expect(responses.allSatisfy { $0.text.contains("<html") })
        #expect(try fixture.records().isEmpty)
        // The expired link, on its own installation: 410 Gone.
        let gone = try await expired.withServer { client in try await client.browse("/r/\(expired.token)/positive") }
        #expect(gone.status == 410)
        #expect(try expired.records().isEmpty)
    }

    @Test func scannersSeeThePageAndStoreNothing() async throws {
        let fixture = try ServerFixture(serverSection: #"{"scannerAddresses": ["127.0.0.0/8"]}"#)
        let plain = try ServerFixture()
        let link = "/r/\(plain.token)/positive"
        let (head, headless, noAgent, library, metrics) = try await plain.withServer { client in
            (
                try await client.browse(link, method: "HEAD"),
                try await client.browse(
                    link,
                    userAgent: ServerFixture.browser.replacingOccurrences(of: "Chrome/", with: "HeadlessChrome/")
                ),
                try await client.browse(link, userAgent: nil),
                try await client.browse(link, userAgent: "python-requests/2.31.0"),
                try await client.browse("/metrics")
            )
        }
        #expect([head, headless, noAgent, library].allSatisfy { $0.status == 200 })
        #expect(head.body.isEmpty)
        #expect(Int(head.header("Content-Length") ?? "") ?? 0 > 0)
        #expect(try plain.records().isEmpty)
        #expect(metrics.text.contains(#"smiley_scanner_requests_total{signal="head"} 1"#))
        #expect(metrics.text.contains(#"smiley_scanner_requests_total{signal="userAgent"} 2"#))
        #expect(metrics.text.contains(#"smiley_scanner_requests_total{signal="noUserAgent"} 1"#))
        // A configured address range (here: loopback, where the test client is).
        let ranged = try await fixture.withServer { client in try await client.browse("/r/\(fixture.token)/positive") }
        #expect(ranged.status == 200)
        #expect(try fixture.records().isEmpty)
    }

    @Test func aStoreThatCannotWriteAnswers503AndKeepsNothingHalfWritten() async throws {
        let fixture = try ServerFixture()
        // The records folder is a file: every write fails, as on a full or broken disk.
        let records = fixture.installation.dataDirectory + "/records"
        try? FileManager.default.removeItem(atPath: records)
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: records))
        let response = try await fixture.withServer { client in try await client.browse("/r/\(fixture.token)/positive")
        }
        #expect(response.status == 503)
        #expect(response.header("Retry-After") == "60")
        try FileManager.default.removeItem(atPath: records)
        #expect(try fixture.records().isEmpty)
    }

    @Test func oversizedAndMalformedBodiesAreRefused() async throws {
        let fixture = try ServerFixture()
        let (large, garbage) = try await fixture.withServer { client in
            (
                try await client.browse(
                    "/r/\(fixture.token)/comment",
                    method: "POST",
                    form: [("form", "x"), ("comment", String(repeating: "a", count: 40_000))]
                ),
                try await RawHTTP.request(
                    port: client.port,
                    "POST",
                    "/r/\(fixture.token)/comment",
                    body: [0xFF, 0x00, 0x25, 0x26, 0x3D, 0xC3],
                    contentType: "application/x-www-form-urlencoded"
                )
            )
        }
        #expect(large.status == 413)
        #expect(garbage.status == 403)
        #expect(try fixture.records().isEmpty)
    }

    @Test func healthAndMetricsAnswer() async throws {
        let fixture = try ServerFixture()
        let (health, metrics) = try await fixture.withServer { client in
            _ = try await client.browse("/r/\(fixture.token)/positive")
            return (try await client.browse("/healthz"), try await client.browse("/metrics"))
        }
        #expect(health.status == 200)
        #expect(health.text == "ok\n")
        #expect(metrics.status == 200)
        #expect(metrics.text.contains(#"smiley_clicks_total{confirmation="provisional"} 1"#))
        #expect(metrics.text.contains("smiley_http_request_duration_seconds_bucket"))
        #expect(!metrics.text.contains(fixture.token))
    }
}
