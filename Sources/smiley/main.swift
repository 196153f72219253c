import Dispatch
import Foundation

// A mail relay starts `smiley ingest` once per message, so its start-up matters: the plain forms
// (`ingest` with only --config, --recipient and --max-size) run directly, without ArgumentParser's reflection
// of every command; everything else (help, other options, errors in the arguments) goes through ArgumentParser.
if let ingest = FastIngest(arguments: CommandLine.arguments) {
    ingest.run()
}
// Everything else: ArgumentParser's async main, on the concurrency runtime (it exits when the command ends).
Task {
    await Smiley.runAsRoot()
    exit(0)
}
dispatchMain()
