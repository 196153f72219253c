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
            if let value, Self.day(value) == nil { throw ValidationError("\(name) takes a date as YYYY-MM-DD, not '\(value)'.") }
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
            discussion: "Only survey replies count (not auto-replies or bounces); a person's latest rating per ticket replaces earlier ones."
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var period: PeriodOptions
        @Option(help: "Group rows by 'agent' or 'survey'.")
        var by = "agent"
        @Option(help: "table or json.")
        var format: RecordsWorkflow.Format = .table

        func run() async throws {
            try await runReportingErrors {
                print(try RecordsWorkflow.report(installation: try global.installation(), surveyID: period.survey,
                                                 from: period.since.flatMap(PeriodOptions.day), until: period.until.flatMap(PeriodOptions.day),
                                                 by: by, format: format))
            }
        }
    }

    /// `smiley export`.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the stored feedback records as CSV (default), JSON, or a table for the terminal.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var period: PeriodOptions
        @Option(help: "csv, json or table.")
        var format: RecordsWorkflow.Format = .csv

        func run() async throws {
            try await runReportingErrors {
                print(try RecordsWorkflow.export(installation: try global.installation(), surveyID: period.survey,
                                                 from: period.since.flatMap(PeriodOptions.day), until: period.until.flatMap(PeriodOptions.day),
                                                 format: format), terminator: "")
            }
        }
    }

    /// `smiley access`.
    struct Access: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print every record about one address as JSON (data-subject access).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The person's email address.")
        var email: String

        func run() async throws {
            try await runReportingErrors { print(try RecordsWorkflow.access(installation: try global.installation(), email: email)) }
        }
    }

    /// `smiley erase`.
    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete every record about one address (right to erasure); the suppression list keeps the address so they are not surveyed again."
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The person's email address.")
        var email: String

        func run() async throws {
            try await runReportingErrors {
                let count = try RecordsWorkflow.erase(installation: try global.installation(), email: email)
                print("Erased \(count) record(s) about \(email).")
            }
        }
    }

    /// `smiley prune`.
    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete records older than a number of days (retention).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Delete records received more than this many days ago.")
        var olderThan: Int

        func validate() throws { if olderThan < 1 { throw ValidationError("--older-than must be at least 1 day.") } }

        func run() async throws {
            try await runReportingErrors {
                let count = try RecordsWorkflow.prune(installation: try global.installation(), olderThanDays: olderThan)
                print("Deleted \(count) record(s) older than \(olderThan) days.")
            }
        }
    }
}
