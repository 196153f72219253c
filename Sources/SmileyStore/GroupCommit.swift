import Foundation
import SmileyCore
import Synchronization

/// Saves records from many concurrent callers with few flushes: whoever finds no write under way becomes the
/// writer, takes every record waiting (its own and those that arrive while it writes) and appends them to the
/// store's record log with one `write` and one `fdatasync` (``RecordLog``, holding the store's shared lock once),
/// then wakes each caller with its own outcome. Every caller still returns only once its record is durable — or
/// with the error it met.
///
/// The writing runs on a thread of its own (never on Swift's cooperative threads): it blocks on the disk.
public final class GroupCommit: Sendable {
    private struct Waiting {
        let record: FeedbackRecord
        let continuation: CheckedContinuation<Result<SaveOutcome, StoreError>, Never>
    }

    private struct State {
        var waiting: [Waiting] = []
        var writing = false
    }

    private let store: DataStore
    private let state = Mutex(State())
    /// Taken only by the one writer of the moment (``State/writing``), so never waited for.
    private let appender: Mutex<RecordLog.Appender>

    /// Commits into `store`.
    public init(store: DataStore) {
        self.store = store
        self.appender = Mutex(RecordLog.Appender(log: store.records.log))
    }

    /// Stores a record durably (or finds it stored: ``SaveOutcome/duplicate``).
    public func save(_ record: FeedbackRecord) async throws(StoreError) -> SaveOutcome {
        let result = await withCheckedContinuation { continuation in
            let startWriter = state.withLock { state -> Bool in
                state.waiting.append(Waiting(record: record, continuation: continuation))
                if state.writing { return false }
                state.writing = true
                return true
            }
            if startWriter { Thread { self.write() }.start() }
        }
        return try result.get()
    }

    private func write() {
        while true {
            let batch = state.withLock { state -> [Waiting] in
                let batch = state.waiting
                state.waiting = []
                if batch.isEmpty { state.writing = false }
                return batch
            }
            if batch.isEmpty { return }
            let outcomes: [Result<SaveOutcome, StoreError>]
            do {
                let lock = try store.lock(exclusive: false)
                outcomes = appender.withLock { $0.append(batch.map(\.record)) }
                withExtendedLifetime(lock) {}
            } catch {
                outcomes = batch.map { _ in .failure(error) }
            }
            for (waiting, outcome) in zip(batch, outcomes) { waiting.continuation.resume(returning: outcome) }
        }
    }
}
