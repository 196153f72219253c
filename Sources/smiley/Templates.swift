import ArgumentParser
import Foundation
import SmileyWorkflows

extension Smiley {
    /// `smiley templates`: work with template sets.
    struct Templates: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check template sets.",
            subcommands: [Check.self]
        )

        /// `smiley templates check [DIR] [--builtin] [--set NAME]`.
        struct Check: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract:
                    "Check the templates 'send' and 'preview' will use and report problems with file and line; exits 65 on errors.",
                discussion: """
                    Checks the override folder (templatesDirectory in smiley.json, or DIR) merged with the built-in \
                    set file by file, and locale files word by word, exactly as 'send' and 'preview' use them; each \
                    problem names the file that is used, override or built-in. Without DIR: every set a survey in \
                    smiley.json uses.
                    Checks: unknown variables, unclosed sections, missing partials, rating links missing for a scale, \
                    a missing unsubscribe link, HTML libxml2 cannot read cleanly, images without alt text, rendered HTML \
                    over 100 KB (Gmail clips at about 102 KB), an empty text part, files that are not UTF-8; warnings \
                    for words a language lacks (English is used) and override files that are never used.
                    """
            )

            @OptionGroup var global: GlobalOptions

            @Argument(
                help:
                    "An override folder (holding set folders such as 'default') to check in front of the built-in one; default: templatesDirectory of smiley.json."
            )
            var directory: String?

            @Flag(help: "Check the built-in templates alone.")
            var builtin = false

            @Option(help: "The one template set to check (default: every set the surveys use, or the sets in DIR).")
            var set: String?

            func validate() throws {
                if builtin && directory != nil { throw ValidationError("Give DIR or --builtin, not both.") }
            }

            func run() async throws {
                try await runReportingErrors {
                    let target: TemplateCheckWorkflow.Target
                    if builtin {
                        target = .builtIn
                    } else if let directory {
                        target = .folder(directory)
                    } else if FileManager.default.fileExists(atPath: global.configPath) {
                        target = .configured(try global.installation())
                    } else {
                        throw WorkflowError.configuration(
                            "\(global.configPath): not found, so there is no templatesDirectory to check. Pass DIR (an override folder), --builtin for the built-in templates, or --config PATH."
                        )
                    }
                    let report = try TemplateCheckWorkflow.run(target, templateSet: set)
                    for line in report.lines { print(line) }
                    if report.errorCount > 0 { throw ExitCode(65) }
                }
            }
        }
    }
}
