import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `smiley serve`: runs `smiley-server`, the web side, which is a program of its own so that the relay's
/// `smiley ingest`, started once per message, never loads SwiftNIO and Hummingbird (see the README, "Architecture").
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve rating links, the comment page and one-click unsubscribe over HTTP.",
        discussion: """
            Listens on smiley.json's "server" section (default 127.0.0.1:8080); put a reverse proxy with TLS in \
            front. Stops on SIGTERM or SIGINT after finishing the requests under way. Runs the smiley-server \
            program installed beside smiley.
            """
    )

    @Option(name: .long, help: "The configuration file (default: $SMILEY_CONFIG or ./smiley.json).")
    var config: String?

    @Option(name: .long, help: "Listen on this address instead of the configured one.")
    var host: String?

    @Option(name: .long, help: "Listen on this port instead of the configured one (0: any free port).")
    var port: Int?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func run() throws {
        var arguments = ["--config", GlobalOptions.configPath(config), "--log-level", logLevel]
        if let host { arguments += ["--host", host] }
        if let port { arguments += ["--port", String(port)] }
        guard let server = Self.locateServer() else {
            printError(
                "smiley: the smiley-server program was not found beside smiley; reinstall the package, or build it with 'swift build --product smiley-server'."
            )
            throw ExitCode(69)
        }
        let argv = ([server] + arguments).map { strdup($0) } + [nil]
        execv(server, argv)
        printError("smiley: could not start \(server): \(String(cString: strerror(errno)))")
        throw ExitCode(71)
    }

    /// `smiley-server` in the folder of the running `smiley` (the package and `swift build` put both there).
    static func locateServer() -> String? {
        guard let executable = Bundle.main.executablePath else { return nil }
        let candidate = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("smiley-server").path
        return access(candidate, X_OK) == 0 ? candidate : nil
    }
}
