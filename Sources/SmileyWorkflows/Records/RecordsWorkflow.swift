public import Foundation
import SmileyCore
import SmileyStore

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
    public static func report(installation: Installation, surveyID: String?, from: Date?, until: Date?, by: String,
                              format: Format) throws(WorkflowError) -> String {
        let records = try load(installation, RecordQuery(surveyID: surveyID, from: from, until: until))
        let report = Report(records: records, from: from, until: until)
        switch format {
        case .table, .csv:
            let grouping = Report.Grouping(rawValue: by) ?? .agent
            return report.table(by: grouping).description
        case .json:
            return try encode(report)
        }
    }

    /// `smiley export`: every record matching the filters, as CSV or JSON.
    public static func export(installation: Installation, surveyID: String?, from: Date?, until: Date?,
                              format: Format) throws(WorkflowError) -> String {
        let records = try load(installation, RecordQuery(surveyID: surveyID, from: from, until: until))
        if format == .json {
            do { return String(decoding: try RecordExport.json(records), as: UTF8.self) } catch { throw mapped(error) }
        }
        if format == .table { return table(records) }
        return RecordExport.csv(records)
    }

    /// One line per record for a terminal: when, who, what kind, rating, and the comment shortened.
    static func table(_ records: [FeedbackRecord]) -> String {
        let formatter = ISO8601DateFormatter()
        let header = ["received", "email", "agent", "kind", "rating", "comment"]
        let rows = records.sorted { $0.receivedAt < $1.receivedAt }.map { record -> [String] in
            var comment = (record.comment ?? record.bounce.map { "bounce \($0.statusCode) \($0.diagnostic ?? "")" } ?? "")
                .split(whereSeparator: \.isNewline).joined(separator: " ")
            if comment.count > 48 { comment = String(comment.prefix(47)) + "…" }
            return [formatter.string(from: record.receivedAt), record.recipientEmail?.description ?? "-", record.agent.isEmpty ? "-" : record.agent,
                    record.classification.rawValue, record.rating?.code ?? "-", comment]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
        return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)).joined(separator: "\n") + "\n"
    }

    /// `smiley access EMAIL`: every record about one person, as JSON (GDPR art. 15).
    public static func access(installation: Installation, email: String) throws(WorkflowError) -> String {
        let address = try parse(email)
        do {
            let records = try store(installation).records(forEmail: address)
            return String(decoding: try RecordExport.json(records), as: UTF8.self)
        } catch { throw mapped(error) }
    }

    /// `smiley erase EMAIL`: deletes every record about one person (GDPR art. 17); the address stays on the
    /// suppression list, if it is there, so they are not surveyed again. Returns how many records were removed.
    public static func erase(installation: Installation, email: String) throws(WorkflowError) -> Int {
        let address = try parse(email)
        do { return try store(installation).erase(email: address) } catch { throw mapped(error) }
    }

    /// `smiley prune --older-than DAYS`: deletes records received more than `days` days ago (retention).
    public static func prune(installation: Installation, olderThanDays days: Int, now: Date = Date()) throws(WorkflowError) -> Int {
        do { return try store(installation).prune(olderThan: now.addingTimeInterval(-Double(days) * 86_400)) } catch { throw mapped(error) }
    }

    private static func store(_ installation: Installation) -> JSONFileStore {
        JSONFileStore(configuration: .init(directory: URL(fileURLWithPath: installation.dataDirectory)))
    }

    private static func load(_ installation: Installation, _ query: RecordQuery) throws(WorkflowError) -> [FeedbackRecord] {
        do { return try store(installation).records(matching: query) } catch { throw mapped(error) }
    }

    private static func parse(_ email: String) throws(WorkflowError) -> EmailAddress {
        do { return try EmailAddress(email) } catch { throw WorkflowError(error.description, exitCode: ExitStatus.usage) }
    }

    private static func encode(_ value: some Encodable) throws(WorkflowError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        do { return String(decoding: try encoder.encode(value), as: UTF8.self) } catch {
            throw WorkflowError("cannot encode the report: \(error)")
        }
    }

    private static func mapped(_ error: StoreError) -> WorkflowError {
        WorkflowError(error.description, exitCode: error.isTransient ? ExitStatus.temporaryFailure : ExitStatus.dataError)
    }
}
