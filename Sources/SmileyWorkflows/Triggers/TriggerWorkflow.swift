public import Foundation
public import Logging
public import SmileyCore
public import SmileyInbound
public import SmileyMail
import SmileyStore
import Synchronization

/// The trigger use case behind `POST /triggers/{source}` and `smiley trigger --verify`: authenticate the post by
/// the source's scheme, refuse a replay, read the ticket, and queue it durably; ``drain(logger:now:)`` then sends
/// each queued ticket's survey through ``SendWorkflow`` — the same journal, suppression list, frequency cap and
/// delivery as `smiley send` — exactly once.
///
/// A help desk gets a 2xx only for a trigger that is kept (queued now, or queued before) or one whose condition
/// does not hold (nothing to keep); a refused post queues nothing (4xx), and a store that cannot write answers so
/// that the help desk retries (503).
public struct TriggerWorkflow: Sendable {
    let installation: Installation
    private let sources: [String: TriggerSource]
    private let window: TimeInterval
    let queue: TriggerQueue
    let destination: SendWorkflow.Destination
    private let replays = ReplayCache()
    let pump = Pump()
    let retries = RetryTimer()
    /// The largest body the routes read.
    public let maximumBodyBytes: Int
    /// How a drain's send tries a message the server deferred, within the drain: twice, 5 s apart. Not the five
    /// attempts over minutes of `smiley send`: a drain holds the queue (other triggers wait behind it), and the
    /// retry timer (``startRetries(logger:policy:)``) tries again later with its own backoff.
    public var sendRetry = BulkSendConfiguration.Retry(
        maxAttempts: 2,
        initialBackoff: .seconds(5),
        maxBackoff: .seconds(5)
    )

    /// What was done with a post (one ticket, or several: a Salesforce message carries up to 100).
    public struct Receipt: Sendable, Hashable {
        /// Tickets queued now for their survey.
        public var queued: [Trigger] = []
        /// Tickets queued before (the same source and ticket): kept, not queued again.
        public var duplicates: [Trigger] = []
        /// Why the posts that are not triggers (the source's condition does not hold) were passed over.
        public var ignored: [String] = []
        /// The source's payload format, for the answer (`salesforce` wants a SOAP Ack).
        public var format: TriggerSettings.Format = .json
    }

    /// Why a trigger was not taken.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// Refused (authentication, replay, a payload that is not a trigger): 4xx, nothing queued.
        case refused(TriggerError)
        /// Could not be kept for now (the store is not writable): 503, the help desk retries.
        case notKept(WorkflowError)

        /// What went wrong and what to do.
        public var description: String {
            switch self {
            case .refused(let error): error.description
            case .notKept(let error): "the trigger could not be kept: \(error.description)"
            }
        }
    }

    /// Reads the sources' secrets (files beside `smiley.json` unless absolute).
    /// - Parameters:
    ///   - destination: where surveys go; the installation's outbox folder by default.
    /// - Throws: ``WorkflowError`` (exit 78) naming a secret file that is missing, empty or readable by others.
    public init(
        installation: Installation,
        settings: TriggerSettings,
        destination: SendWorkflow.Destination? = nil,
        synchronize: Bool = true
    ) throws(WorkflowError) {
        self.installation = installation
        self.window = TimeInterval(settings.windowSeconds)
        self.maximumBodyBytes = settings.maximumBodyBytes
        self.destination = destination ?? Self.destination(settings.deliver, installation)
        self.queue = TriggerQueue(dataDirectory: installation.dataDirectory, synchronize: synchronize)
        var sources: [String: TriggerSource] = [:]
        for (name, source) in settings.sources {
            let credential: TriggerSource.Credential
            if source.signature.scheme == "smiley" {
                credential = .keys(installation.keyring.derivedKeys(purpose: TriggerSource.keyPurpose))
            } else if source.signature.scheme == "salesforce" || source.signature.scheme == "connectwise" {
                credential = .secret([])
            } else {
                credential = .secret(
                    Array(try installation.secret(source.signature.secretFile ?? "", kind: "trigger").utf8)
                )
            }
            sources[name] = TriggerSource(
                name: name,
                settings: source,
                credential: credential,
                api: try Self.api(source.lookup, installation)
            )
        }
        self.sources = sources
    }

    /// The help desk's API of a source with a `lookup`, its credential read from its file.
    static func api(
        _ lookup: TriggerSettings.Lookup?,
        _ installation: Installation
    ) throws(WorkflowError) -> HelpDeskAPI? {
        guard let lookup else { return nil }
        let credential = try installation.secret(lookup.credentialFile, kind: "help-desk API")
        return HelpDeskAPI(settings: lookup, credential: credential, fetcher: CurlHelpDeskFetcher())
    }

    /// Whether a source of this name is configured.
    public func isEnabled(_ source: String) -> Bool { sources[source] != nil }

    /// Authenticates the post, refuses a replay, reads the ticket and queues it durably.
    ///
    /// A source with a `lookup` fetches here, between verification and queueing, within its time limit: the
    /// ConnectWise signing key and ticket, a missing address from the contact. Nothing unverified is fetched but
    /// the signing key (and that only from the tenant's host); a failed fetch queues nothing and is refused with
    /// 502/503 (``TriggerError/isTransient``), so the help desk retries.
    /// - Throws: ``Failure``.
    public func receive(_ name: String, _ request: WebhookRequest, now: Date = Date()) throws(Failure) -> Receipt {
        guard let source = sources[name] else {
            throw .refused(.unauthenticated("no trigger source '\(name)' is configured"))
        }
        let verification: TriggerSource.Verification
        do { verification = try source.verify(request, now: now, window: window) } catch { throw .refused(error) }
        // A replay is refused before anything is read or fetched (it costs the help desk's API nothing). The key is
        // let go again unless the post is kept, so that a retry of a post that was not is taken.
        let replayKey = verification.replayKey.map { name + "/" + $0 }
        if let replayKey {
            guard replays.reserve(replayKey, until: now.addingTimeInterval(2 * window), now: now) else {
                throw .refused(.replayed)
            }
        }
        var kept = false
        defer { if !kept, let replayKey { replays.release(replayKey) } }
        let readings: [TriggerReading]
        do { readings = try source.readAll(request) } catch { throw .refused(error) }
        var receipt = Receipt(format: source.settings.format)
        var triggers: [Trigger] = []
        for reading in readings {
            switch reading {
            case .trigger(let trigger):
                guard installation.surveys.contains(where: { $0.id == trigger.surveyID }) else {
                    throw .refused(
                        .missingField(
                            "survey",
                            "survey this installation has ('\(trigger.surveyID)' is not in smiley.json)"
                        )
                    )
                }
                triggers.append(trigger)
            case .ignored(let why): receipt.ignored.append(why)
            }
        }
        guard !triggers.isEmpty else { return receipt }
        do {
            for trigger in triggers {
                if try queue.enqueue(trigger) {
                    receipt.queued.append(trigger)
                } else {
                    receipt.duplicates.append(trigger)
                }
            }
        } catch {
            // Not kept (those queued before the failure are found as duplicates on the retry): the help desk's
            // retry must not be taken for a replay (the key is let go).
            throw .notKept(WorkflowError(error, permanent: ExitStatus.cannotCreate))
        }
        kept = true
        return receipt
    }
}

extension TriggerWorkflow {
    /// Where `triggers.deliver` sends surveys (paths beside `smiley.json` unless absolute).
    static func destination(
        _ deliver: TriggerSettings.Delivery?,
        _ installation: Installation
    ) -> SendWorkflow.Destination {
        func resolve(_ path: String) -> String { Installation.path(path, besideConfig: installation.configPath) }
        guard let deliver, deliver.to.lowercased() != "outbox" else { return .outbox(installation.outboxDirectory) }
        if deliver.to.lowercased().hasPrefix("outbox:") { return .outbox(resolve(String(deliver.to.dropFirst(7)))) }
        let password: SMTPConfiguration.PasswordSource? =
            deliver.passwordFile.map { .file(resolve($0)) } ?? deliver.passwordEnv.map { .environment($0) }
        return .smtp(
            SMTPConfiguration(
                url: deliver.to,
                tls: deliver.starttls.flatMap(SMTPConfiguration.TLS.init(rawValue:)),
                username: deliver.username,
                password: password
            )
        )
    }

    /// The key a sender signs triggers of the `smiley` scheme with (`Smiley-Signature: t=…,k=ID,v1=HEX`), and its
    /// id. It follows from `smiley.secret` and differs from the `/hooks/raw` key.
    public static func signingKey(installation: Installation) -> (id: UInt8, hex: String) {
        let keyring = installation.keyring
        let key = keyring.derivedKey(purpose: TriggerSource.keyPurpose, keyID: keyring.signingKeyID) ?? []
        return (keyring.signingKeyID, HMACSignature.hex(key))
    }

    /// `smiley trigger` without `--verify`: what the post means, read without checking its signature; nothing is
    /// queued or sent. Nothing is fetched either unless `lookup` (and the source has one): a ConnectWise callback is
    /// then read from its own `Entity`, and a missing address stays missing.
    /// - Throws: ``WorkflowError`` (exit 65) when the payload is not a trigger of the source; (exit 75) when
    ///   `lookup` and the help desk's API fails; (exit 78) for a credential file that cannot be read.
    public static func inspect(
        source name: String,
        _ request: WebhookRequest,
        settings: TriggerSettings,
        installation: Installation? = nil,
        lookup: Bool = false
    ) throws(WorkflowError) -> [TriggerReading] {
        guard let source = settings.sources[name] else {
            throw .configuration(
                "triggers.sources has no '\(name)'; one of: \(settings.sources.keys.sorted().joined(separator: ", "))"
            )
        }
        let api =
            lookup
            ? try installation.flatMap { installation throws(WorkflowError) in
                try Self.api(source.lookup, installation)
            } : nil
        do {
            return try TriggerSource(name: name, settings: source, credential: .secret([]), api: api).readAll(request)
        } catch {
            throw WorkflowError(
                error.description,
                exitCode: error.isTransient ? ExitStatus.temporaryFailure : ExitStatus.dataError
            )
        }
    }
}
