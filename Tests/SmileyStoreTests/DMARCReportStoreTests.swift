import Foundation
import SmileyCore
import SmileyStore
import Testing

/// `data/dmarc/`: a report stored once per organization and report id, read back, and pruned by its own period.
@Suite("DMARC report store")
struct DMARCReportStoreTests {
    struct Report: Codable, Sendable, Equatable {
        var rows: [String]
    }

    static func store(_ scratch: ScratchDirectory) -> DataStore { makeDataStore(scratch) }

    @Test("the same organization and report id are stored once; another id is another file")
    func idempotent() throws {
        let scratch = try ScratchDirectory()
        let reports = Self.store(scratch).dmarcReports
        let now = Date(timeIntervalSince1970: 1_700_000_000.7)
        let first = try reports.save(Report(rows: ["a"]), organization: "google.com", reportID: "1", receivedAt: now)
        #expect(first.outcome == .stored)
        let again = try reports.save(Report(rows: ["b"]), organization: "google.com", reportID: "1", receivedAt: now)
        #expect(again.outcome == .duplicate)
        #expect(again.fileName == first.fileName)
        try reports.save(Report(rows: ["c"]), organization: "google.com", reportID: "2", receivedAt: now)
        var unreadable: [String] = []
        let stored = try reports.reports(as: Report.self, unreadable: &unreadable)
        #expect(stored.map(\.reportID) == ["1", "2"])
        #expect(stored[0].report == Report(rows: ["a"]))
        #expect(stored[0].receivedAt == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(unreadable.isEmpty)
        #expect(FileManager.default.fileExists(atPath: scratch.path + "/data/dmarc/" + first.fileName))
    }

    @Test("prune removes reports older than the dmarc period only, and counts them in a dry run")
    func prune() throws {
        let scratch = try ScratchDirectory()
        let store = Self.store(scratch)
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        try store.dmarcReports.save(
            Report(rows: []),
            organization: "o",
            reportID: "old",
            receivedAt: now.addingTimeInterval(-200 * 86_400)
        )
        try store.dmarcReports.save(
            Report(rows: []),
            organization: "o",
            reportID: "new",
            receivedAt: now.addingTimeInterval(-10 * 86_400)
        )
        #expect(try store.prune(RetentionPolicy(dmarc: nil), now: now).dmarcReports == 0)
        #expect(try store.prune(RetentionPolicy(), now: now, dryRun: true).dmarcReports == 1)
        #expect(try store.prune(RetentionPolicy(), now: now).dmarcReports == 1)
        var unreadable: [String] = []
        #expect(try store.dmarcReports.reports(as: Report.self, unreadable: &unreadable).map(\.reportID) == ["new"])
        #expect(RetentionPolicy().dmarc == 180)
        #expect(RetentionPolicy.uniform(days: 7).dmarc == 7)
    }
}
