public import Foundation
import SmileyCore
public import SmileyStore

/// Reports, exports, and the data-protection duties (access, erasure, retention) over the stored records.
public enum RecordsWorkflow {
    /// How to print a report or export.
    public enum Format: String, Sendable, CaseIterable {
        /// An aligned text table (reports) — the default.
        case table
        /// JSON.
        case json
        /// CSV (RFC 4180, formulas neutralised for spreadsheets).
        case csv
    }

    /// `smiley report`: Net CSAT, CSAT % and NPS, overall and per agent or survey.
    /// - Parameters:
    ///   - by: `agent` or `survey`.
    ///   - from: the first day counted (inclusive); `until`: the first day no longer counted.
    public static func report(
        installation: Installation,
        surveyID: String?,
        from: Date?,
        until: Date?,
        by: String,
        format: Format
    ) throws(WorkflowError) -> String {
        let records = try load(installation, RecordQuery(surveyID: surveyID, from: from, until: until))
        let report = Report(
            records: records,
            from: from,
            until: until,
            clickRule: ClickRule(settings: installation.config.server ?? ServerSettings())
        )
        switch format {
        case .table, .csv:
            let grouping = Report.Grouping(rawValue: by) ?? .agent
            return report.table(by: grouping).description
        case .json:
            return try encode(report)
        }
    }

    /// `smiley export`: every record matching the filters, as CSV or JSON.
    public static func export(
        installation: Installation,
        surveyID: String?,
        from: Date?,
        until: Date?,
        format: Format
    ) throws(WorkflowError) -> String {
        let records = try load(installation, RecordQuery(surveyID: surveyID, from: from, until: until))
        if format == .json {
            do { return String(decoding: try RecordExport.json(records), as: UTF8.self) } catch {
                throw WorkflowError(error)
            }
        }
        if format == .table { return table(records) }
        return RecordExport.csv(records)
    }

    /// One line per record for a terminal: when, who, what kind, rating, and the comment shortened.
    static func table(_ records: [FeedbackRecord]) -> String {
        let formatter = ISO8601DateFormatter()
        let header = ["received", "email", "agent", "kind", "source", "rating", "comment"]
        let rows = records.sorted { $0.receivedAt < $1.receivedAt }.map { record -> [String] in
            var comment =
                (record.comment ?? record.bounce.map { "bounce \($0.statusCode) \($0.diagnostic ?? "")" } ?? "")
                .split(whereSeparator: \.isNewline).joined(separator: " ")
            if comment.count > 48 { comment = String(comment.prefix(47)) + "…" }
            return [
                formatter.string(from: record.receivedAt), record.recipientEmail?.description ?? "-",
                record.agent.isEmpty ? "-" : record.agent,
                record.classification.rawValue, source(record), record.rating?.code ?? "-", comment,
            ]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
        return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)).joined(
            separator: "\n"
        ) + "\n"
    }

    /// `reply`, `webhook`, or for a click what confirmed it: `click`, `click (page)`, `click (comment)`, or
    /// `click (unconfirmed)` — the last counts only as ``ClickRule`` says.
    static func source(_ record: FeedbackRecord) -> String {
        switch record.confirmation {
        case nil: record.source.rawValue
        case .provisional: "click (unconfirmed)"
        case .interaction: "click (page)"
        case .comment: "click (comment)"
        }
    }

    /// `smiley access EMAIL`: everything held about one person — records, sent-index entries, journal lines,
    /// suppression state, quarantined and outbox messages — as one JSON document (GDPR art. 15 and 20).
    public static func access(installation: Installation, email: String) throws(WorkflowError) -> String {
        let address = try parse(email)
        let data = try stored(permanent: ExitStatus.dataError) { () throws(StoreError) in
            try installation.store().access(email: address)
        }
        return try encode(data)
    }

    /// `smiley erase EMAIL`: removes or anonymizes everything about one person (GDPR art. 17) and keeps their
    /// address on the suppression list as a keyed hash, so they are never surveyed again.
    public static func erase(
        installation: Installation,
        email: String,
        now: Date = Date()
    ) throws(WorkflowError) -> ErasureReport {
        let address = try parse(email)
        return try stored(permanent: ExitStatus.dataError) { () throws(StoreError) in
            try installation.store().erase(email: address, now: now)
        }
    }

    /// `smiley prune`: applies the retention periods of `smiley.json` (or `--older-than DAYS` for every kind but
    /// the suppression list) to every kind of stored file.
    public static func prune(
        installation: Installation,
        olderThanDays days: Int?,
        dryRun: Bool = false,
        now: Date = Date()
    ) throws(WorkflowError) -> PruneReport {
        let policy = days.map(RetentionPolicy.uniform(days:)) ?? installation.config.retention
        return try stored(permanent: ExitStatus.dataError) { () throws(StoreError) in
            try installation.store().prune(policy, now: now, dryRun: dryRun)
        }
    }

    private static func store(_ installation: Installation) -> JSONFileStore {
        installation.store().records
    }

    private static func load(
        _ installation: Installation,
        _ query: RecordQuery
    ) throws(WorkflowError) -> [FeedbackRecord] {
        do { return try store(installation).records(matching: query) } catch { throw WorkflowError(error) }
    }

    private static func parse(_ email: String) throws(WorkflowError) -> EmailAddress {
        do { return try EmailAddress(email) } catch {
            throw WorkflowError(error.description, exitCode: ExitStatus.usage)
        }
    }

    private static func encode(_ value: some Encodable) throws(WorkflowError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        do { return String(decoding: try encoder.encode(value), as: UTF8.self) } catch {
            throw WorkflowError("cannot encode the report: \(error)")
        }
    }
}

extension ErasureReport {
    /// What `smiley erase` prints.
    public func summary(for email: String) -> String {
        guard foundAnything else {
            return "Nothing was stored about \(email); it is now on the suppression list (as a keyed hash)."
        }
        return "Erased \(email): \(recordsAnonymized) record(s) anonymized, \(sentEntriesRemoved) sent-index "
            + "entr\(sentEntriesRemoved == 1 ? "y" : "ies"), \(journalLinesRemoved) journal line(s), "
            + "\(quarantinedRemoved) quarantined and \(outboxRemoved) outbox message(s)"
            + (triggersRemoved > 0 ? ", \(triggersRemoved) queued trigger(s)" : "")
            + " removed; suppressed as a keyed hash."
    }

    /// Damaged files that were skipped, one line each.
    public var skipped: [String] { unreadable }
}

extension PruneReport {
    /// What `smiley prune` prints.
    public func summary(dryRun: Bool) -> String {
        "\(dryRun ? "Would delete" : "Deleted"): \(records) record(s), \(sentEntries) sent-index "
            + "entr\(sentEntries == 1 ? "y" : "ies"), \(journals) journal(s), \(quarantined) quarantined and "
            + "\(outbox) outbox message(s), \(suppressionEntries) suppression entr\(suppressionEntries == 1 ? "y" : "ies"), "
            + "\(dmarcReports) DMARC report(s)."
    }

    /// Damaged files that were skipped, one line each.
    public var skipped: [String] { unreadable }
}
