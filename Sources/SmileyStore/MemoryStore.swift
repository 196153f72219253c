public import Foundation
public import SmileyCore

/// A ``FeedbackStore`` in memory, for tests and previews; it keeps the same rules as ``JSONFileStore``.
public actor MemoryStore: FeedbackStore {
    private var byID: [RecordID: FeedbackRecord]

    /// Creates a store holding `records` (later duplicates of an id are ignored).
    public init(records: [FeedbackRecord] = []) {
        var byID: [RecordID: FeedbackRecord] = [:]
        for record in records where byID[record.id] == nil { byID[record.id] = record }
        self.byID = byID
    }

    @discardableResult
    public func save(_ record: FeedbackRecord) throws(StoreError) -> SaveOutcome {
        guard byID[record.id] == nil else { return .duplicate }
        byID[record.id] = record
        return .stored
    }

    public func record(id: RecordID) throws(StoreError) -> FeedbackRecord? {
        byID[id]
    }

    public func records(matching query: RecordQuery) throws(StoreError) -> [FeedbackRecord] {
        byID.values.filter(query.matches).sortedForListing()
    }

    public func records(forEmail address: EmailAddress) throws(StoreError) -> [FeedbackRecord] {
        let wanted = address.normalized
        return byID.values.filter { $0.recipientEmail?.normalized == wanted }.sortedForListing()
    }

    public func erase(email address: EmailAddress) throws(StoreError) -> Int {
        let wanted = address.normalized
        let ids = byID.values.filter { $0.recipientEmail?.normalized == wanted }.map(\.id)
        for id in ids { byID[id] = byID[id]?.anonymized }
        return ids.count
    }

    public func prune(olderThan cutoff: Date) throws(StoreError) -> Int {
        let ids = byID.values.filter { $0.receivedAt < cutoff }.map(\.id)
        for id in ids { byID[id] = nil }
        return ids.count
    }
}
