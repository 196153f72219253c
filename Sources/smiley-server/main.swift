import ArgumentParser
import Foundation
import Logging
import SmileyCore
import SmileyServer
import SmileyWorkflows

/// `smiley-server`: the web side, in its own executable so that the per-message `smiley ingest` never loads
/// SwiftNIO. `smiley serve` runs it with the same arguments.
@main
struct SmileyServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smiley serve",
        abstract: "Serve rating links, the comment page and one-click unsubscribe over HTTP.",
        discussion: """
            Listens on the address and port of smiley.json's "server" section (default 127.0.0.1:8080); put a \
            reverse proxy with TLS in front. Stops on SIGTERM or SIGINT after finishing the requests under way.
            """
    )

    @Option(name: .long, help: "The configuration file.")
    var config: String = ProcessInfo.processInfo.environment["SMILEY_CONFIG"] ?? "smiley.json"

    @Option(name: .long, help: "Listen on this address instead of the configured one.")
    var host: String?

    @Option(name: .long, help: "Listen on this port instead of the configured one (0: any free port).")
    var port: Int?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func run() async throws {
        let installation: Installation
        let templates: String
        do {
            installation = try Installation.load(configPath: config)
            templates = try installation.requireBuiltInTemplates()
        } catch {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            throw ExitCode(error.exitCode)
        }
        var settings = installation.config.server ?? .init()
        if let host { settings.host = host }
        if let port { settings.port = port }
        let level = Logger.Level(rawValue: logLevel) ?? .info
        let logger = Logger(label: "smiley.serve") { ServerLogHandler(label: $0, level: level) }
        do {
            let server = try WebServer(
                installation: installation,
                builtInTemplates: templates,
                settings: settings,
                logger: logger
            )
            try await server.run()
        } catch let error as ServerError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(78)
        }
    }
}
