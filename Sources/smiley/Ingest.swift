import ArgumentParser
import Foundation
import Logging
import SmileyWorkflows

extension Smiley {
    /// `smiley ingest`: the command a mail relay runs once per message.
    struct Ingest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Store a reply, bounce or auto-reply piped in by a mail relay (one raw message on standard input).",
            discussion: """
                Prints nothing on standard output (a relay may mail it back to the sender). Exit status (sysexits): \
                0 stored, duplicate, or quarantined; 75 could not be kept now — the relay keeps the message and retries; \
                64 usage; 78 configuration. Batch back-fills: --mbox FILE or --maildir DIR.
                """
        )

        @OptionGroup var global: GlobalOptions

        @Option(help: "The envelope recipient (Postfix: ${recipient}); searched first for the reply token.")
        var recipient: String?

        @Option(help: "Ingest every message of an mbox file instead of standard input.")
        var mbox: String?

        @Option(help: "Ingest every message of a Maildir (new/ and cur/) instead of standard input.")
        var maildir: String?

        @Option(help: "Messages larger than this many bytes are quarantined unparsed.")
        var maxSize = IngestWorkflow.defaultMaximumBytes

        func validate() throws {
            if mbox != nil && maildir != nil { throw ValidationError("Give --mbox or --maildir, not both.") }
            if maxSize < 1 { throw ValidationError("--max-size must be positive.") }
        }

        func run() async throws {
            let logger = global.bootstrapLogging()
            try await runReportingErrors {
                let installation = try global.installation()
                if mbox != nil || maildir != nil {
                    let messages =
                        try mbox.map { try MailboxReader.mbox(path: $0) } ?? MailboxReader.maildir(path: maildir!)
                    var counts: [String: Int] = [:]
                    for message in messages {
                        let outcome = try IngestWorkflow.run(
                            installation: installation,
                            bytes: try message.read(),
                            maximumBytes: maxSize
                        )
                        counts[outcome.dispositionName + (outcome.duplicate ? " (duplicate)" : ""), default: 0] += 1
                        logger.debug("\(message.name): \(outcome.summary)")
                    }
                    let total = counts.values.reduce(0, +)
                    printError(
                        "smiley: ingested \(total) message(s): "
                            + counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
                    )
                    return
                }
                try ingestStandardInput(
                    installation: installation,
                    recipient: recipient,
                    maximumBytes: maxSize,
                    logger: logger
                )
            }
        }
    }
}

/// The single-message `smiley ingest`: one raw message from standard input through ``IngestWorkflow``, its
/// outcome logged. Shared by ``Smiley/Ingest`` and the start-up fast path (``FastIngest``).
func ingestStandardInput(
    installation: Installation,
    recipient: String?,
    maximumBytes: Int,
    logger: Logger
) throws(WorkflowError) {
    let bytes = try readStandardInput()
    let outcome = try IngestWorkflow.run(
        installation: installation,
        bytes: bytes,
        envelopeRecipient: recipient,
        maximumBytes: maximumBytes
    )
    logger.info("\(outcome.summary)")
}

/// Reads all of standard input as bytes.
/// - Throws: ``WorkflowError`` with exit 75 when the read fails (a broken pipe, an I/O error): what was read may be
///   a truncated message, so nothing is stored and the relay keeps the message and retries.
func readStandardInput() throws(WorkflowError) -> [UInt8] {
    var bytes: [UInt8] = []
    // Not zeroed: a zeroed 64 KB array made the process write (and fault in) 16 pages before a reply of a few KB
    // was read into the first of them.
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
    defer { buffer.deallocate() }
    while true {
        let count = read(STDIN_FILENO, buffer.baseAddress, buffer.count)
        if count < 0 {
            let code = errno
            if code == EINTR { continue }
            throw WorkflowError(
                "reading the message from standard input failed after \(bytes.count) bytes (\(String(cString: strerror(code)))); nothing was stored, and the relay should retry",
                exitCode: ExitStatus.temporaryFailure
            )
        }
        guard count > 0 else { break }
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
    }
    return bytes
}
