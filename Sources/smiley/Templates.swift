import ArgumentParser
import SmileyWorkflows

extension Smiley {
    /// `smiley templates`: work with template sets.
    struct Templates: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check template sets.",
            subcommands: [Check.self]
        )

        /// `smiley templates check [DIR]`.
        struct Check: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Check a template set and report problems with file and line; exits 65 on errors.",
                discussion: """
                    Checks: unknown variables, unclosed sections, missing partials, rating links missing for a scale, \
                    a missing unsubscribe link, HTML libxml2 cannot read cleanly, images without alt text, rendered HTML \
                    over 100 KB (Gmail clips at about 102 KB), an empty text part, files that are not UTF-8.
                    """
            )

            @Argument(
                help:
                    "A templates folder (holding set folders such as 'default'); default: the configured one, else the built-in one."
            )
            var directory: String?

            @Option(help: "The template set to check.")
            var set = "default"

            func run() async throws {
                try await runReportingErrors {
                    let report = try TemplateCheckWorkflow.run(directory: directory, templateSet: set)
                    for line in report.lines { print(line) }
                    print(report.summary)
                    if report.errorCount > 0 { throw ExitCode(65) }
                }
            }
        }
    }
}
