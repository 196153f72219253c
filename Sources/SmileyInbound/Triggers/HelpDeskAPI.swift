public import Foundation
public import SmileyCore
import Synchronization

/// A GET's answer from a help desk: its status and body.
public struct HelpDeskAnswer: Sendable, Hashable {
    /// The HTTP status.
    public var status: Int
    /// The body.
    public var body: [UInt8]

    /// An answer.
    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}

/// Fetches from a help desk's REST API. The server and the CLI give libcurl's (SmileyMail: https only, TLS
/// verified, no redirects, a size cap); SmileyInbound knows the vendors' paths and bodies, not the transport.
public protocol HelpDeskFetcher: Sendable {
    /// GETs `url` with `headers`, within `timeoutSeconds`.
    /// - Returns: the answer, whatever its status.
    /// - Throws: when no answer came (refused, timed out, TLS failed): the post is then answered 503, so that the
    ///   help desk retries.
    func get(_ url: String, headers: [(name: String, value: String)], timeoutSeconds: Int) throws -> HelpDeskAnswer
}

/// A help desk's REST API as a trigger source uses it (`lookup` in its settings): the ConnectWise ticket a callback
/// names and its contact, an Autotask ticket's contact, and ConnectWise's callback signing keys (kept by URL for
/// ``keyLifetime``). Every failure is a ``TriggerError``: 422 for a ticket the API does not have, 502 for an API
/// that answers with an error, 503 for one that does not answer; nothing is queued from a failed lookup.
public struct HelpDeskAPI: Sendable {
    /// The settings (`triggers.sources.*.lookup`).
    public let settings: TriggerSettings.Lookup
    private let credential: String
    private let fetcher: any HelpDeskFetcher
    private let keys: SigningKeyCache
    /// How long a fetched signing key is used before it is fetched again.
    public static let keyLifetime: TimeInterval = 600
    /// How old a kept key must be before a signature that does not match it has it fetched again (a changed key):
    /// forged callbacks cannot make Smiley ask the tenant more often than this.
    public static let keyRefreshAfter: TimeInterval = 60

    /// An API client.
    /// - Parameters:
    ///   - settings: the lookup settings.
    ///   - credential: the first line of `credentialFile` (ConnectWise `company+publicKey:privateKey`; the Autotask
    ///     API user's secret).
    ///   - fetcher: the transport.
    public init(settings: TriggerSettings.Lookup, credential: String, fetcher: any HelpDeskFetcher) {
        self.settings = settings
        self.credential = credential
        self.fetcher = fetcher
        self.keys = SigningKeyCache()
    }

    /// Each request's time limit: up to three are made for one post (signing key, ticket, contact) while the help
    /// desk waits for the answer.
    var timeout: Int { settings.timeoutSeconds ?? 5 }

    /// The request header fields of the API: ConnectWise Basic authorization and `clientId`; Autotask's
    /// `ApiIntegrationCode`, `UserName` and `Secret`; Zendesk Basic authorization (`agent@example.com/token:TOKEN`).
    var headers: [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = [("Accept", "application/json")]
        switch settings.api {
        case "connectwise":
            fields.append(("Authorization", "Basic " + Data(credential.utf8).base64EncodedString()))
            fields.append(("clientId", settings.clientId ?? ""))
        case "zendesk":
            fields.append(("Authorization", "Basic " + Data(credential.utf8).base64EncodedString()))
        default:
            fields.append(("ApiIntegrationCode", settings.integrationCode ?? ""))
            fields.append(("UserName", settings.username ?? ""))
            fields.append(("Secret", credential))
        }
        return fields
    }

    /// GETs `path` under the base URL: the JSON object of a 2xx answer, nil for a 404.
    func object(_ path: String, what: String) throws(TriggerError) -> TriggerPayload? {
        var base = settings.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        let url = base + path
        let answer = try get(url, headers: headers, what: what)
        if answer.status == 404 { return nil }
        return try json(answer, url: url, what: what)
    }

    private func get(
        _ url: String,
        headers: [(name: String, value: String)],
        what: String
    ) throws(TriggerError) -> HelpDeskAnswer {
        do { return try fetcher.get(url, headers: headers, timeoutSeconds: timeout) } catch {
            throw .unavailable(503, "the \(what) could not be fetched (\(error)); the help desk should retry")
        }
    }

    private func json(_ answer: HelpDeskAnswer, url: String, what: String) throws(TriggerError) -> TriggerPayload {
        guard (200..<300).contains(answer.status) else {
            let hint =
                answer.status == 401 || answer.status == 403
                ? "; check lookup.credentialFile and the API member's rights" : ""
            throw .unavailable(502, "the help desk's API answered \(answer.status) for the \(what) at \(url)\(hint)")
        }
        do { return try TriggerPayload(answer.body) } catch {
            throw .unavailable(502, "the help desk's API answered the \(what) at \(url) with something not JSON")
        }
    }

    /// ConnectWise's callback signing key at `url` (``keyLifetime`` from the cache unless `refresh`), and when it
    /// was fetched.
    /// - Throws: 503 when it cannot be fetched; 401 when the URL answers 4xx or without `signing_key`.
    func signingKey(
        _ url: String,
        now: Date,
        refresh: Bool = false
    ) throws(TriggerError) -> (key: String, fetched: Date) {
        if !refresh, let kept = keys.key(url, now: now) { return kept }
        let answer = try get(url, headers: [("Accept", "application/json")], what: "signing key")
        if (400..<500).contains(answer.status) {
            throw .unauthenticated("the signing-key URL answered \(answer.status); the callback cannot be checked")
        }
        let payload = try json(answer, url: url, what: "signing key")
        guard let key = payload.text(at: "signing_key") else {
            throw .unauthenticated("the signing-key URL returned no signing_key")
        }
        keys.store(key, for: url, fetched: now)
        return (key, now)
    }
}

/// Signing keys by URL with the time each was fetched, for ``HelpDeskAPI/keyLifetime``. A class behind a Mutex:
/// the routes share one.
final class SigningKeyCache: Sendable {
    private let entries = Mutex<[String: (key: String, fetched: Date)]>([:])

    func key(_ url: String, now: Date) -> (key: String, fetched: Date)? {
        entries.withLock { entries in
            guard let entry = entries[url] else { return nil }
            guard now.timeIntervalSince(entry.fetched) < HelpDeskAPI.keyLifetime else {
                entries[url] = nil
                return nil
            }
            return entry
        }
    }

    func store(_ key: String, for url: String, fetched: Date) {
        entries.withLock { entries in
            // A few tenants' keys at most; a flood of distinct URLs (which the host pin already limits) cannot grow
            // it without bound.
            if entries.count >= 64 { entries.removeAll() }
            entries[url] = (key, fetched)
        }
    }
}
