public import Foundation
public import SmileyCore

/// What ``DataStore/prune(_:now:dryRun:)`` removed (or, in a dry run, would remove), kind by kind.
public struct PruneReport: Sendable, Encodable, Hashable {
    /// Feedback records.
    public var records = 0
    /// Sent-index entries.
    public var sentEntries = 0
    /// Send journals (whole files).
    public var journals = 0
    /// Quarantined messages.
    public var quarantined = 0
    /// Outbox files.
    public var outbox = 0
    /// Suppression-list entries.
    public var suppressionEntries = 0
    /// DMARC aggregate reports.
    public var dmarcReports = 0
    /// Files that could not be read and were skipped.
    public var unreadable: [String] = []
}

extension DataStore {
    /// Applies a retention policy to every kind of file, holding the store's exclusive lock: each kind loses what
    /// is older than its period (kinds without one are kept). Records, quarantined messages and sent-index entries
    /// are dated by their own fields, journals and outbox files by their last change, suppression entries by when
    /// they were added. Temporary files left by crashed writers go too.
    /// - Parameters:
    ///   - policy: Days per kind.
    ///   - now: The time periods count back from.
    ///   - dryRun: Count what would go, remove nothing.
    public func prune(
        _ policy: RetentionPolicy,
        now: Date = Date(),
        dryRun: Bool = false
    ) throws(StoreError) -> PruneReport {
        let lock = try lock(exclusive: true, patient: true)
        defer { withExtendedLifetime(lock) {} }
        if !dryRun { try migrate() }
        var report = PruneReport()
        func cutoff(_ days: Int?) -> Date? { days.map { now.addingTimeInterval(-Double($0) * 86_400) } }
        let sync = configuration.synchronizes

        if let before = cutoff(policy.records) {
            let files = try records.recordFilesSkippingDamaged(into: &report.unreadable)
            report.records = try records.remove(files, dryRun: dryRun) { $0.receivedAt < before }
        }
        if let before = cutoff(policy.sent) {
            if dryRun {
                report.sentEntries = try sentIndex.entries().filter { $0.entry.sentAt < before }.count
            } else {
                report.sentEntries = try sentIndex.rewrite(synchronize: sync) { $0.entry.sentAt < before }.count
            }
        }
        if let before = cutoff(policy.journals) {
            report.journals = try removeFiles(try journalFiles(), olderThan: before, dryRun: dryRun)
        }
        if let before = cutoff(policy.quarantine) {
            for entry in try quarantine.entriesSkippingDamaged(into: &report.unreadable) where entry.receivedAt < before
            {
                if dryRun {
                    report.quarantined += 1
                    continue
                }
                if try quarantine.remove(sha256: entry.sha256) { report.quarantined += 1 }
            }
        }
        if let before = cutoff(policy.outbox) {
            report.outbox = try removeFiles(
                try outbox.fileNames().map { outbox.directory + "/" + $0 },
                olderThan: before,
                dryRun: dryRun
            )
        }
        if let before = cutoff(policy.suppression) {
            let list = suppressionList
            report.suppressionEntries = try list.load().entries.filter { $0.at < before }.count
            if !dryRun, report.suppressionEntries > 0 { try list.rewrite(removing: { $0.at < before }) }
        }
        if let before = cutoff(policy.dmarc) {
            report.dmarcReports = try dmarcReports.prune(before: before, dryRun: dryRun, unreadable: &report.unreadable)
        }
        if !dryRun { try removeTemporaryFiles(now: now) }
        return report
    }

    /// Removes the files last changed before `cutoff`; returns how many (would) go.
    private func removeFiles(_ paths: [String], olderThan cutoff: Date, dryRun: Bool) throws(StoreError) -> Int {
        var count = 0
        var touched: Set<String> = []
        for path in paths {
            guard let modified = try System.modificationTime(path), modified < cutoff.timeIntervalSince1970 else {
                continue
            }
            if dryRun {
                count += 1
                continue
            }
            if try System.remove(path) {
                count += 1
                touched.insert(System.parent(of: path))
            }
        }
        if configuration.synchronizes { for folder in touched.sorted() { try System.synchronizeDirectory(folder) } }
        return count
    }
}
