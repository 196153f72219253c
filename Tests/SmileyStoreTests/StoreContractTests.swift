import Foundation
import SmileyCore
import SmileyStore
import Testing

/// The rules every ``FeedbackStore`` keeps, checked on both implementations.
@Suite("Store contract")
struct StoreContractTests {
    enum Kind: String, CaseIterable, Sendable { case file, memory }

    private func withStore(_ kind: Kind, _ body: (any FeedbackStore) async throws -> Void) async throws {
        switch kind {
        case .memory:
            try await body(MemoryStore())
        case .file:
            let scratch = try ScratchDirectory()
            defer { scratch.remove() }
            try await body(makeStore(scratch))
        }
    }

    @Test(
        "GDPR erase anonymizes every record of the address, whatever its case, and nothing else",
        arguments: Kind.allCases
    )
    func erase(kind: Kind) async throws {
        try await withStore(kind) { store in
            let theirs = [
                reply(messageID: "e1", address: "pat@example.com", rating: smiley("positive"), at: day(0)),
                reply(messageID: "e2", survey: "s2", address: "PAT@Example.COM", comment: "again", at: day(1)),
                reply(messageID: "e3", address: "pat@example.com", classification: .bounce, at: day(2)),
            ]
            let others = [
                reply(messageID: "o1", address: "pat@example.org", rating: smiley("negative"), at: day(0)),
                reply(messageID: "o2", address: "patricia@example.com", at: day(1)),
                reply(messageID: "o3", address: nil, comment: "pat@example.com wrote this", at: day(2)),
            ]
            for record in theirs + others {
                let outcome = try await store.save(record)
                #expect(outcome == .stored)
            }
            let found = try await store.records(forEmail: email("Pat@example.com"))
            #expect(found == theirs)
            let erased = try await store.erase(email: email("pat@EXAMPLE.com"))
            #expect(erased == 3)
            let foundAfter = try await store.records(forEmail: email("pat@example.com"))
            #expect(foundAfter == [])
            let remaining = try await store.records(matching: .all)
            #expect(
                remaining
                    == (others + theirs.map(\.anonymized)).sorted { ($0.receivedAt, $0.id) < ($1.receivedAt, $1.id) }
            )
            #expect(
                theirs.map(\.anonymized).allSatisfy {
                    $0.recipientEmail == nil && $0.comment == nil && $0.ticketID.isEmpty
                }
            )
            #expect(theirs.map(\.anonymized.rating) == theirs.map(\.rating))
            let erasedAgain = try await store.erase(email: email("pat@example.com"))
            #expect(erasedAgain == 0)
        }
    }

    @Test("retention prune removes exactly the records received before the cutoff", arguments: Kind.allCases)
    func prune(kind: Kind) async throws {
        try await withStore(kind) { store in
            let records = (0..<6).map { reply(messageID: "p\($0)", at: day(Double($0) * 30)) }
            for record in records { _ = try await store.save(record) }
            let pruned = try await store.prune(olderThan: day(60))
            #expect(pruned == 2)  // days 0 and 30; day 60 itself stays
            let remaining = try await store.records(matching: .all)
            #expect(remaining == Array(records[2...]))
            let prunedAgain = try await store.prune(olderThan: day(60))
            #expect(prunedAgain == 0)
        }
    }

    @Test("saving is idempotent by id and lookups find what was saved", arguments: Kind.allCases)
    func idempotentSave(kind: Kind) async throws {
        try await withStore(kind) { store in
            let record = reply(messageID: "<same@example.com>", rating: csat(4))
            let first = try await store.save(record)
            #expect(first == .stored)
            let second = try await store.save(reply(messageID: "same@example.com", rating: csat(1)))
            #expect(second == .duplicate)
            let found = try await store.record(id: RecordID(messageID: "same@example.com"))
            #expect(found == record)
            let count = try await store.records(matching: .all).count
            #expect(count == 1)
        }
    }
}
