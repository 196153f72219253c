// A mail relay starts `smiley ingest` once per message, so its start-up matters: the plain forms
// (`ingest` with only --config, --recipient and --max-size) run directly, without ArgumentParser's reflection
// of every command, synchronously on the main thread before anything is awaited (so no concurrency-runtime
// thread starts); everything else (help, other options, errors in the arguments) goes through ArgumentParser.
// (Not `Task { … }` with `dispatchMain()`: that parks the main thread, and with every worker thread blocking
// SIGINT a Ctrl-C could no longer stop a send.)
if let ingest = FastIngest(arguments: CommandLine.arguments) {
    ingest.run()
}
await Smiley.runAsRoot()
