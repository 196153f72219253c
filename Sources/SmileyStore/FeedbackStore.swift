public import Foundation
public import SmileyCore

/// Where feedback records live.
///
/// A store keeps at most one record per ``RecordID``: saving a record whose id is already stored changes
/// nothing and answers ``SaveOutcome/duplicate``, so a message the relay delivers twice, or two processes
/// ingesting the same message at once, give one record. Records change only by ``erase(email:)`` (and
/// `DataStore`'s erasure, which also finds a person's records by recipient id, through the same anonymizing path)
/// (a person's right
/// to erasure: the record is anonymized in place and keeps its id, so a re-delivered message cannot bring it back)
/// and are removed only by ``prune(olderThan:)`` (retention).
///
/// Every method throws ``StoreError``; check ``StoreError/isTransient`` to decide between "retry later" and
/// "give up". Lists come back sorted by ``FeedbackRecord/receivedAt``, then ``FeedbackRecord/id``.
///
/// Implementations: ``JSONFileStore`` (one JSON file per record, safe across processes) and ``MemoryStore``
/// (for tests).
public protocol FeedbackStore: Sendable {
    /// Stores a record unless one with the same id is stored already.
    /// - Returns: ``SaveOutcome/stored`` when this call stored it, ``SaveOutcome/duplicate`` when it was there.
    func save(_ record: FeedbackRecord) async throws(StoreError) -> SaveOutcome

    /// The record with this id, or `nil`.
    func record(id: RecordID) async throws(StoreError) -> FeedbackRecord?

    /// The records a query selects (all records for ``RecordQuery/all``).
    func records(matching query: RecordQuery) async throws(StoreError) -> [FeedbackRecord]

    /// Every record of an address (compared in normalized form), for a GDPR access request.
    func records(forEmail address: EmailAddress) async throws(StoreError) -> [FeedbackRecord]

    /// Anonymizes every record of an address (compared in normalized form), for a GDPR erasure request: see
    /// ``FeedbackRecord/anonymized`` for what stays (rating, time, survey, agent) and what goes.
    /// - Returns: How many records were anonymized.
    func erase(email address: EmailAddress) async throws(StoreError) -> Int

    /// Removes every record received before `cutoff`, for a retention policy.
    /// - Returns: How many records were removed.
    func prune(olderThan cutoff: Date) async throws(StoreError) -> Int
}

/// What ``FeedbackStore/save(_:)`` did.
public enum SaveOutcome: Sendable, Hashable {
    /// The record is new and is now stored durably.
    case stored
    /// A record with the same id was stored already; nothing changed.
    case duplicate
}

/// Which records to list: every condition that is set must hold.
public struct RecordQuery: Sendable, Hashable {
    /// Only records of this survey.
    public var surveyID: String?
    /// Only records of this agent (exact match).
    public var agent: String?
    /// Only records received at or after this moment.
    public var from: Date?
    /// Only records received before this moment.
    public var until: Date?

    /// Creates a query; leave a condition `nil` to not filter on it.
    /// - Parameters:
    ///   - surveyID: The survey to select.
    ///   - agent: The agent to select.
    ///   - from: The start of the period, inclusive.
    ///   - until: The end of the period, exclusive.
    public init(surveyID: String? = nil, agent: String? = nil, from: Date? = nil, until: Date? = nil) {
        self.surveyID = surveyID
        self.agent = agent
        self.from = from
        self.until = until
    }

    /// Every record.
    public static let all = RecordQuery()

    /// Whether a record meets every condition.
    public func matches(_ record: FeedbackRecord) -> Bool {
        if let surveyID, record.surveyID != surveyID { return false }
        if let agent, record.agent != agent { return false }
        if let from, record.receivedAt < from { return false }
        if let until, record.receivedAt >= until { return false }
        return true
    }
}

extension [FeedbackRecord] {
    /// The order every store lists records in.
    func sortedForListing() -> [FeedbackRecord] {
        sorted { ($0.receivedAt, $0.id) < ($1.receivedAt, $1.id) }
    }
}
