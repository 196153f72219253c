public import Foundation
public import SmileyInbound
import SmileyStore

/// `smiley report deliverability`: what the DMARC aggregate reports stored by `smiley ingest` say about the mail
/// sent in the installation's name, per sending IP address and day.
public enum DeliverabilityWorkflow {
    /// One sending source on one day, summed over every stored report.
    public struct Row: Sendable, Hashable, Encodable {
        /// The UTC day the report's period begins, `YYYY-MM-DD`.
        public var day: String
        /// The sending server's IP address.
        public var sourceIP: String
        /// Messages the reporters saw.
        public var messages = 0
        /// Messages whose DKIM result was DMARC-aligned and passed (`policy_evaluated/dkim` = `pass`).
        public var dkimPass = 0
        /// Messages whose aligned DKIM did not pass (or was not reported).
        public var dkimFail = 0
        /// Messages whose SPF result was DMARC-aligned and passed.
        public var spfPass = 0
        /// Messages whose aligned SPF did not pass (or was not reported).
        public var spfFail = 0
        /// Messages delivered normally (disposition `none`, or `pass` in the 2.0 schema).
        public var delivered = 0
        /// Messages the receiver quarantined (spam folder).
        public var quarantined = 0
        /// Messages the receiver rejected.
        public var rejected = 0

        /// Adds one report record.
        mutating func add(_ record: DMARCReport.Record) {
            messages += record.count
            if record.dkim == .pass { dkimPass += record.count } else { dkimFail += record.count }
            if record.spf == .pass { spfPass += record.count } else { spfFail += record.count }
            switch record.disposition {
            case .quarantine: quarantined += record.count
            case .reject: rejected += record.count
            default: delivered += record.count
            }
        }
    }

    /// The summary: rows by day, then IP address.
    public struct Summary: Sendable, Encodable {
        /// How many stored reports were read.
        public var reports: Int
        /// One row per day and source IP.
        public var rows: [Row]
        /// Report files that could not be read and were skipped.
        public var unreadable: [String]
    }

    /// Sums the stored DMARC reports per source IP and day.
    /// - Parameters:
    ///   - installation: the installation whose `data/dmarc/` is read.
    ///   - from: the first day counted (inclusive), by the report period's start; `until`: the first day no
    ///     longer counted.
    /// - Throws: ``WorkflowError`` when the folder cannot be read.
    public static func summary(installation: Installation, from: Date?, until: Date?) throws(WorkflowError) -> Summary {
        var unreadable: [String] = []
        let stored: [StoredDMARCReport<DMARCReport>]
        do {
            stored = try installation.store(synchronize: false).dmarcReports.reports(
                as: DMARCReport.self,
                unreadable: &unreadable
            )
        } catch {
            throw WorkflowError("the DMARC reports could not be read: \(error.description)")
        }
        var rows: [String: Row] = [:]
        var counted = 0
        for entry in stored {
            let begin = entry.report.metadata.begin
            if let from, begin < from { continue }
            if let until, begin >= until { continue }
            counted += 1
            let day = Self.day(begin)
            for record in entry.report.records {
                let key = day + " " + record.sourceIP
                rows[key, default: Row(day: day, sourceIP: record.sourceIP)].add(record)
            }
        }
        return Summary(
            reports: counted,
            rows: rows.values.sorted { ($0.day, $0.sourceIP) < ($1.day, $1.sourceIP) },
            unreadable: unreadable
        )
    }

    /// The summary as text: an aligned table (`table`) or JSON (`json`).
    public static func render(_ summary: Summary, format: RecordsWorkflow.Format) throws(WorkflowError) -> String {
        switch format {
        case .json, .csv:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            guard let data = try? encoder.encode(summary) else { throw WorkflowError("could not encode the summary") }
            return String(decoding: data, as: UTF8.self)
        case .table:
            let table = ReportTable(
                title: "Deliverability from \(summary.reports) DMARC aggregate report(s), per day and sending IP",
                header: [
                    "Day", "Source IP", "Messages", "DKIM pass", "DKIM fail", "SPF pass", "SPF fail", "Delivered",
                    "Quarantined", "Rejected",
                ],
                rows: summary.rows.map {
                    [
                        $0.day, $0.sourceIP, "\($0.messages)", "\($0.dkimPass)", "\($0.dkimFail)", "\($0.spfPass)",
                        "\($0.spfFail)", "\($0.delivered)", "\($0.quarantined)", "\($0.rejected)",
                    ]
                }
            )
            var text = table.description
            if summary.rows.isEmpty {
                text +=
                    "No DMARC reports stored: publish a DMARC record with rua= pointing at the reply mailbox "
                    + "that `smiley ingest` reads.\n"
            }
            for line in summary.unreadable { text += "skipped: \(line)\n" }
            return text.hasSuffix("\n") ? String(text.dropLast()) : text
        }
    }

    private static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }
}
