/// Why a trigger request was refused; each says what was wrong and what the sender should do. A refused trigger
/// queues nothing, and its answer is a 4xx, so a help desk that sent something real sees the failure.
public struct TriggerError: Error, Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable {
        case unauthenticated, stale, replayed, missingField, malformed
        /// The help desk's API could not give what the trigger needs now: 502 (it answered an error) or 503 (no
        /// answer).
        case unavailable(Int)
    }

    let kind: Kind
    /// What went wrong and what to do.
    public let description: String

    init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }

    /// The signature or secret is missing or wrong.
    public static func unauthenticated(_ detail: String) -> TriggerError {
        TriggerError(.unauthenticated, "not authenticated: \(detail)")
    }

    /// The signed time is outside the accepted window.
    public static func stale(_ detail: String) -> TriggerError {
        TriggerError(.stale, "the signature's time is outside the accepted window: \(detail)")
    }

    /// The same signed request (or the same delivery) was seen before.
    public static let replayed = TriggerError(.replayed, "this signed request was received before; a replay is refused")

    /// A field the mapping names is not in the payload.
    public static func missingField(_ path: String, _ what: String) -> TriggerError {
        TriggerError(
            .missingField,
            "the payload has no \(what) at '\(path)'; add it to the help desk's webhook body or fix triggers.sources.*.fields"
        )
    }

    /// The body is not what the source sends.
    public static func malformed(_ detail: String) -> TriggerError {
        TriggerError(.malformed, "the payload is not a trigger: \(detail)")
    }

    /// The help desk's API failed (`status` 502: it answered an error; 503: no answer): nothing is kept and the
    /// answer asks the help desk to retry.
    public static func unavailable(_ status: Int, _ detail: String) -> TriggerError {
        TriggerError(.unavailable(status), detail)
    }

    /// Whether the failure is the help desk API's and a retry may succeed (answered 502/503 with Retry-After).
    public var isTransient: Bool {
        if case .unavailable = kind { return true }
        return false
    }

    /// Whether the request failed authentication (a forged, unsigned or stale request).
    public var isAuthentication: Bool { kind == .unauthenticated || kind == .stale }

    /// The HTTP status to answer with: 401 authentication, 409 replay, 422 a missing field, 502/503 the help desk's
    /// API failed, 400 otherwise.
    public var httpStatus: Int {
        switch kind {
        case .unavailable(let status): status
        case .unauthenticated, .stale: 401
        case .replayed: 409
        case .missingField: 422
        case .malformed: 400
        }
    }
}
