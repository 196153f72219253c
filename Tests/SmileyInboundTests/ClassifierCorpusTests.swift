import Foundation
import SmileyInbound
import Testing

/// The sisimai set of emails (674 real bounces, complaints, auto-replies and non-bounces): classification
/// rates measured over every file, with the misses we accept listed in ``knownMisses``.
@Suite("Classifier on the sisimai corpus")
struct ClassifierCorpusTests {
    static let root = "corpus/sisimai-set-of-emails"
    static let files = ClassifierFixtures.allFiles(under: root)

    /// Files whose expected kind is not the one their folder implies, and why.
    static let expectedOverrides: [String: (MessageKind, String)] = [
        "maildir/bsd/lhost-amazonses-11.eml": (.feedbackReport, "an SES Complaint notification, not a bounce"),
        "maildir/not/rb-issue-368-bug.eml": (
            .bounce,
            "a postmaster's \"email bounce notification\" (mailbox full, Return-Path <>); upstream files it with the non-bounces only because sisimai failed to parse it (issue 368)"
        ),
        "mailbox/size-0": (.unknown, "an empty file"),
        "mailbox/size-1": (.unknown, "a one-byte file"),
        "mailbox/size-2": (.unknown, "a three-byte file"),
    ]

    /// Files that do not get their expected kind or a recipient address, on purpose or for want of a rule.
    static let knownMisses: [String: String] = [
        "maildir/bsd/lhost-sendmail-14.eml":
            "a person (shironeko@example.jp) forwarding a bounce with \"Fwd:\": from a person, so a reply",
        "maildir/err/make-test-36.eml":
            "a person forwarding a bounce with \"Fwd:\" (same message as lhost-sendmail-14): a reply",
        "maildir/bsd/lhost-kddi-02.eml":
            "au (KDDI) notice with Subject \"Mail\" from no-reply@: only the body (\"Could not be delivered to\") says bounce, and one clue is not enough (a person's reply could say as much)",
        "maildir/bsd/lhost-kddi-03.eml": "same au (KDDI) format as lhost-kddi-02: one clue only",
        "maildir/bsd/lhost-fml-02.eml":
            "fml mailing-list notice \"You … are not member\": a list refusing a post, from the list admin, no delivery failure words",
        "maildir/bsd/lhost-fml-03.eml":
            "fml mailing-list \"Loop Alert: Duplicated Message-ID\": a list's loop warning, not a delivery failure",
    ]

    /// Complaints that name no recipient anywhere (the reporter removed them), so none can be extracted.
    static let complaintsWithoutRecipient: [String: String] = [
        "maildir/bsd/arf-11.eml":
            "no Original-Rcpt-To; the attached original is addressed to \"<Undisclosed Recipients>\"",
        "maildir/bsd/arf-15.eml": "no Original-Rcpt-To; the attached original is addressed to \"undisclosed\"",
    ]

    /// The kind a corpus file should get: from its folder and name, or ``expectedOverrides``.
    static func expectedKind(_ relative: String) -> MessageKind {
        if let override = expectedOverrides[relative] { return override.0 }
        let name = relative.split(separator: "/").last.map(String.init) ?? relative
        if name.hasPrefix("arf-") { return .feedbackReport }
        if name.hasPrefix("rfc3834-") { return .autoReply }
        if relative.hasPrefix("maildir/not/") { return .reply }
        return .bounce
    }

    struct Outcome {
        let file: String
        let expected: MessageKind
        let result: Classification
    }

    static func outcomes() throws -> [Outcome] {
        try files.map { path in
            let relative = String(path.dropFirst(root.count + 1))
            return Outcome(
                file: relative,
                expected: expectedKind(relative),
                result: try ClassifierFixtures.classify(path)
            )
        }
    }

    @Test("the corpus is there (674 files)")
    func corpusPresent() {
        #expect(
            Self.files.count == 674,
            "found \(Self.files.count) files under \(ClassifierFixtures.shared.path)/\(Self.root)"
        )
    }

    @Test("≥ 95% of the bounce files are bounces and ≥ 90% of those name a recipient")
    func bounceRates() throws {
        let all = try Self.outcomes().filter { $0.expected == .bounce }
        try #require(all.count > 600, "only \(all.count) bounce files")
        let bounces = all.filter { $0.result.kind == .bounce }
        let withAddress = bounces.filter { !($0.result.bounce?.addresses.isEmpty ?? true) }
        let permanent = bounces.filter { $0.result.bounce?.isPermanent == true }
        let kindRate = Double(bounces.count) / Double(all.count)
        let addressRate = Double(withAddress.count) / Double(max(bounces.count, 1))
        print(
            "bounce files: \(all.count); classified bounce: \(bounces.count) (\(percent(kindRate))); "
                + "with a recipient address: \(withAddress.count) (\(percent(addressRate))); permanent: \(permanent.count)"
        )
        var formats: [String: Int] = [:]
        for outcome in bounces { formats[outcome.result.bounce?.format ?? "-", default: 0] += 1 }
        print(
            "formats: " + formats.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        )

        let missedKind = all.filter { $0.result.kind != .bounce && Self.knownMisses[$0.file] == nil }
        print(
            "not classified as bounce and not in knownMisses: "
                + missedKind.map { "\($0.file) (\($0.result.kind))" }.joined(separator: ", ")
        )
        if kindRate < 0.95 {
            let list = missedKind.map { "\($0.file): \($0.result.kind) \($0.result.reasons)" }.joined(separator: "\n")
            Issue.record("only \(percent(kindRate)) classified as bounce; unexpected misses:\n\(list)")
        }
        let missedAddress = bounces.filter {
            ($0.result.bounce?.addresses.isEmpty ?? true) && Self.knownMisses[$0.file] == nil
        }
        if addressRate < 0.90 {
            let list = missedAddress.map {
                "\($0.file): \($0.result.bounce?.format ?? "-") \($0.result.bounce?.recipients ?? [])"
            }.joined(separator: "\n")
            Issue.record("only \(percent(addressRate)) of bounces name a recipient; misses:\n\(list)")
        }
    }

    @Test("complaints, auto-replies, non-bounces and empty files all get their kind")
    func otherKinds() throws {
        let others = try Self.outcomes().filter { $0.expected != .bounce }
        try #require(others.count >= 25, "only \(others.count) non-bounce files")
        for outcome in others where Self.knownMisses[outcome.file] == nil {
            #expect(
                outcome.result.kind == outcome.expected,
                "\(outcome.file): expected \(outcome.expected), got \(outcome.result.kind) \(outcome.result.reasons)"
            )
        }
        let complaints = others.filter { $0.expected == .feedbackReport && $0.result.kind == .feedbackReport }
        let named = complaints.filter { !($0.result.bounce?.addresses.isEmpty ?? true) }
        print("complaints: \(complaints.count), naming an address: \(named.count)")
        for complaint in complaints {
            let hasAddress = !(complaint.result.bounce?.addresses.isEmpty ?? true)
            #expect(
                hasAddress == (Self.complaintsWithoutRecipient[complaint.file] == nil),
                "\(complaint.file): recipients \(complaint.result.bounce?.recipients ?? [])"
            )
        }
    }

    @Test("the known misses still miss (otherwise remove them from the list)")
    func knownMissesAreCurrent() throws {
        let byFile = Dictionary(try Self.outcomes().map { ($0.file, $0) }, uniquingKeysWith: { first, _ in first })
        for (file, reason) in Self.knownMisses {
            let outcome = try #require(byFile[file], "\(file) is not in the corpus")
            let hit =
                outcome.result.kind == outcome.expected
                && (outcome.expected != .bounce || !(outcome.result.bounce?.addresses.isEmpty ?? true))
            #expect(!hit, "\(file) is now classified as expected; remove it from knownMisses (\(reason))")
        }
    }

    /// Python's stdlib saw these Content-Types; every `report-type=delivery-status` must be a bounce with a
    /// recipient and every `feedback-report` a complaint.
    @Test("every report Python saw is classified by its report type")
    func reportTypesAgreeWithPython() throws {
        let url = ClassifierFixtures.shared.appendingPathComponent("corpus/expected/sisimai-set-of-emails.jsonl")
        let data = try #require(FileManager.default.contents(atPath: url.path), "\(url.path) is missing")
        var checked = 0
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            guard let type = object["report_type"] as? String, let file = object["file"] as? String else { continue }
            let result = try ClassifierFixtures.classify("corpus/" + file)
            switch type {
            case "delivery-status":
                #expect(result.kind == .bounce, "\(file): \(result.kind)")
                #expect(
                    !(result.bounce?.addresses.isEmpty ?? true),
                    "\(file): no recipient; \(result.bounce?.recipients ?? [])"
                )
            case "feedback-report":
                #expect(result.kind == .feedbackReport, "\(file): \(result.kind)")
            default:
                continue
            }
            checked += 1
        }
        #expect(checked >= 370, "only \(checked) reports in the expectations")
    }

    private func percent(_ value: Double) -> String {
        String(format: "%.1f%%", value * 100)
    }
}
