import ArgumentParser
import SmileyWorkflows

extension Smiley {
    /// `smiley preview`: one survey email as HTML, text, .eml and screenshots.
    struct Preview: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Render one survey email to files: HTML, text, the whole .eml, and PNG screenshots (light and dark) when Chromium is installed.",
            discussion: """
                With --all: every scale, language and variant of the survey, rendered with the templates 'send' \
                uses, into one folder with an index.html gallery (and light and dark screenshots of each when \
                Chromium is installed): the page to open after changing templates.
                """
        )

        @OptionGroup var global: GlobalOptions

        @Option(help: "The survey id from smiley.json.")
        var survey: String

        @Option(help: "Render for the row of --recipients with this address.")
        var recipient: String?

        @Option(help: "Render for the N-th data row of --recipients (1 is the first row after the header).")
        var row: Int?

        @Option(help: "The recipient list (CSV) that --recipient and --row look in.")
        var recipients: String?

        @Option(help: "The language to render in (overrides the recipient's).")
        var locale: String?

        @Option(help: "The folder to write to.")
        var out = "preview"

        @Flag(help: "Do not take screenshots even when Chromium is installed.")
        var noScreenshots = false

        @Flag(
            help:
                "Render every scale × language × variant (survey, reminder) into --out with an index.html gallery; with --locale, that language only."
        )
        var all = false

        func validate() throws {
            if recipient != nil && row != nil { throw ValidationError("Give --recipient or --row, not both.") }
            if (recipient != nil || row != nil) && recipients == nil {
                throw ValidationError("--recipient and --row need --recipients FILE.csv.")
            }
            if let row, row < 1 { throw ValidationError("--row counts from 1.") }
        }

        func run() async throws {
            try await runReportingErrors {
                let installation = try global.installation()
                let subject: PreviewWorkflow.Subject
                if let recipient, let recipients {
                    subject = .address(recipient, csv: recipients)
                } else if let row, let recipients {
                    subject = .row(row, csv: recipients)
                } else {
                    subject = .sample
                }
                if all {
                    let gallery = try PreviewWorkflow.runAll(
                        installation: installation,
                        surveyID: survey,
                        subject: subject,
                        locales: locale.map { [$0] },
                        outputDirectory: out,
                        screenshots: !noScreenshots
                    )
                    for email in gallery.emails { print(email) }
                    print(gallery.index)
                    if let note = gallery.screenshotNote { printError("smiley: \(note)") }
                    return
                }
                let result = try PreviewWorkflow.run(
                    installation: installation,
                    surveyID: survey,
                    subject: subject,
                    locale: locale,
                    outputDirectory: out,
                    screenshots: !noScreenshots
                )
                for file in result.files { print(file) }
                if let note = result.screenshotNote { printError("smiley: \(note)") }
            }
        }
    }
}
