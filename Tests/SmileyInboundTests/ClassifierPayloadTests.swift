import Foundation
import SmileyInbound
import Testing

/// The hand-picked payloads in `$SMILEY_SHARED/payloads`: one bounce per major MTA, RFC 3834 auto-replies,
/// messages that look like bounces but are not, ARF complaints.
@Suite("Classifier on the shared payloads")
struct ClassifierPayloadTests {
    static let dsn = ClassifierFixtures.files("payloads/dsn")
    static let rfc3834 = ClassifierFixtures.files("payloads/autoreply", prefix: "sisimai_rfc3834-")
    static let notBounce = ClassifierFixtures.files("payloads/autoreply", prefix: "sisimai_is-not-bounce-")
    static let arf = ClassifierFixtures.files("payloads/arf")

    @Test("the payload folders are there")
    func foldersPresent() {
        #expect(Self.dsn.count >= 15, "payloads/dsn: \(Self.dsn.count) files under \(ClassifierFixtures.shared.path)")
        #expect(Self.rfc3834.count >= 6, "payloads/autoreply rfc3834: \(Self.rfc3834.count)")
        #expect(Self.notBounce.count >= 2, "payloads/autoreply is-not-bounce: \(Self.notBounce.count)")
        #expect(Self.arf.count >= 7, "payloads/arf: \(Self.arf.count)")
    }

    /// DSN payloads that are not permanent failures, read from their own delivery-status fields: the
    /// classifier must report them as not permanent (suppressing these addresses would be wrong).
    static let notPermanent: [String: String] = [
        "payloads/dsn/sisimai_rfc3464-07.eml": "Action: Delayed, Status: 4.4.0 (a delay warning)",
        "payloads/dsn/sisimai_rfc3464-09.eml":
            "Action: delayed, Status: 4.3.0 (\"Delayed Mail (still being retried)\")",
        "payloads/dsn/sisimai_rfc3464-28.eml": "Action: deliverable, Status: 2.1.5 (a success report)",
    ]

    @Test(
        "every DSN payload is a bounce naming a recipient, permanent unless its status says otherwise",
        arguments: dsn
    )
    func dsnIsBounce(file: String) throws {
        let result = try ClassifierFixtures.classify(file)
        #expect(result.kind == .bounce, "\(file): \(result.kind) \(result.reasons)")
        let report = try #require(result.bounce, "\(file): no report")
        #expect(!report.addresses.isEmpty, "\(file): no recipient address; \(report.recipients)")
        #expect(
            report.isPermanent == (Self.notPermanent[file] == nil),
            "\(file): isPermanent \(report.isPermanent); \(report.recipients)"
        )
        for address in report.addresses {
            #expect(address.contains("@") && !address.contains(" "), "\(file): odd address \(address)")
        }
    }

    @Test("every RFC 3834 payload is an automatic reply", arguments: rfc3834)
    func rfc3834IsAutoReply(file: String) throws {
        let result = try ClassifierFixtures.classify(file)
        #expect(result.kind == .autoReply, "\(file): \(result.kind) \(result.reasons)")
        #expect(result.bounce == nil)
        #expect(!result.reasons.isEmpty)
    }

    /// `is-not-bounce-01` is a person's short note; `-02` a person forwarding a message as an attachment.
    /// Neither carries any automatic marker, so both are replies.
    @Test("the is-not-bounce payloads are replies", arguments: notBounce)
    func notBounceIsReply(file: String) throws {
        let result = try ClassifierFixtures.classify(file)
        #expect(result.kind == .reply, "\(file): \(result.kind) \(result.reasons)")
    }

    @Test("every ARF payload is a feedback report", arguments: arf)
    func arfIsFeedbackReport(file: String) throws {
        let result = try ClassifierFixtures.classify(file)
        #expect(result.kind == .feedbackReport, "\(file): \(result.kind) \(result.reasons)")
        #expect(result.bounce?.format == "arf")
    }
}
