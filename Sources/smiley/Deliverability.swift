import ArgumentParser
import Foundation
import SmileyWorkflows

extension Smiley.ReportCommand {
    /// `smiley report deliverability`.
    struct Deliverability: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per sending IP and day: messages, DMARC-aligned DKIM and SPF pass/fail, and dispositions.",
            discussion:
                "Read from the DMARC aggregate reports `smiley ingest` stored (publish rua= pointing at the reply mailbox). Days are the UTC start of each report's period."
        )
        @OptionGroup var global: GlobalOptions
        // The same group as `smiley report`'s, so `--since` and `--until` reach this command too (ArgumentParser
        // gives a subcommand the values of an option group its parent declares).
        @OptionGroup var period: PeriodOptions
        @Option(help: "table or json.")
        var format: RecordsWorkflow.Format = .table
        @Flag(help: "Same as --format json.")
        var json = false

        func validate() throws {
            if period.survey != nil {
                throw ValidationError(
                    "--survey does not apply: DMARC reports count all mail sent in the domain's name."
                )
            }
            if format == .csv { throw ValidationError("--format takes table or json here, not csv.") }
        }

        func run() async throws {
            try await runReportingErrors {
                let summary = try DeliverabilityWorkflow.summary(
                    installation: try global.installation(),
                    from: period.since.flatMap(PeriodOptions.day),
                    until: period.until.flatMap(PeriodOptions.day)
                )
                print(try DeliverabilityWorkflow.render(summary, format: json ? .json : format))
            }
        }
    }
}
