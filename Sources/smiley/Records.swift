public import ArgumentParser
import Foundation
import SmileyWorkflows

extension RecordsWorkflow.Format: ExpressibleByArgument {}

/// Date filters shared by `report` and `export`.
struct PeriodOptions: ParsableArguments {
    @Option(help: "Only this survey.")
    var survey: String?

    @Option(help: "From this day (YYYY-MM-DD, inclusive).")
    var since: String?

    @Option(help: "Until this day (YYYY-MM-DD, exclusive).")
    var until: String?

    func validate() throws {
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, Self.day(value) == nil {
                throw ValidationError("\(name) takes a date as YYYY-MM-DD, not '\(value)'.")
            }
        }
    }

    static func day(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.date(from: text)
    }
}

extension Smiley {
    /// `smiley report`.
    struct ReportCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Net CSAT (% positive − % negative), CSAT % and NPS, overall and per agent or survey.",
            discussion:
                "Only survey replies count (not auto-replies or bounces); a person's latest rating per ticket replaces earlier ones.",
            subcommands: [Deliverability.self]
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var period: PeriodOptions
        @Option(help: "Group rows by 'agent' or 'survey'.")
        var by = "agent"
        @Option(help: "table or json.")
        var format: RecordsWorkflow.Format = .table

        func run() async throws {
            try await runReportingErrors {
                print(
                    try RecordsWorkflow.report(
                        installation: try global.installation(),
                        surveyID: period.survey,
                        from: period.since.flatMap(PeriodOptions.day),
                        until: period.until.flatMap(PeriodOptions.day),
                        by: by,
                        format: format
                    )
                )
            }
        }
    }

    /// `smiley export`.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the stored feedback records as CSV (default), JSON, or a table for the terminal."
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var period: PeriodOptions
        @Option(help: "csv, json or table.")
        var format: RecordsWorkflow.Format = .csv

        func run() async throws {
            try await runReportingErrors {
                print(
                    try RecordsWorkflow.export(
                        installation: try global.installation(),
                        surveyID: period.survey,
                        from: period.since.flatMap(PeriodOptions.day),
                        until: period.until.flatMap(PeriodOptions.day),
                        format: format
                    ),
                    terminator: ""
                )
            }
        }
    }

    /// `smiley access`.
    struct Access: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print everything held about one address as JSON (data-subject access and portability).",
            discussion:
                "Records, sent-index entries, send-journal lines, suppression state, quarantined messages from or to the address, and outbox messages. Damaged files are listed under 'unreadable' and skipped."
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The person's email address.")
        var email: String

        func run() async throws {
            try await runReportingErrors {
                print(try RecordsWorkflow.access(installation: try global.installation(), email: email))
            }
        }
    }

    /// `smiley erase`.
    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase everything about one address (right to erasure).",
            discussion:
                "Records keep their rating and time for reports, without identity or comment; sent-index entries, journal lines, quarantined and outbox messages about the address are removed. The address stays on the suppression list only as a keyed hash, so the person is never surveyed again."
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The person's email address.")
        var email: String

        func run() async throws {
            try await runReportingErrors {
                let report = try RecordsWorkflow.erase(installation: try global.installation(), email: email)
                print(report.summary(for: email))
                for file in report.skipped { printError("skipped: \(file)") }
            }
        }
    }

    /// `smiley prune`.
    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete what is older than its retention period, for every kind of stored file.",
            discussion:
                "Periods come from 'retention' in smiley.json (records 730 days, sent index and journals 365, quarantine and outbox 30, suppression list kept, by default); --older-than uses one period for every kind but the suppression list."
        )
        @OptionGroup var global: GlobalOptions
        @Option(help: "Use this many days for every kind (but the suppression list) instead of smiley.json's periods.")
        var olderThan: Int?
        @Flag(help: "Report what would be deleted; delete nothing.")
        var dryRun = false

        func validate() throws {
            if let olderThan, olderThan < 1 { throw ValidationError("--older-than must be at least 1 day.") }
        }

        func run() async throws {
            try await runReportingErrors {
                let report = try RecordsWorkflow.prune(
                    installation: try global.installation(),
                    olderThanDays: olderThan,
                    dryRun: dryRun
                )
                print(report.summary(dryRun: dryRun))
                for file in report.skipped { printError("skipped: \(file)") }
            }
        }
    }
}
