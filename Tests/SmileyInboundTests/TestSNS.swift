import Foundation
import SmileyInbound
import SmileyTestSNS
import Synchronization

/// A stand-in for Amazon SNS in tests: its own RSA key and a certificate its own CA issued, served at an SNS address by a
/// fetcher that never reaches the network, and SNS messages signed the way SNS documents (version 1: RSA-SHA1,
/// version 2: RSA-SHA256, over the type's canonical lines, written out here independently of the code under test).
struct TestSNS: Sendable {
    static let certificateURL = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-test.pem"
    static let topic = "arn:aws:sns:eu-west-1:123456789012:smiley-replies"

    let authority: TestSNSAuthority
    var pem: String { authority.pem }

    /// A key and certificate (valid for a year from now unless told otherwise).
    init(notValidAfter: Date = Date(timeIntervalSinceNow: 365 * 86_400)) throws {
        authority = try TestSNSAuthority(
            notValidBefore: Date(timeIntervalSince1970: 1_000_000_000),
            notValidAfter: notValidAfter
        )
    }

    /// A key and a certificate made as told (see ``TestSNSAuthority``).
    init(
        notValidBefore: Date = Date(timeIntervalSince1970: 1_000_000_000),
        notValidAfter: Date = Date(timeIntervalSinceNow: 365 * 86_400),
        subject: String,
        issuer: TestSNSAuthority.Issuer = .authority
    ) throws {
        authority = try TestSNSAuthority(
            notValidBefore: notValidBefore,
            notValidAfter: notValidAfter,
            subject: subject,
            issuer: issuer
        )
    }

    /// One key and certificate for the whole run (generating an RSA key takes a while).
    static let shared: TestSNS = {
        do { return try TestSNS() } catch { fatalError("cannot make the test SNS key: \(error)") }
    }()

    /// SNS's time format.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// A signed SNS envelope as SNS posts it (the JSON body).
    func envelope(
        type: String = "Notification",
        message: String,
        messageID: String = UUID().uuidString,
        topic: String = TestSNS.topic,
        at time: Date,
        version: String = "1",
        certificateURL: String = TestSNS.certificateURL,
        subject: String? = nil,
        subscribeURL: String = "https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=abc",
        edit: (inout [String: String]) -> Void = { _ in }
    ) throws -> [UInt8] {
        var fields: [String: String] = [
            "Type": type, "MessageId": messageID, "TopicArn": topic, "Message": message,
            "Timestamp": Self.timestamp(time), "SignatureVersion": version, "SigningCertURL": certificateURL,
        ]
        let order: [String]
        if type == "Notification" {
            if let subject { fields["Subject"] = subject }
            order = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
        } else {
            fields["SubscribeURL"] = subscribeURL
            fields["Token"] = "abc"
            order = ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"]
        }
        var canonical = ""
        for name in order { if let value = fields[name] { canonical += "\(name)\n\(value)\n" } }
        fields["Signature"] = try authority.sign(canonical, version: version == "2" ? "2" : "1")
        edit(&fields)
        return Array(try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]))
    }

    /// The request SNS posts.
    static func request(_ body: [UInt8], type: String = "Notification") -> WebhookRequest {
        WebhookRequest(
            headers: [("Content-Type", "text/plain; charset=UTF-8"), ("x-amz-sns-message-type", type)],
            body: body
        )
    }
}

/// A fetcher serving fixed documents by URL and recording what was asked for; anything else fails as a network
/// error would.
final class TestFetcher: WebhookFetcher {
    struct Unreachable: Error, CustomStringConvertible {
        var description: String
    }

    let documents: [String: [UInt8]]
    private let asked = Mutex<[String]>([])

    init(_ documents: [String: [UInt8]]) { self.documents = documents }

    /// The SNS stand-in's certificate at its address, plus any other documents.
    convenience init(sns: TestSNS, extra: [String: [UInt8]] = [:]) {
        self.init(extra.merging([TestSNS.certificateURL: Array(sns.pem.utf8)]) { a, _ in a })
    }

    /// Every URL asked for, in order.
    var fetched: [String] { asked.withLock { $0 } }

    func get(_ url: String) throws -> [UInt8] {
        asked.withLock { $0.append(url) }
        guard let document = documents[url] else { throw Unreachable(description: "\(url): not served") }
        return document
    }
}
