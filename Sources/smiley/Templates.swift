import ArgumentParser
import Foundation
import SmileyWorkflows

extension Smiley {
    /// `smiley templates`: work with template sets.
    struct Templates: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the templates that will be sent; copy built-in ones to change them.",
            subcommands: [Check.self, Copy.self]
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

        /// `smiley templates copy FILE… [--to DIR] [--set NAME]`, `smiley templates copy --list`.
        struct Copy: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Copy files of the built-in templates into the override folder, to change them there.",
                discussion: """
                    Copies each FILE (a name inside the set, such as partials/footer.html.mustache or \
                    locales/de.json; a folder such as web copies every file below it) from the built-in set into \
                    DIR/SET/, creating the folders. Never overwrites: when any copy exists already, nothing is \
                    copied (exit 73). Every file you do not copy keeps coming from the built-in set, and a copied \
                    locale file needs only the words you change. Then edit the copies, run 'smiley templates check' \
                    and 'smiley preview --survey S --all'.
                    """
            )

            @OptionGroup var global: GlobalOptions

            @Argument(help: "Files (or folders) of the built-in set to copy, e.g. partials/footer.html.mustache.")
            var files: [String] = []

            @Option(help: "The override folder to copy into (default: templatesDirectory of smiley.json).")
            var to: String?

            @Option(help: "The template set.")
            var set = "default"

            @Flag(help: "List the files of the built-in set instead of copying.")
            var list = false

            func validate() throws {
                if list && !files.isEmpty { throw ValidationError("Give FILE… or --list, not both.") }
                if !list && files.isEmpty {
                    throw ValidationError(
                        "Name the files to copy, e.g. partials/footer.html.mustache (--list lists them)."
                    )
                }
            }

            func run() async throws {
                try await runReportingErrors {
                    if list {
                        for name in try TemplateCopyWorkflow.list(templateSet: set) { print(name) }
                        return
                    }
                    let folder: String
                    if let to {
                        folder = to
                    } else if let configured = try global.installation().overrideTemplatesDirectory {
                        folder = configured
                    } else {
                        throw WorkflowError.configuration(
                            "\(global.configPath) names no templatesDirectory to copy into. Add \"templatesDirectory\": \"my-templates\" to it, or pass --to DIR."
                        )
                    }
                    for copy in try TemplateCopyWorkflow.run(names: files, templateSet: set, to: folder) {
                        print(copy.destination)
                    }
                }
            }
        }
    }
}
