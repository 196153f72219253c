import Foundation
import Testing

@testable import SmileyMail

/// TLS against a real server (aiosmtpd with a certificate made by openssl for 127.0.0.1): STARTTLS required,
/// implicit TLS (smtps://), a login that only happens inside TLS, and a certificate the client must refuse.
/// The transactions after the handshake go through libcurl's TLS layer (curl_easy_send/recv).
@Suite(.serialized)
struct SMTPTLSTests {
    private func send(
        _ url: String,
        tls: SMTPConfiguration.TLS,
        ca: URL?,
        username: String? = nil,
        password: URL? = nil,
        count: Int = 3
    ) throws -> [SMTPAcceptance] {
        let smtp = try SMTPConnection(
            configuration: SMTPConfiguration(
                url: url,
                tls: tls,
                username: username,
                password: password.map { .file($0.path) },
                timeout: .init(connect: .seconds(5), transfer: .seconds(20)),
                heloName: "smiley.test",
                caBundlePath: ca?.path
            )
        )
        return try (0..<count).map { i in
            try smtp.send(
                message: testMessage(id: "tls\(i)@t", to: "t\(i)@example.org", bodyLines: 400),
                from: "b@example.org",
                to: "t\(i)@example.org"
            )
        }
    }

    @Test(arguments: [false, true])
    func startTLSRequiredCarriesEveryMessageEncrypted(pipelining: Bool) throws {
        let certificate = try TestCertificate.make()
        let server = try ScriptedSMTPServer(pipelining: pipelining, tls: .starttls(certificate))
        let acceptances = try send(server.url, tls: .required, ca: certificate.certificate)
        #expect(acceptances.map(\.code) == [250, 250, 250])
        #expect(try server.acceptedRecipients() == ["t0@example.org", "t1@example.org", "t2@example.org"])
        // The client said EHLO twice: in clear, then again inside TLS, and sent its mail only after that.
        #expect(try server.events("ehlo").map { $0["tls"] as? Bool } == [false, true])
        #expect(try server.events("rcpt").map { $0["data_waiting"] as? Bool } == Array(repeating: pipelining, count: 3))
    }

    @Test func implicitTLSWithLogin() throws {
        let certificate = try TestCertificate.make()
        let server = try ScriptedSMTPServer(auth: "survey:s3cret", tls: .implicit(certificate))
        let password = try makeTemporaryDirectory().appendingPathComponent("password")
        try Data("s3cret\n".utf8).write(to: password)
        let url = "smtps://127.0.0.1:\(server.port)"
        let acceptances = try send(
            url,
            tls: .required,
            ca: certificate.certificate,
            username: "survey",
            password: password
        )
        #expect(acceptances.count == 3 && acceptances.allSatisfy { $0.code == 250 })
        #expect(try server.events("auth").map { $0["ok"] as? Bool } == [true])
        #expect(try server.events("ehlo").map { $0["tls"] as? Bool } == [true])
    }

    @Test func aCertificateNotSignedByTheConfiguredCAIsRefused() throws {
        let certificate = try TestCertificate.make()
        let other = try TestCertificate.make()
        let server = try ScriptedSMTPServer(tls: .starttls(certificate))
        let error = try #require(throws: SMTPError.self) {
            _ = try send(server.url, tls: .required, ca: other.certificate, count: 1)
        }
        #expect(error.description.contains("TLS handshake"), "\(error)")
        #expect(!error.isPermanent)
        #expect(try server.acceptedRecipients().isEmpty)
    }
}
