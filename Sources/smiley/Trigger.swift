import ArgumentParser
import Foundation
import SmileyCore
import SmileyInbound
import SmileyWorkflows

extension Smiley {
    /// `smiley trigger`: the offline twin of `smiley serve`'s `POST /triggers/{source}`.
    struct Trigger: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a help desk's ticket-closed trigger offline, or print the 'smiley' scheme's key.",
            subcommands: [Replay.self, Key.self],
            defaultSubcommand: Replay.self
        )
    }
}

extension Smiley.Trigger {
    /// `smiley trigger [replay] --provider P [--verify] [FILE]`.
    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the ticket a trigger payload is about, or (--verify) authenticate it and send its survey.",
            discussion: """
                P is a source of 'triggers.sources' in smiley.json. Without --verify, prints the ticket, requester \
                and survey the payload maps to (or why its condition does not hold), queueing nothing, checking \
                no signature and fetching nothing: a ConnectWise callback is read from its Entity. With --lookup, \
                what the payload lacks is fetched over the source's API (the ConnectWise ticket, a missing \
                address), still storing nothing. With --verify, checks the payload as 'smiley serve' does (signature, time window), \
                queues the ticket and sends its survey through the send journal: once per source and ticket, \
                honouring the suppression list and frequencyCapDays, into the outbox folder. Give the request's \
                header fields with --header, or pass a whole captured request with --http.
                """
        )

        @OptionGroup var global: GlobalOptions

        @Option(help: "The trigger source (a key of triggers.sources).")
        var provider: String

        @Argument(help: "The payload file (default: standard input).")
        var file: String?

        @Flag(help: "The input is a whole captured HTTP request, header fields included.")
        var http = false

        @Option(name: [.customShort("H"), .long], help: "A request header field, 'Name: value' (repeatable).")
        var header: [String] = []

        @Flag(help: "Authenticate the payload with the configured secret, queue it and send its survey.")
        var verify = false

        @Flag(help: "Without --verify: fetch what the payload lacks over the source's API (triggers.sources.*.lookup).")
        var lookup = false

        func run() async throws {
            let logger = global.bootstrapLogging()
            try await runReportingErrors {
                let installation = try global.installation()
                guard let settings = installation.config.triggers else {
                    throw WorkflowError.configuration(
                        "\(installation.configPath): no 'triggers' section; add triggers.sources.\(provider)"
                    )
                }
                let request = try readRequest()
                guard verify else {
                    let readings = try TriggerWorkflow.inspect(
                        source: provider,
                        request,
                        settings: settings,
                        installation: installation,
                        lookup: lookup
                    )
                    for reading in readings {
                        switch reading {
                        case .trigger(let trigger): print(Self.describe(trigger))
                        case .ignored(let why): print("ignored: \(why)")
                        }
                    }
                    print("// signature not checked (--verify checks it, queues and sends)")
                    return
                }
                let triggers = try TriggerWorkflow(installation: installation, settings: settings)
                guard triggers.isEnabled(provider) else {
                    throw WorkflowError.configuration("triggers.sources has no '\(provider)'")
                }
                let receipt: TriggerWorkflow.Receipt
                do throws(TriggerWorkflow.Failure) {
                    receipt = try triggers.receive(provider, request)
                } catch {
                    switch error {
                    case .refused(let refusal) where refusal.isTransient:
                        // 75 (EX_TEMPFAIL): the help desk's API failed; nothing was queued.
                        throw WorkflowError(refusal.description, exitCode: ExitStatus.temporaryFailure)
                    case .refused(let refusal):
                        // 77 (EX_NOPERM) for authentication, 65 for a payload that is not a trigger.
                        throw WorkflowError(refusal.description, exitCode: refusal.isAuthentication ? 77 : 65)
                    case .notKept(let failure): throw failure
                    }
                }
                for why in receipt.ignored { print("ignored: \(why)") }
                for trigger in receipt.duplicates {
                    print(Self.describe(trigger) + "\nqueued before: not queued again")
                }
                for trigger in receipt.queued { print(Self.describe(trigger) + "\nqueued") }
                for sent in await triggers.drain(logger: logger) {
                    print("sent \(sent.name): \(sent.outcome)")
                }
                let left = triggers.pendingCount
                if left > 0 {
                    throw WorkflowError(
                        "\(left) queued trigger(s) could not be sent now; run the same command again later",
                        exitCode: ExitStatus.temporaryFailure
                    )
                }
            }
        }

        static func describe(_ trigger: SmileyInbound.Trigger) -> String {
            var lines = [
                "source: \(trigger.source)", "ticket: \(trigger.ticketID)", "email: \(trigger.email)",
                "survey: \(trigger.surveyID)",
            ]
            if let name = trigger.name { lines.append("name: \(name)") }
            if let agent = trigger.agent { lines.append("agent: \(agent)") }
            if let subject = trigger.subject { lines.append("subject: \(subject)") }
            if let locale = trigger.locale { lines.append("locale: \(locale)") }
            return lines.joined(separator: "\n")
        }

        private func readRequest() throws -> WebhookRequest {
            let bytes: [UInt8]
            if let file {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw WorkflowError.file(file, "cannot be read", exitCode: ExitStatus.noInput)
                }
                bytes = Array(data)
            } else {
                bytes = try readStandardInput()
            }
            var request = WebhookRequest(headers: [], body: bytes)
            if http {
                guard let captured = WebhookRequest(capturedHTTP: bytes) else {
                    throw WorkflowError(
                        "the input has no blank line after its header fields",
                        exitCode: ExitStatus.dataError
                    )
                }
                request = captured
            }
            for field in header {
                guard let colon = field.firstIndex(of: ":") else {
                    throw WorkflowError("--header '\(field)' is not 'Name: value'", exitCode: ExitStatus.usage)
                }
                request.headers.append(
                    (String(field[..<colon]), field[field.index(after: colon)...].trimmingCharacters(in: .whitespaces))
                )
            }
            return request
        }
    }

    /// `smiley trigger key`.
    struct Key: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the key that signs triggers of the 'smiley' scheme, and its id.",
            discussion: """
                A sender signs each post with 'Smiley-Signature: t=UNIX-TIME,k=ID,v1=HEX', HEX being the \
                HMAC-SHA256 of 'UNIX-TIME.' followed by the body, under this key (not the /hooks/raw key). The key \
                follows from smiley.secret: keep it as secret.
                """
        )

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            _ = global.bootstrapLogging()
            try await runReportingErrors {
                let key = TriggerWorkflow.signingKey(installation: try global.installation())
                print("k=\(key.id) key=\(key.hex)")
            }
        }
    }
}
