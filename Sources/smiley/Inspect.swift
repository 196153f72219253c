import ArgumentParser
import Foundation
import SmileyWorkflows

extension Smiley {
    /// `smiley inspect`: what ingest would make of one message, as JSON, storing nothing.
    struct Inspect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print, as JSON, what ingest would make of one message, without storing anything.",
            discussion:
                "Decoded headers, the chosen body, the reply text, comment, rating, classification with its reasons, and parser warnings."
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The message file (default: standard input).")
        var file: String?

        @Flag(help: "Treat the input as a bare reply text with no headers.")
        var body = false

        @Option(help: "The envelope recipient, as ingest would get it.")
        var recipient: String?

        @Option(help: "The survey whose scale and language to read a bare --body with.")
        var survey: String?

        func run() async throws {
            _ = global.bootstrapLogging()
            try await runReportingErrors {
                let bytes: [UInt8]
                if let file {
                    guard let data = FileManager.default.contents(atPath: file) else {
                        throw WorkflowError.file(file, "cannot be read", exitCode: 66)
                    }
                    bytes = Array(data)
                } else {
                    bytes = try readStandardInput()
                }
                let installation = try? global.installation()
                let json = try InspectWorkflow.run(
                    installation: installation,
                    bytes: bytes,
                    bareBody: body,
                    envelopeRecipient: recipient,
                    surveyID: survey
                )
                print(json)
            }
        }
    }
}
