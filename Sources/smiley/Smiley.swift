import ArgumentParser

/// The `smiley` command: send customer-satisfaction surveys and record the answers.
@main
struct Smiley: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smiley",
        abstract: "Customer-satisfaction surveys by email: send, collect replies, report."
    )
}
