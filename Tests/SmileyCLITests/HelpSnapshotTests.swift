// Snapshot tests of the CLI's help texts, compared with Tests/SmileyCLITests/Snapshots/*.txt.
// When a help text changes on purpose, re-record the snapshots and review the diff before committing:
//     SMILEY_RECORD_SNAPSHOTS=1 swift test --filter SmileyCLITests.HelpSnapshotTests
// Help is rendered with COLUMNS=100 so the wrapping does not depend on the terminal the tests run in.
import Foundation
import Testing

@Suite("help snapshots")
struct HelpSnapshotTests {
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Snapshots"
    )

    @Test(
        "help text matches its snapshot",
        arguments: [
            (["--help"], "smiley-help.txt"),
            (["send", "--help"], "smiley-send-help.txt"),
            (["report", "deliverability", "--help"], "smiley-report-deliverability-help.txt"),
            (["templates", "check", "--help"], "smiley-templates-check-help.txt"),
            (["templates", "copy", "--help"], "smiley-templates-copy-help.txt"),
            (["preview", "--help"], "smiley-preview-help.txt"),
        ]
    )
    func helpSnapshot(_ arguments: [String], _ file: String) async throws {
        let folder = try Workspace()
        let result = try await smiley(arguments, in: folder.root, environment: ["COLUMNS": "100"])
        #expect(result.status == 0 && !result.signaled, "\(result)")
        #expect(result.err.isEmpty, "help goes to stdout: \(result)")
        let snapshot = Self.snapshots.appendingPathComponent(file)
        if ProcessInfo.processInfo.environment["SMILEY_RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: Self.snapshots, withIntermediateDirectories: true)
            try result.stdout.write(to: snapshot)
            return
        }
        guard let expected = FileManager.default.contents(atPath: snapshot.path) else {
            Issue.record("\(snapshot.path) is missing; record it with SMILEY_RECORD_SNAPSHOTS=1")
            return
        }
        let actual = result.out
        let wanted = String(decoding: expected, as: UTF8.self)
        if actual != wanted {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let w = wanted.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(a, w).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, w.count)
            Issue.record(
                """
                `smiley \(arguments.joined(separator: " "))` differs from \(file) at line \(first + 1):
                  snapshot: \(first < w.count ? String(w[first]) : "<end>")
                  actual:   \(first < a.count ? String(a[first]) : "<end>")
                Re-record with SMILEY_RECORD_SNAPSHOTS=1 if the change is intended.
                """
            )
        }
    }
}
