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
    private let credentials: [InboundProvider: InboundProvider.Credential]
    private let window: TimeInterval
    private let synchronize: Bool
    private let replays = ReplayCache()
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
    /// - Throws: ``WorkflowError`` (exit 78) naming a secret file that is missing, empty or readable by others.
    public init(installation: Installation, settings: WebhookSettings, synchronize: Bool = true) throws(WorkflowError) {
        self.installation = installation
        self.window = TimeInterval(settings.windowSeconds)
        self.maximumBodyBytes = settings.maximumBodyBytes
        self.synchronize = synchronize
        var credentials: [InboundProvider: InboundProvider.Credential] = [:]
        if settings.raw {
            credentials[.raw] = .keys(installation.keyring.derivedKeys(purpose: InboundProvider.rawKeyPurpose))
        }
        if let mailgun = settings.mailgun {
            credentials[.mailgun] = .signingKey(Array(try Self.secret(mailgun.signingKeyFile, installation).utf8))
        }
        for (provider, auth) in [(InboundProvider.postmark, settings.postmark), (.sendgrid, settings.sendgrid)] {
            guard let auth else { continue }
            credentials[provider] = .basic(
                username: auth.username,
                password: try Self.secret(auth.passwordFile, installation)
            )
        }
        self.credentials = credentials
    }

    /// Whether the provider's route is configured.
    public func isEnabled(_ provider: InboundProvider) -> Bool { credentials[provider] != nil }

    /// Authenticates the request, refuses a replay, and ingests the message it carries.
    /// - Returns: What ingest did with it.
    /// - Throws: ``Failure``.
    public func receive(
        _ provider: InboundProvider,
        _ request: WebhookRequest,
        now: Date = Date()
    ) throws(Failure) -> IngestWorkflow.Outcome {
        guard let credential = credentials[provider] else {
            throw .refused(.unauthenticated("the \(provider.rawValue) route is not configured"))
        }
        let delivery: InboundProvider.Delivery
        do { delivery = try provider.delivery(from: request, credential: credential, now: now, window: window) } catch {
            throw .refused(error)
        }
        if let key = delivery.replayKey {
            guard replays.reserve(key, until: now.addingTimeInterval(2 * window), now: now) else {
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

    private static func secret(_ path: String, _ installation: Installation) throws(WorkflowError) -> String {
        let base = (installation.configPath as NSString).deletingLastPathComponent
        let file = path.hasPrefix("/") || base.isEmpty ? path : base + "/" + path
        guard let data = FileManager.default.contents(atPath: file),
            let line = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first,
            !line.trimmingCharacters(in: .whitespaces).isEmpty
        else {
            throw .configuration(
                "\(file): the webhook secret file is missing, unreadable or empty; put the secret on its first line"
            )
        }
        var info = stat()
        if stat(file, &info) == 0, info.st_mode & 0o077 != 0 {
            throw .configuration("\(file): the webhook secret can be read by other users; run 'chmod 600 \(file)'")
        }
        return line.trimmingCharacters(in: .whitespaces)
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
        let delivery: InboundProvider.Delivery
        do { delivery = try provider.unverifiedDelivery(from: request) } catch {
            throw WorkflowError(error.description, exitCode: ExitStatus.dataError)
        }
        let meaning = try InspectWorkflow.run(
            installation: installation,
            bytes: delivery.message,
            bareBody: false,
            envelopeRecipient: delivery.envelopeRecipient,
            surveyID: nil
        )
        let how = delivery.rebuilt ? "rebuilt from the provider's parsed fields" : "the raw message the provider posted"
        return "// \(provider.rawValue): \(how); authentication not checked (--verify checks it and stores)\n" + meaning
    }

    /// The key a sender signs `POST /hooks/raw` with: the one derived from the installation's signing key, and its
    /// id (the `k=` of the signature). Keys of older secrets in the ring are accepted too, until they are removed.
    public static func rawKey(installation: Installation) -> (id: UInt8, hex: String) {
        let keyring = installation.keyring
        let key = keyring.derivedKey(purpose: InboundProvider.rawKeyPurpose, keyID: keyring.signingKeyID) ?? []
        return (keyring.signingKeyID, HMACSignature.hex(key))
    }
}
