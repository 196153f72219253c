import Foundation
import Testing

@testable import SmileyMail

/// Settings that would weaken security or cannot work are refused before any connection.
struct SMTPConfigurationTests {
    @Test func tlsDefaultsToRequiredExceptOnLoopback() {
        #expect(SMTPConfiguration(url: "smtp://mail.example.org:587").tls == .required)
        #expect(SMTPConfiguration(url: "smtp://127.0.0.1:2525").tls == .opportunistic)
        #expect(SMTPConfiguration(url: "smtp://localhost").tls == .opportunistic)
    }

    @Test func urlParsing() {
        #expect(
            SMTPConfiguration.parse("smtp://mail.example.org:587")
                == .init(implicitTLS: false, host: "mail.example.org", port: 587)
        )
        #expect(
            SMTPConfiguration.parse("smtps://mail.example.org")
                == .init(implicitTLS: true, host: "mail.example.org", port: 465)
        )
        #expect(SMTPConfiguration.parse("smtp://[::1]:25") == .init(implicitTLS: false, host: "::1", port: 25))
        for bad in ["http://x", "smtp://", "smtp://u:p@host", "smtp://host:99999", "smtp://host/path"] {
            #expect(SMTPConfiguration.parse(bad) == nil, "\(bad)")
        }
    }

    @Test(arguments: [
        (
            SMTPConfiguration(
                url: "smtp://mail.example.org:587",
                tls: .opportunistic,
                username: "u",
                password: .environment("SMILEY_TEST_PW")
            ), "without guaranteed TLS"
        ),
        (SMTPConfiguration(url: "smtps://mail.example.org", tls: .off), "smtps:// always uses TLS"),
        (SMTPConfiguration(url: "ftp://mail.example.org"), "is not an SMTP URL"),
        (SMTPConfiguration(url: "smtp://mail.example.org", username: "u"), "no password source"),
        (
            SMTPConfiguration(
                url: "smtp://mail.example.org",
                username: "u",
                password: .environment("SMILEY_TEST_UNSET_VARIABLE")
            ), "is not set"
        ),
        (
            SMTPConfiguration(
                url: "smtp://mail.example.org",
                username: "u",
                password: .file("/nonexistent/smiley-password")
            ), "cannot read the password file"
        ),
        (SMTPConfiguration(url: "smtp://127.0.0.1:25", heloName: "bad name\r\nRSET"), "is not a host name"),
    ])
    func refusedConfigurations(configuration: SMTPConfiguration, expected: String) throws {
        let error = try #require(throws: SMTPError.self) { try SMTPConnection(configuration: configuration) }
        #expect(error.isConfigurationProblem && !error.isTransient && !error.isPermanent)
        #expect(error.description.contains(expected), "\(error)")
    }

    @Test func envelopeInjectionIsRefused() throws {
        let smtp = try SMTPConnection(configuration: SMTPConfiguration(url: "smtp://127.0.0.1:1"))
        let error = try #require(throws: SMTPError.self) {
            try smtp.send(message: [], from: "a@b.c", to: "x@example.org>\r\nRCPT TO:<y@example.org")
        }
        #expect(error.description.contains("angle brackets"))
    }

    @Test func queueIDParsing() {
        #expect(SMTPAcceptance(code: 250, text: "2.0.0 Ok: queued as 4F2C81A2B3").queueID == "4F2C81A2B3")
        #expect(SMTPAcceptance(code: 250, text: "OK id=1rXyZ-000abc-4Q").queueID == "1rXyZ-000abc-4Q")
        #expect(SMTPAcceptance(code: 250, text: "2.0.0 Ok").queueID == nil)
    }
}
