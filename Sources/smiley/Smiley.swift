import ArgumentParser
import Foundation
import Logging
import SmileyCore
import SmileyWorkflows

/// The `smiley` command: send customer-satisfaction surveys and record the answers. (Started from main.swift,
/// which runs the common `smiley ingest` directly; see ``FastIngest``.)
struct Smiley: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smiley",
        abstract:
            "Smiley \(SmileyVersion.current): customer-satisfaction surveys by email: send, collect replies, report.",
        discussion: """
            Configuration is read from --config, else $SMILEY_CONFIG, else ./smiley.json ('smiley init' creates it).
            Exit codes follow sysexits(3): 64 usage, 65 bad data, 66 missing input, 75 try again later, 78 configuration.
            """,
        version: SmileyVersion.current,
        subcommands: [
            Init.self, Preview.self, Templates.self, Send.self, Ingest.self, Inspect.self, ReportCommand.self,
            Export.self, Access.self, Erase.self, Prune.self, Serve.self, Webhook.self, Trigger.self,
        ]
    )
}

/// Options every command that reads the configuration shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The configuration file (default: $SMILEY_CONFIG or ./smiley.json).")
    var config: String?

    @Flag(name: .shortAndLong, help: "Log more detail to standard error.")
    var verbose = false

    /// The configuration path to use.
    var configPath: String {
        Self.configPath(config)
    }

    /// The configuration path for a `--config` value: it, else `$SMILEY_CONFIG`, else `smiley.json`.
    static func configPath(_ config: String?) -> String {
        config ?? ProcessInfo.processInfo.environment["SMILEY_CONFIG"] ?? "smiley.json"
    }

    /// Loads the installation, or exits 78 with the reason on standard error.
    func installation() throws -> Installation {
        try Installation.load(configPath: configPath)
    }

    /// Sends log messages to standard error (standard output is kept for results: a relay may mail it back).
    func bootstrapLogging() -> Logger {
        Self.bootstrapLogging(verbose: verbose)
    }

    /// Sends log messages to standard error, at debug level when `verbose`, else notice.
    static func bootstrapLogging(verbose: Bool) -> Logger {
        LoggingSystem.bootstrap { label in standardErrorHandler(label: label, verbose: verbose) }
        return Logger(label: "smiley")
    }

    /// A logger writing to standard error as ``bootstrapLogging(verbose:)``'s do, without bootstrapping the
    /// logging system: for the relay's per-message `smiley ingest`, which makes no other logger (setting up
    /// swift-log's global factory and metadata provider was about 1.5 % of that process).
    static func standardErrorLogger(verbose: Bool) -> Logger {
        Logger(label: "smiley") { label in standardErrorHandler(label: label, verbose: verbose) }
    }

    /// The handler of both: standard error, at debug level when `verbose`, else notice.
    private static func standardErrorHandler(label: String, verbose: Bool) -> StreamLogHandler {
        var handler = StreamLogHandler.standardError(label: label, metadataProvider: nil)
        handler.logLevel = verbose ? .debug : .notice
        return handler
    }
}

/// Runs a command body, turning ``WorkflowError`` into its message on standard error and its sysexits code.
func runReportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as WorkflowError {
        printError("smiley: \(error.message)")
        throw ExitCode(error.exitCode)
    }
}

/// Writes a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

extension Smiley {
    /// What `@main` did: parse the command line and run the command (`AsyncParsableCommand.main()`; called
    /// from an async function, because in top-level code `Smiley.main()` resolves to the synchronous
    /// `ParsableCommand.main()`, which does not run async commands).
    static func runAsRoot() async {
        await main()
    }
}
