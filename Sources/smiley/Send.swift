public import ArgumentParser
import Foundation
import SmileyMail
import SmileyWorkflows

extension Smiley {
    /// `smiley send`: deliver a survey to a recipient list.
    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a survey to every row of a CSV recipient list, exactly once each; re-run to resume.",
            discussion: """
                Messages go to the outbox folder (smiley.json's outboxDirectory) unless --to names an SMTP server:
                  --to outbox:DIR | smtp://HOST[:PORT] | smtps://HOST[:PORT]
                The password is read from --password-env VAR or --password-file FILE, never from the command line.
                Every outcome is journaled in the data folder; running the same command again skips recipients
                already accepted. Exit status 0 when every recipient was accepted or skipped for a reason, 1 when
                some failed or were given up, 75 when the send had to stop (re-run to resume).
                """
        )

        @OptionGroup var global: GlobalOptions

        @Option(help: "The survey id from smiley.json.")
        var survey: String?

        @Option(help: "The recipient list (CSV with a header row).")
        var recipients: String?

        @Option(
            parsing: .singleValue,
            help: "Rename a CSV column onto a known field, e.g. --map 'E-Mail=email' (repeatable)."
        )
        var map: [String] = []

        @Option(help: "outbox:DIR, smtp://HOST[:PORT] or smtps://HOST[:PORT] (default: outbox:<outboxDirectory>).")
        var to: String?

        @Flag(help: "Write to the outbox instead of sending, whatever --to says.")
        var dryRun = false

        @Option(help: "STARTTLS for smtp://: required (default except on loopback), opportunistic, off.")
        var starttls: SMTPConfiguration.TLS?

        @Option(help: "SMTP user name for AUTH.")
        var user: String?

        @Option(help: "The environment variable holding the SMTP password.")
        var passwordEnv: String?

        @Option(help: "A file holding the SMTP password.")
        var passwordFile: String?

        @Option(help: "SMTP AUTH mechanism: PLAIN or LOGIN.")
        var auth: SMTPConfiguration.AuthMechanism = .plain

        @Option(help: "Parallel SMTP connections.")
        var connections = 1

        @Option(help: "At most N messages per second, written N or N/s.")
        var rate: String?

        @Option(help: "Seconds to wait for the server to answer a connection.")
        var connectTimeout = 10

        @Option(help: "The journal file (default: derived from survey and recipient list, so re-runs resume).")
        var journal: String?

        @Flag(help: "Resume the send (the same as running the same command again).")
        var resume = false

        @Flag(
            help:
                "Send one reminder (its own words) to recipients of the earlier send of this list who have not answered after reminderAfterDays."
        )
        var remind = false

        @Option(help: "Print the summary of an earlier send's journal and exit.")
        var status: String?

        func validate() throws {
            if status != nil { return }
            guard survey != nil, recipients != nil else {
                throw ValidationError("--survey and --recipients are required (or --status JOURNAL).")
            }
            guard (1...64).contains(connections) else { throw ValidationError("--connections must be 1 to 64.") }
            if let rate, parsedRate(rate) == nil {
                throw ValidationError("--rate takes a positive number of messages per second, e.g. 20 or 20/s.")
            }
            if passwordEnv != nil && passwordFile != nil {
                throw ValidationError("Give --password-env or --password-file, not both.")
            }
        }

        private func parsedRate(_ text: String) -> Double? {
            let number = text.hasSuffix("/s") ? String(text.dropLast(2)) : text
            guard let value = Double(number), value > 0 else { return nil }
            return value
        }

        func run() async throws {
            let logger = global.bootstrapLogging()
            try await runReportingErrors {
                if let status {
                    let summary = try SendStatusWorkflow.summary(journalPath: status)
                    print(summary)
                    return
                }
                let installation = try global.installation()
                var destination = SendWorkflow.Destination.outbox(installation.outboxDirectory)
                if let to, !dryRun {
                    if to.hasPrefix("outbox:") {
                        destination = .outbox(String(to.dropFirst("outbox:".count)))
                    } else if to.hasPrefix("smtp://") || to.hasPrefix("smtps://") {
                        let password: SMTPConfiguration.PasswordSource? =
                            passwordEnv.map { .environment($0) } ?? passwordFile.map { .file($0) }
                        destination = .smtp(
                            SMTPConfiguration(
                                url: to,
                                tls: starttls,
                                username: user,
                                password: password,
                                authMechanism: auth,
                                timeout: .init(connect: .seconds(connectTimeout))
                            )
                        )
                    } else {
                        throw WorkflowError("--to '\(to)' must start with outbox:, smtp:// or smtps://", exitCode: 64)
                    }
                }
                var request = SendWorkflow.Request(
                    surveyID: survey!,
                    recipientsPath: recipients!,
                    destination: destination
                )
                request.connections = connections
                request.rate = rate.flatMap(parsedRate)
                request.journalPath = journal
                request.variant = remind ? "reminder" : "survey"
                for entry in map {
                    let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
                    guard parts.count == 2 else {
                        throw WorkflowError("--map '\(entry)' must be COLUMN=FIELD", exitCode: 64)
                    }
                    request.columnMap[parts[0]] = parts[1]
                }
                let bar = ProgressDisplay(total: SendWorkflow.estimateRows(path: recipients!))
                let result = try await SendWorkflow.run(
                    installation: installation,
                    request: request,
                    logger: logger,
                    progress: { bar.update($0) }
                )
                bar.finish()
                print(SendSummary.render(result))
                if result.report.failed + result.report.gaveUp > 0 { throw ExitCode(1) }
            }
        }
    }
}

extension SMTPConfiguration.TLS: ExpressibleByArgument {}
extension SMTPConfiguration.AuthMechanism: ExpressibleByArgument {}
