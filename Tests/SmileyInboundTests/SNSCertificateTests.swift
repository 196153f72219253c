import Foundation
import SmileyTestSNS
import Testing

@testable import SmileyInbound

/// What the SNS signing certificate must be (``SNSSigningCertificate``): valid when the message was published and
/// now, issued to `sns.amazonaws.com` (or the SNS host it came from), not self-signed, not a CA, and, when its file
/// holds a chain, each certificate issued by the next. Certificates are made in the test by ``TestSNSAuthority``.
@Suite("SNS signing certificate")
struct SNSCertificateTests {
    static let now = SNSWebhookTests.now

    /// The answer to a notification signed by `sns` at `time`, its certificate file being `file` (its PEM alone
    /// by default).
    static func verify(_ sns: TestSNS, file: String? = nil, at time: Date = now - 30) throws -> InboundWebhookError? {
        let fetcher = TestFetcher([TestSNS.certificateURL: Array((file ?? sns.pem).utf8)])
        let body = try sns.envelope(message: try SNSWebhookTests.receipt(), at: time)
        let request = TestSNS.request(body)
        let credential = SNSWebhookTests.verifier(fetcher)
        do throws(InboundWebhookError) {
            _ = try InboundProvider.ses.delivery(from: request, credential: credential, now: now)
            return nil
        } catch {
            return error
        }
    }

    @Test("issued by a CA to sns.amazonaws.com, alone or with its CA in the file: accepted")
    func goodCertificates() throws {
        let sns = TestSNS.shared
        #expect(try Self.verify(sns) == nil)
        #expect(try Self.verify(sns, file: sns.pem + sns.authority.authorityPEM) == nil)
        // A certificate named after the regional host it is served from is SNS's too.
        let regional = try TestSNS(subject: "sns.eu-west-1.amazonaws.com")
        #expect(try Self.verify(regional) == nil)
    }

    @Test("expired now, or not yet valid when the message was published: 401")
    func validityAtBothTimes() throws {
        let expired = try TestSNS(notValidAfter: Self.now - 10, subject: "sns.amazonaws.com")
        // Published while the certificate was valid; it is not now.
        let late = try #require(try Self.verify(expired, at: Self.now - 60))
        #expect(late.httpStatus == 401 && late.description.contains("not now"))
        let young = try TestSNS(notValidBefore: Self.now - 10, subject: "sns.amazonaws.com")
        let early = try #require(try Self.verify(young, at: Self.now - 60))
        #expect(early.httpStatus == 401 && early.description.contains("when the message was published"))
        #expect(try Self.verify(young, at: Self.now - 5) == nil)
    }

    @Test("issued to another name, self-signed, a CA certificate, a chain that does not hold: 401")
    func refusedCertificates() throws {
        let other = try #require(try Self.verify(try TestSNS(subject: "sns.example.com")))
        #expect(other.httpStatus == 401 && other.description.contains("not an SNS signing certificate"))
        let lookalike = try #require(try Self.verify(try TestSNS(subject: "sns.amazonaws.com.example.net")))
        #expect(lookalike.httpStatus == 401)
        let selfSigned = try #require(try Self.verify(try TestSNS(subject: "sns.amazonaws.com", issuer: .itself)))
        #expect(selfSigned.httpStatus == 401 && selfSigned.description.contains("self-signed"))
        let ca = try #require(try Self.verify(try TestSNS(subject: "sns.amazonaws.com", issuer: .authorityAsCA)))
        #expect(ca.httpStatus == 401 && ca.description.contains("CA certificate"))
        let sns = TestSNS.shared
        let broken = try #require(try Self.verify(sns, file: sns.pem + sns.authority.impostorPEM))
        #expect(broken.httpStatus == 401 && broken.description.contains("broken"))
    }

    @Test("a kept certificate is checked again for each message's time")
    func cachedCertificateRechecked() throws {
        let young = try TestSNS(notValidBefore: Self.now - 10, subject: "sns.amazonaws.com")
        let fetcher = TestFetcher(sns: young)
        let credential = SNSWebhookTests.verifier(fetcher)
        let receipt = try SNSWebhookTests.receipt()
        _ = try InboundProvider.ses.delivery(
            from: TestSNS.request(try young.envelope(message: receipt, at: Self.now - 5)),
            credential: credential,
            now: Self.now
        )
        let error = #expect(throws: InboundWebhookError.self) {
            try InboundProvider.ses.delivery(
                from: TestSNS.request(try young.envelope(message: receipt, at: Self.now - 60)),
                credential: credential,
                now: Self.now
            )
        }
        #expect(error?.httpStatus == 401)
        #expect(fetcher.fetched == [TestSNS.certificateURL])
    }
}
