public import Foundation
public import SmileyCore
public import SmileyInbound
import Synchronization

/// The inbound webhook use case behind `POST /hooks/{provider}`: authenticate the request with the provider's
/// configured secret, refuse a replay, and hand the message it carries to the same ingest as a relay's
/// (``IngestWorkflow``: same records, classification, suppression, quarantine and idempotency).
///
/// A provider gets a 2xx only for a message that was kept (stored, found stored, or quarantined): a refused
/// request stores nothing (4xx), and a store that cannot write answers so that the provider retries (503).
public struct InboundWebhooks: Sendable {
    private let installation: Installation
    let credentials: [InboundProvider: InboundProvider.Credential]
    private let window: TimeInterval
    private let synchronize: Bool
    private let replays = ReplayCache()
    let fetcher: any WebhookFetcher
    /// The largest body the routes read.
    public let maximumBodyBytes: Int

    /// Why a webhook was not taken.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// The request was refused (authentication, replay, a body that is not the provider's): 4xx.
        case refused(InboundWebhookError)
        /// The message could not be kept for now (the store is not writable): 503, the provider retries.
        case notKept(WorkflowError)

        /// What went wrong and what to do.
        public var description: String {
            switch self {
            case .refused(let error): error.description
            case .notKept(let error): "the message could not be kept: \(error.description)"
            }
        }
    }

    /// Reads the configured providers' secrets (files beside `smiley.json` unless absolute).
    /// - Parameters:
    ///   - fetcher: how SNS signing certificates and subscription confirmations are fetched; nil: over HTTPS with
    ///     libcurl (loaded on first use).
    /// - Throws: ``WorkflowError`` (exit 78) naming a secret file that is missing, empty or readable by others.
    public init(
        installation: Installation,
        settings: WebhookSettings,
        synchronize: Bool = true,
        fetcher: (any WebhookFetcher)? = nil
    ) throws(WorkflowError) {
        self.installation = installation
        let fetcher = fetcher ?? CurlWebhookFetcher()
        self.fetcher = fetcher
        self.window = TimeInterval(settings.windowSeconds)
        self.maximumBodyBytes = settings.maximumBodyBytes
        self.synchronize = synchronize
        var credentials: [InboundProvider: InboundProvider.Credential] = [:]
        if settings.raw {
            credentials[.raw] = .keys(installation.keyring.derivedKeys(purpose: InboundProvider.rawKeyPurpose))
        }
        if let mailgun = settings.mailgun {
            credentials[.mailgun] = .signingKey(
                Array(try installation.secret(mailgun.signingKeyFile, kind: "webhook").utf8)
            )
        }
        for (provider, auth) in [
            (InboundProvider.postmark, settings.postmark), (.sendgrid, settings.sendgrid),
            (.mailjet, settings.mailjet), (.cloudmailin, settings.cloudmailin),
        ] {
            guard let auth else { continue }
            credentials[provider] = .basic(
                username: auth.username,
                password: try installation.secret(auth.passwordFile, kind: "webhook")
            )
        }
        if let sparkpost = settings.sparkpost {
            credentials[.sparkpost] = .token(try installation.secret(sparkpost.tokenFile, kind: "webhook"))
        }
        if let mandrill = settings.mandrill {
            credentials[.mandrill] = .urlKey(
                url: mandrill.url,
                key: Array(try installation.secret(mandrill.keyFile, kind: "webhook").utf8)
            )
        }
        if let ses = settings.ses {
            credentials[.ses] = .sns(
                SNSVerifier(
                    topics: ses.topics.map(Set.init),
                    maximumAge: TimeInterval(ses.maximumAgeSeconds),
                    fetcher: fetcher
                )
            )
        }
        self.credentials = credentials
    }

    /// Whether the provider's route is configured.
    public func isEnabled(_ provider: InboundProvider) -> Bool { credentials[provider] != nil }

    /// Authenticates the request, refuses a replay, and ingests the message it carries.
    /// - Returns: What ingest did with it.
    /// - Throws: ``Failure``; a refusal too for a batch that does not hold exactly one message (use
    ///   ``receiveAll(_:_:now:)``).
    public func receive(
        _ provider: InboundProvider,
        _ request: WebhookRequest,
        now: Date = Date()
    ) throws(Failure) -> IngestWorkflow.Outcome {
        let outcomes = try receiveAll(provider, request, now: now)
        guard outcomes.count == 1, let outcome = outcomes.first else {
            throw .refused(.malformed("the post held \(outcomes.count) messages, not one"))
        }
        return outcome
    }

    /// Authenticates the request and ingests every message it carries (SparkPost and Mandrill post batches).
    /// All or nothing as far as the provider can tell: when one message cannot be kept, the post is answered
    /// 503 and its retry finds the ones already stored as duplicates.
    /// - Returns: What ingest did with each message, in order (none for a provider's empty test post).
    /// - Throws: ``Failure``.
    public func receiveAll(
        _ provider: InboundProvider,
        _ request: WebhookRequest,
        now: Date = Date()
    ) throws(Failure) -> [IngestWorkflow.Outcome] {
        guard let credential = credentials[provider] else {
            throw .refused(.unauthenticated("the \(provider.rawValue) route is not configured"))
        }
        let deliveries: [InboundProvider.Delivery]
        do {
            deliveries = try provider.deliveries(from: request, credential: credential, now: now, window: window)
        } catch { throw .refused(error) }
        var outcomes: [IngestWorkflow.Outcome] = []
        for delivery in deliveries { outcomes.append(try ingest(delivery, now: now)) }
        return outcomes
    }

    /// Refuses a replay of `delivery`, then ingests its message.
    func ingest(_ delivery: InboundProvider.Delivery, now: Date) throws(Failure) -> IngestWorkflow.Outcome {
        if let key = delivery.replayKey {
            // Remembered for as long as its signed time could still be taken (SNS: its maximum age).
            var memory = 2 * window
            if case .sns(let verifier) = credentials[.ses], key.hasPrefix("ses/") {
                memory = max(memory, verifier.maximumAge + window)
            }
            guard replays.reserve(key, until: now.addingTimeInterval(memory), now: now) else {
                throw .refused(.replayed)
            }
        }
        do {
            return try IngestWorkflow.run(
                installation: installation,
                bytes: delivery.message,
                envelopeRecipient: delivery.envelopeRecipient,
                now: now,
                synchronize: synchronize
            )
        } catch {
            // Not kept: the provider's retry must not be taken for a replay.
            if let key = delivery.replayKey { replays.release(key) }
            throw .notKept(error)
        }
    }
}

/// Signed requests seen lately, so the same one is not taken twice: an entry lives for twice the freshness window
/// (a request older than the window is refused by its signed time anyway). In memory: after a restart a replay
/// within the window finds the message stored already, which ingest reports as a duplicate and stores nothing.
final class ReplayCache: Sendable {
    private let seen = Mutex<[String: Date]>([:])

    /// Takes `key` until `expiry`; false when it is taken.
    func reserve(_ key: String, until expiry: Date, now: Date) -> Bool {
        seen.withLock { seen in
            if seen.count > 10_000 { seen = seen.filter { $0.value > now } }
            if let until = seen[key], until > now { return false }
            seen[key] = expiry
            return true
        }
    }

    /// Lets `key` go (the request was not kept).
    func release(_ key: String) { _ = seen.withLock { $0.removeValue(forKey: key) } }
}

extension InboundWebhooks {
    /// `smiley webhook` without `--verify`: what ingest would make of the message a captured request carries, as
    /// `smiley inspect` prints it, with how it was read; authentication is not checked and nothing is stored.
    /// - Throws: ``WorkflowError`` (exit 65) when the payload is not what the provider documents.
    public static func inspect(
        _ provider: InboundProvider,
        _ request: WebhookRequest,
        installation: Installation?
    ) throws(WorkflowError) -> String {
        let deliveries: [InboundProvider.Delivery]
        do { deliveries = try provider.unverifiedDeliveries(from: request) } catch {
            throw WorkflowError(error.description, exitCode: ExitStatus.dataError)
        }
        var text = ""
        for (index, delivery) in deliveries.enumerated() {
            let meaning = try InspectWorkflow.run(
                installation: installation,
                bytes: delivery.message,
                bareBody: false,
                envelopeRecipient: delivery.envelopeRecipient,
                surveyID: nil
            )
            let how =
                delivery.rebuilt ? "rebuilt from the provider's parsed fields" : "the raw message the provider posted"
            let which = deliveries.count > 1 ? " message \(index + 1) of \(deliveries.count):" : ""
            text +=
                "// \(provider.rawValue):\(which) \(how); authentication not checked (--verify checks it and stores)\n"
            text += meaning
        }
        guard !text.isEmpty else {
            throw WorkflowError("the \(provider.rawValue) payload holds no message", exitCode: ExitStatus.dataError)
        }
        return text
    }

    /// The key a sender signs `POST /hooks/raw` with: the one derived from the installation's signing key, and its
    /// id (the `k=` of the signature). Keys of older secrets in the ring are accepted too, until they are removed.
    public static func rawKey(installation: Installation) -> (id: UInt8, hex: String) {
        let keyring = installation.keyring
        let key = keyring.derivedKey(purpose: InboundProvider.rawKeyPurpose, keyID: keyring.signingKeyID) ?? []
        return (keyring.signingKeyID, HMACSignature.hex(key))
    }
}
