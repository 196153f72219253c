import ArgumentParser
import SmileyWorkflows

extension Smiley {
    /// `smiley init`: creates a configuration and a secret.
    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create smiley.json with an example survey and a new random secret (mode 0600).",
            discussion: "Never overwrites: an existing smiley.json or smiley.secret is an error."
        )

        @Option(help: "The folder to create the configuration in.")
        var directory = "."

        @Option(help: "The sender's display name.")
        var fromName = "Support"

        @Option(help: "The sender's address.")
        var from = "support@example.com"

        @Option(help: "The domain that receives replies (feedback+TOKEN@DOMAIN).")
        var replyDomain = "reply.example.com"

        func run() async throws {
            try await runReportingErrors {
                let result = try InitWorkflow.run(
                    directory: directory,
                    fromName: fromName,
                    fromAddress: from,
                    replyDomain: replyDomain
                )
                print("Created \(result.configPath) and \(result.secretPath) (readable only by you).")
                print(
                    "Edit the survey in \(result.configPath), then try: smiley preview --config \(result.configPath) --survey support"
                )
            }
        }
    }
}
