import Foundation
import SmileyMIME
import Testing

/// The real-world corpus: every message parses, and our reading agrees with Python's on the fields that
/// matter (From/To addresses, Subject, Message-ID, Date, text body) for almost all messages.
@Suite("Parsing: real-world corpus")
struct CorpusTests {
    /// Share of messages (not listed in ``KnownDifferences``) that must agree fully, per folder.
    static let requiredAgreement = 0.97

    @Test(arguments: CorpusExpectation.folders)
    func folderAgreesWithPython(_ folder: String) throws {
        let expectations = try CorpusExpectation.load(folder: folder)
        #expect(expectations.count > 5, "too few messages in \(folder)")
        var agreeing = 0
        var considered = 0
        var report: [String] = []
        for expected in expectations {
            guard let data = FileManager.default.contents(atPath: expected.url.path) else {
                Issue.record("cannot read \(expected.url.path)")
                continue
            }
            let message = ParsedMessage.parse(Array(data))
            let differences = CorpusComparison.differences(expected, message)
            if let known = KnownDifferences.files[expected.file] {
                #expect(
                    !differences.isEmpty,
                    "\(expected.file) is listed as a known difference (\(known)) but now agrees: remove it from the list"
                )
                continue
            }
            considered += 1
            if differences.isEmpty {
                agreeing += 1
            } else {
                report.append(expected.file + "\n    " + differences.joined(separator: "\n    "))
            }
        }
        let rate = Double(agreeing) / Double(max(considered, 1))
        print(
            "AGREEMENT \(folder): \(agreeing)/\(considered) = \(String(format: "%.1f", rate * 100))% (known differences excluded: \(expectations.count - considered))"
        )
        if !report.isEmpty {
            let reportFile = FileManager.default.temporaryDirectory.appendingPathComponent(
                "smiley-mime-corpus-\(folder).txt"
            )
            try? Data(report.joined(separator: "\n").utf8).write(to: reportFile)
            print("DIFFERENCES \(folder): \(report.count), listed in \(reportFile.path)")
        }
        #expect(
            rate >= Self.requiredAgreement,
            "\(folder): only \(agreeing) of \(considered) messages agree with Python"
        )
    }
}
