import Foundation
public import Logging
public import SmileyStore

/// Sends many messages over a few long-lived connections, paced, retried, journaled and resumable.
///
/// - Workers: ``BulkSendConfiguration/connections`` threads, each with its own transport session (one SMTP
///   connection, reused for every message; reconnected by libcurl after a drop).
/// - Pacing: one token bucket shared by all workers. A rate-limit reply (421, or 4xx with a rate hint)
///   halves the rate and pauses every worker instead of failing the message.
/// - Retries: temporary refusals (4xx, dropped connections, timeouts) are retried with exponential backoff and
///   jitter up to ``BulkSendConfiguration/Retry/maxAttempts``, then journaled `gave-up`. Permanent refusals
///   (5xx) are never retried; they are journaled `failed` and listed in ``BulkSendReport/permanentFailures``
///   so the caller can suppress the address. An unreachable server pauses the whole send with backoff and,
///   when it stays unreachable, stops it with ``BulkSendError``.
/// - Journal and resume: each message is journaled `queued` before it is handed over and `accepted` right
///   after the server accepts it; recipients the journal already shows as accepted are skipped.
///
/// **The one unavoidable window:** between the server's acceptance and the `accepted` line reaching the
/// journal (microseconds: one `write(2)`), a killed process leaves that message `queued` only, and a resumed
/// send delivers it again. At most one message per connection can be in that window, so a kill -9 duplicates
/// at most ``BulkSendConfiguration/connections`` messages. The same holds for a connection dropped after the
/// message's final dot but before the server's reply: SMTP cannot tell whether it was accepted, and it is
/// retried. Entries are fsynced in batches; a machine crash (not a process kill) can lose the last batch.
public struct BulkSender: Sendable {
    /// How messages are delivered.
    public let transport: any MessageTransport
    /// Pacing and retries.
    public let configuration: BulkSendConfiguration
    /// Where the sender logs (info and below).
    public let logger: Logger

    /// Creates a bulk sender.
    /// - Parameters:
    ///   - transport: SMTP or outbox.
    ///   - configuration: Connections, rate, retries.
    ///   - logger: Logger for per-message outcomes (debug) and slow-downs (info).
    public init(
        transport: any MessageTransport,
        configuration: BulkSendConfiguration = BulkSendConfiguration(),
        logger: Logger = Logger(label: "smiley.mail")
    ) {
        self.transport = transport
        self.configuration = configuration
        self.logger = logger
    }

    /// Sends every item of `items`, skipping those the journal shows as accepted.
    ///
    /// `items` is iterated lazily from the worker threads, one `next()` at a time (never concurrently), so a
    /// caller can render each message on demand and memory stays flat. It must be `Sendable` because its
    /// iterator runs on those threads (a closure isolated to the main actor would trap there). Cancelling the
    /// calling task stops the send after the messages in flight. To render in parallel on the workers, pass
    /// ``PendingItem``s instead.
    /// - Parameters:
    ///   - items: The messages, produced lazily.
    ///   - journal: This send's journal (open it on the same file to resume).
    ///   - expectedTotal: How many items there are, when known (for the ETA).
    ///   - progress: Called from worker threads at most every ``BulkSendConfiguration/progressInterval``
    ///     and once at the end.
    /// - Returns: The counts and the permanently refused recipients.
    /// - Throws: ``BulkSendError`` when the whole send had to stop (server unreachable, bad settings,
    ///   journal or outbox write failure, cancellation).
    public func send<Items: Sequence>(
        _ items: Items,
        journal: SendJournal,
        expectedTotal: Int? = nil,
        progress: (@Sendable (BulkSendProgress) -> Void)? = nil
    ) async throws(BulkSendError) -> BulkSendReport where Items.Element == OutgoingItem, Items: Sendable {
        try await run(
            items.lazy.map(PendingItem.init).makeIterator(),
            journal: journal,
            expectedTotal: expectedTotal,
            progress: progress
        )
    }

    /// Sends every item of `items`, skipping those the journal shows as accepted, each message made by the
    /// worker that sends it (``PendingItem/make``), so several workers render at once.
    ///
    /// `items` itself is iterated one `next()` at a time under the send's lock, as in the other `send`; keep
    /// that step cheap and put the work in `make`.
    /// - Parameters:
    ///   - items: The recipients, produced lazily; their messages are made on the worker threads.
    ///   - journal: This send's journal (open it on the same file to resume).
    ///   - expectedTotal: How many items there are, when known (for the ETA).
    ///   - progress: Called from worker threads at most every ``BulkSendConfiguration/progressInterval``
    ///     and once at the end.
    /// - Returns: The counts and the permanently refused recipients.
    /// - Throws: ``BulkSendError`` when the whole send had to stop.
    public func send<Items: Sequence>(
        _ items: Items,
        journal: SendJournal,
        expectedTotal: Int? = nil,
        progress: (@Sendable (BulkSendProgress) -> Void)? = nil
    ) async throws(BulkSendError) -> BulkSendReport where Items.Element == PendingItem, Items: Sendable {
        try await run(items.makeIterator(), journal: journal, expectedTotal: expectedTotal, progress: progress)
    }

    private func run(
        _ iterator: some IteratorProtocol<PendingItem>,
        journal: SendJournal,
        expectedTotal: Int?,
        progress: (@Sendable (BulkSendProgress) -> Void)?
    ) async throws(BulkSendError) -> BulkSendReport {
        let queue = BulkWorkQueue(source: iterator, isAccepted: { journal.isAccepted($0) })
        let run = BulkSendRun(
            configuration: configuration,
            transport: transport,
            journal: journal,
            queue: queue,
            logger: logger,
            expectedTotal: expectedTotal,
            progress: progress
        )
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let group = DispatchGroup()
                for index in 0..<configuration.connections {
                    group.enter()
                    let thread = Thread {
                        run.work(worker: index)
                        group.leave()
                    }
                    thread.name = "smiley-send-\(index)"
                    thread.start()
                }
                group.notify(queue: .global()) { continuation.resume() }
            }
        } onCancel: {
            queue.stop("the send was cancelled.")
        }
        let report = run.finish()
        if let reason = queue.stopReason { throw BulkSendError(reason: reason, report: report) }
        return report
    }
}
