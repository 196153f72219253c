import ArgumentParser
import Foundation
import Logging
import SmileyWorkflows

/// `smiley ingest [--config PATH] [--recipient ADDRESS] [--max-size BYTES]` read without ArgumentParser, with
/// the same effect as ``Smiley/Ingest``: the same logging, errors on standard error and exit codes. Any other
/// argument, a repeated option, a missing or empty value, a value starting with `-` or a size that is not a
/// positive number makes the fast path decline, and ArgumentParser reads (and reports) the arguments instead.
struct FastIngest {
    private(set) var config: String?
    private(set) var recipient: String?
    private(set) var maxSize = IngestWorkflow.defaultMaximumBytes

    /// The parsed command line, or nil when it is not a plain single-message ingest.
    /// - Parameters:
    ///   - arguments: The whole command line, program name first.
    init?(arguments: [String]) {
        guard arguments.count >= 2, arguments[1] == "ingest" else { return nil }
        var seen: [String] = []  // not a Set: see SmileyConfig.parse
        var index = 2
        while index < arguments.count {
            let argument = arguments[index]
            let name: String
            let value: String
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
                index += 1
            } else {
                guard index + 1 < arguments.count else { return nil }
                name = argument
                value = arguments[index + 1]
                index += 2
            }
            guard !value.isEmpty, !value.hasPrefix("-"), !seen.contains(name) else { return nil }
            seen.append(name)
            switch name {
            case "--config": config = value
            case "--recipient": recipient = value
            case "--max-size":
                guard let size = Int(value), size >= 1 else { return nil }
                maxSize = size
            default: return nil
            }
        }
    }

    /// Ingests standard input and exits with the code `Smiley.Ingest` would. Synchronous on the calling thread: a
    /// relay's per-message process starts no threads and no concurrency runtime.
    func run() -> Never {
        let logger = GlobalOptions.standardErrorLogger(verbose: false)
        do {
            let installation = try Installation.load(configPath: GlobalOptions.configPath(config))
            try ingestStandardInput(
                installation: installation,
                recipient: recipient,
                maximumBytes: maxSize,
                logger: logger
            )
        } catch {
            printError("smiley: \(error.message)")
            exit(error.exitCode)
        }
        exit(0)
    }
}
