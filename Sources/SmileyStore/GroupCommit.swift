import Foundation
import SmileyCore
import Synchronization

/// Saves records from many concurrent callers with few flushes: a writer thread takes every record waiting (those
/// that arrived while it wrote the last batch) and appends them to the store's record log with one `write` and one
/// `fdatasync` (``RecordLog``, holding the store's shared lock once), then wakes each caller with its own outcome.
/// Every caller still returns only once its record is durable — or with the error it met.
///
/// The writing runs on a thread of its own (never on Swift's cooperative threads): it blocks on the disk. The
/// thread stays while records keep coming and ends after ``lingering`` without any.
public final class GroupCommit: Sendable {
    private struct Waiting {
        let record: FeedbackRecord
        let continuation: CheckedContinuation<Result<SaveOutcome, StoreError>, Never>
    }

    /// The records waiting and whether a writer thread exists, under the condition the writer waits on.
    private final class Queue: @unchecked Sendable {
        let condition = NSCondition()
        var waiting: [Waiting] = []
        var hasWriter = false
    }

    /// How long the writer thread waits for more records before it ends: under load it never ends (starting a
    /// thread for every burst of clicks cost more than the clicks' own records), and an idle store holds no thread.
    static let lingering: TimeInterval = 1

    private let store: DataStore
    private let queue = Queue()
    /// Taken only by the one writer of the moment (``Queue/hasWriter``), so never waited for.
    private let appender: Mutex<RecordLog.Appender>

    /// Commits into `store`.
    public init(store: DataStore) {
        self.store = store
        self.appender = Mutex(RecordLog.Appender(log: store.records.log))
    }

    /// Stores a record durably (or finds it stored: ``SaveOutcome/duplicate``).
    public func save(_ record: FeedbackRecord) async throws(StoreError) -> SaveOutcome {
        let result = await withCheckedContinuation { continuation in
            queue.condition.lock()
            queue.waiting.append(Waiting(record: record, continuation: continuation))
            let startWriter = !queue.hasWriter
            if startWriter { queue.hasWriter = true } else { queue.condition.signal() }
            queue.condition.unlock()
            if startWriter { Thread { self.write() }.start() }
        }
        return try result.get()
    }

    private func write() {
        while let batch = nextBatch() {
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

    /// Every record waiting, once there is one; `nil` (and no writer any more) after ``lingering`` without any.
    private func nextBatch() -> [Waiting]? {
        queue.condition.lock()
        defer { queue.condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: Self.lingering)
        while queue.waiting.isEmpty {
            if !queue.condition.wait(until: deadline), queue.waiting.isEmpty {
                queue.hasWriter = false
                return nil
            }
        }
        let batch = queue.waiting
        queue.waiting = []
        return batch
    }
}
