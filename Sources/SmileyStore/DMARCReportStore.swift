public import Foundation

/// Keeps DMARC aggregate reports, one file per report: `<data>/dmarc/<sha256 of org and report id>.json`.
///
/// The store does not know the report's shape (it is parsed in `SmileyInbound`): it keeps any `Codable` report
/// inside a ``StoredDMARCReport`` envelope that names the reporting organization, the report id and when it was
/// received. Naming the file by the organization and report id makes storing idempotent: a reporter's second copy
/// of the same report is a duplicate, written once. Files are written like records (temporary file, `fsync`,
/// `link`, directory `fsync`). Reports describe sending servers and domains, not people: ``DataStore/access(email:)``
/// and erasure leave them alone; ``DataStore/prune(_:now:dryRun:)`` removes them by ``RetentionPolicy/dmarc``.
public struct DMARCReportStore: Sendable {
    /// The folder, `<data>/dmarc`; created on first save.
    public let directory: String
    /// Whether files and the folder are `fsync`ed (keep `true` outside tests).
    public let synchronizes: Bool

    /// Creates a store over a folder.
    public init(directory: String, synchronizes: Bool = true) {
        self.directory = directory.removingTrailingSlashes
        self.synchronizes = synchronizes
    }

    /// The file name of a report: the SHA-256 of its organization and id, so any characters are safe.
    public static func fileName(organization: String, reportID: String) -> String {
        SHA256.hex(Array((organization + "\n" + reportID).utf8)) + ".json"
    }

    /// Stores a report unless one with the same organization and id is stored already.
    /// - Parameters:
    ///   - report: the parsed report.
    ///   - organization: the reporting organization (`org_name`).
    ///   - reportID: the reporter's report id.
    ///   - receivedAt: when the report's message arrived.
    /// - Returns: the file name and `.stored` or `.duplicate`.
    @discardableResult
    public func save<Report: Encodable & Sendable>(
        _ report: Report,
        organization: String,
        reportID: String,
        receivedAt: Date
    ) throws(StoreError) -> (fileName: String, outcome: SaveOutcome) {
        let name = Self.fileName(organization: organization, reportID: reportID)
        let stored = StoredDMARCReport(
            organization: organization,
            reportID: reportID,
            receivedAt: receivedAt,
            report: report
        )
        let bytes = try StoreJSON.encode(stored, path: directory + "/" + name)
        try System.makeDirectories(directory, synchronize: synchronizes)
        let outcome = try DurableFile.create(bytes, directory: directory, name: name, synchronize: synchronizes)
        return (name, outcome)
    }

    /// Every stored report, oldest received first; damaged files are named in `unreadable` and skipped.
    public func reports<Report: Decodable & Sendable>(
        as type: Report.Type,
        unreadable: inout [String]
    ) throws(StoreError) -> [StoredDMARCReport<Report>] {
        var result: [StoredDMARCReport<Report>] = []
        for name in try fileNames() {
            let path = directory + "/" + name
            do throws(StoreError) {
                guard let bytes = try System.readFile(path) else { continue }
                result.append(try StoreJSON.decode(StoredDMARCReport<Report>.self, from: bytes, path: path))
            } catch  where !error.isTransient {
                unreadable.append(error.description)
            }
        }
        return result.sorted { ($0.receivedAt, $0.reportID) < ($1.receivedAt, $1.reportID) }
    }

    /// Removes the reports received before `cutoff`; returns how many (would) go.
    func prune(before cutoff: Date, dryRun: Bool, unreadable: inout [String]) throws(StoreError) -> Int {
        var removed = 0
        for stored in try reports(as: Skipped.self, unreadable: &unreadable) where stored.receivedAt < cutoff {
            let name = Self.fileName(organization: stored.organization, reportID: stored.reportID)
            if dryRun {
                removed += 1
            } else if try System.remove(directory + "/" + name) {
                removed += 1
            }
        }
        if synchronizes, removed > 0, !dryRun { try System.synchronizeDirectory(directory) }
        return removed
    }

    /// The report files' names.
    private func fileNames() throws(StoreError) -> [String] {
        try System.listDirectory(directory).filter { !$0.hasPrefix(".") && $0.hasSuffix(".json") }.sorted()
    }

    /// A report read only for its envelope (retention).
    private struct Skipped: Decodable, Sendable {}
}

/// One stored DMARC report and its envelope.
public struct StoredDMARCReport<Report: Sendable>: Sendable {
    /// The schema version of the envelope; `1`.
    public var schemaVersion: Int
    /// The reporting organization.
    public var organization: String
    /// The reporter's report id.
    public var reportID: String
    /// When the report's message arrived, in whole seconds.
    public var receivedAt: Date
    /// The report.
    public var report: Report

    /// Creates an envelope; `receivedAt` is truncated to whole seconds.
    public init(organization: String, reportID: String, receivedAt: Date, report: Report) {
        self.schemaVersion = 1
        self.organization = organization
        self.reportID = reportID
        self.receivedAt = Date(timeIntervalSince1970: receivedAt.timeIntervalSince1970.rounded(.down))
        self.report = report
    }
}

extension StoredDMARCReport: Encodable where Report: Encodable {}
extension StoredDMARCReport: Decodable where Report: Decodable {}
