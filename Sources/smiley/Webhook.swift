import ArgumentParser
import Foundation
import SmileyCore
import SmileyInbound
import SmileyWorkflows

extension Smiley {
    /// `smiley webhook`: the offline twin of `smiley serve`'s `POST /hooks/{provider}`.
    struct Webhook: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a mail provider's webhook payload offline, or print the raw route's signing key.",
            subcommands: [Replay.self, Key.self],
            defaultSubcommand: Replay.self
        )
    }
}

extension Smiley.Webhook {
    /// `smiley webhook [replay] --provider P [--verify]`.
    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what a webhook payload carries, or (--verify) authenticate and ingest it.",
            discussion: """
                Without --verify, prints as JSON what ingest would make of the message the payload carries (as \
                'smiley inspect' does), storing nothing and checking no signature. With --verify, checks the \
                payload against server.webhooks in smiley.json exactly as 'smiley serve' does (signature, time \
                window) and ingests the message: the same record, once. Give the request's header fields with \
                --header, or pass a whole captured request (first line, headers, blank line, body) with --http.
                """
        )

        @OptionGroup var global: GlobalOptions

        @Option(help: "The provider: \(InboundProvider.allCases.map(\.rawValue).joined(separator: ", ")).")
        var provider: String

        @Argument(help: "The payload file (default: standard input).")
        var file: String?

        @Flag(help: "The input is a whole captured HTTP request, header fields included.")
        var http = false

        @Option(name: [.customShort("H"), .long], help: "A request header field, 'Name: value' (repeatable).")
        var header: [String] = []

        @Option(help: "The request's Content-Type (a shortcut for --header 'Content-Type: …').")
        var contentType: String?

        @Flag(help: "Authenticate the payload with the configured secret and ingest it.")
        var verify = false

        func run() async throws {
            _ = global.bootstrapLogging()
            try await runReportingErrors {
                guard let provider = InboundProvider(rawValue: provider) else {
                    throw WorkflowError(
                        "unknown provider '\(provider)'; use one of \(InboundProvider.allCases.map(\.rawValue).joined(separator: ", "))",
                        exitCode: ExitStatus.usage
                    )
                }
                let request = try readRequest()
                guard verify else {
                    print(try InboundWebhooks.inspect(provider, request, installation: try? global.installation()))
                    return
                }
                let installation = try global.installation()
                guard let settings = installation.config.server?.webhooks else {
                    throw WorkflowError.configuration(
                        "\(installation.configPath): no server.webhooks section; --verify checks against it"
                    )
                }
                let webhooks = try InboundWebhooks(installation: installation, settings: settings)
                guard webhooks.isEnabled(provider) else {
                    throw WorkflowError.configuration("server.webhooks does not configure '\(provider.rawValue)'")
                }
                do throws(InboundWebhooks.Failure) {
                    for outcome in try webhooks.receiveAll(provider, request) { print(outcome.summary) }
                } catch {
                    switch error {
                    case .refused(let refusal):
                        // 77 (EX_NOPERM) for authentication or a topic not allowed, 75 (EX_TEMPFAIL) when it
                        // cannot be checked now, 65 for a payload that is not the provider's.
                        let code: Int32 =
                            switch refusal.httpStatus {
                            case 401, 403: 77
                            case 503: 75
                            default: 65
                            }
                        throw WorkflowError(refusal.description, exitCode: code)
                    case .notKept(let failure): throw failure
                    }
                }
            }
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
            var request: WebhookRequest
            if http {
                guard let captured = WebhookRequest(capturedHTTP: bytes) else {
                    throw WorkflowError(
                        "the input has no blank line after its header fields",
                        exitCode: ExitStatus.dataError
                    )
                }
                request = captured
            } else {
                request = WebhookRequest(headers: [], body: bytes)
            }
            for field in header {
                guard let colon = field.firstIndex(of: ":") else {
                    throw WorkflowError("--header '\(field)' is not 'Name: value'", exitCode: ExitStatus.usage)
                }
                request.headers.append(
                    (String(field[..<colon]), field[field.index(after: colon)...].trimmingCharacters(in: .whitespaces))
                )
            }
            if let contentType { request.headers.append(("Content-Type", contentType)) }
            return request
        }
    }

    /// `smiley webhook key`.
    struct Key: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the key that signs posts to POST /hooks/raw, and its id.",
            discussion: """
                A sender signs each post with the header 'Smiley-Signature: t=UNIX-TIME,k=ID,v1=HEX', HEX being \
                the HMAC-SHA256 of 'UNIX-TIME.' followed by the body, under this key. The key follows from \
                smiley.secret: keep it as secret.
                """
        )

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            _ = global.bootstrapLogging()
            try await runReportingErrors {
                let key = InboundWebhooks.rawKey(installation: try global.installation())
                print("k=\(key.id) key=\(key.hex)")
            }
        }
    }
}
