import Foundation
import Logging
import SmileyStore

/// The shared state of one running bulk send and the worker loop.
final class BulkSendRun: @unchecked Sendable {
    let configuration: BulkSendConfiguration
    let transport: any MessageTransport
    let journal: SendJournal
    let queue: BulkWorkQueue
    let logger: Logger
    let expectedTotal: Int?
    let progress: (@Sendable (BulkSendProgress) -> Void)?
    let limiter: RateLimiter
    private let lock = NSLock()
    private var report = BulkSendReport()
    private var consecutiveUnreachable = 0
    private var lastProgress = Date.distantPast
    private let started = ContinuousClock.now

    init(
        configuration: BulkSendConfiguration,
        transport: any MessageTransport,
        journal: SendJournal,
        queue: BulkWorkQueue,
        logger: Logger,
        expectedTotal: Int?,
        progress: (@Sendable (BulkSendProgress) -> Void)?
    ) {
        self.configuration = configuration
        self.transport = transport
        self.journal = journal
        self.queue = queue
        self.logger = logger
        self.expectedTotal = expectedTotal
        self.progress = progress
        self.limiter = RateLimiter(
            rate: configuration.rate,
            minimum: configuration.minimumRate,
            recoveryInterval: configuration.rateRecoveryInterval
        )
    }

    /// One worker: its own session, then messages until the queue is done.
    ///
    /// With fewer connections than processor cores, the worker makes the next message ahead: while one message
    /// is on the wire (and the worker waits for the server's replies), the following one is taken from the
    /// queue and rendered on the worker's own serial dispatch queue, on an idle core. With as many connections
    /// as cores the other workers fill that time, and the hand-offs would only add context switches. A message
    /// made ahead is not journaled until it is handed to the server, so a send killed meanwhile makes it again
    /// on resume.
    func work(worker: Int) {
        let session: any MessageTransportSession
        do { session = try transport.openSession() } catch {
            queue.stop("cannot open a connection: \(error)")
            return
        }
        guard configuration.connections < ProcessInfo.processInfo.activeProcessorCount else {
            while let work = nextMadeWork() {
                let keepGoing = deliver(work, over: session)
                reportProgress(force: false)
                if !keepGoing { break }
            }
            return
        }
        let ahead = DispatchQueue(label: "smiley-make-\(worker)")
        var current = nextMadeWork()
        while let work = current {
            let following = MadeAhead()
            ahead.async {
                following.work = self.nextMadeWork()
                following.ready.signal()
            }
            let keepGoing = deliver(work, over: session)
            following.ready.wait()
            current = following.work
            if !keepGoing || queue.isStopped {
                if current != nil { queue.finish() }  // taken from the queue, never handed over
                current = nil
            }
            reportProgress(force: false)
        }
    }

    /// A message made on the worker's make-ahead queue; `ready` is signalled once `work` is set.
    private final class MadeAhead: @unchecked Sendable {
        var work: BulkWork?
        let ready = DispatchSemaphore(value: 0)
    }

    /// The next message from the queue, made (rendered) if it was not yet, or nil when the queue is done.
    /// Items whose `make` returns nil are finished and skipped.
    private func nextMadeWork() -> BulkWork? {
        while var work = queue.next() {
            if work.item != nil { return work }
            guard let item = work.pending?.make() else {
                queue.finish()
                continue
            }
            work.item = item
            work.pending = nil
            return work
        }
        return nil
    }

    /// Journals, delivers and records one made message; false when the whole send has to stop.
    private func deliver(_ work: BulkWork, over session: any MessageTransportSession) -> Bool {
        guard let item = work.item else {
            queue.finish()
            return true
        }
        limiter.acquire()
        do {
            if work.attempt == 1 {
                try journal.record(
                    .init(
                        event: .queued,
                        key: item.recipientKey,
                        messageID: item.messageID,
                        attempt: 1
                    )
                )
            }
            let acceptance: SMTPAcceptance
            do {
                acceptance = try session.deliver(item)
            } catch let error as SMTPError {
                try handle(error, work: work, item: item)
                return true
            } catch {
                queue.finish()
                queue.stop("a message could not be delivered: \(error)")
                return false
            }
            try journal.record(
                .init(
                    event: .accepted,
                    key: item.recipientKey,
                    attempt: work.attempt,
                    code: acceptance.code,
                    text: acceptance.text,
                    queueID: acceptance.queueID
                )
            )
            lock.withLock {
                report.accepted += 1
                consecutiveUnreachable = 0
            }
            queue.finish()
            logger.debug(
                "accepted",
                metadata: [
                    "key": "\(item.recipientKey)",
                    "queue-id": "\(acceptance.queueID ?? "")",
                ]
            )
            return true
        } catch {
            queue.finish()
            queue.stop("the journal cannot be written: \(error)")
            return false
        }
    }

    /// Decides what a refusal means for the message and for the whole send.
    private func handle(_ error: SMTPError, work: BulkWork, item: OutgoingItem) throws(StoreError) {
        let key = item.recipientKey
        if error.isServerUnreachable {
            let count = lock.withLock {
                consecutiveUnreachable += 1
                return consecutiveUnreachable
            }
            try journal.record(.init(event: .deferred, key: key, attempt: work.attempt, text: error.description))
            if count >= configuration.retry.maxAttempts * configuration.connections {
                queue.finish()
                queue.stop("the server stayed unreachable after \(count) tries: \(error)")
                return
            }
            let delay = configuration.retry.delay(
                after: (count + configuration.connections - 1)
                    / configuration.connections
            )
            limiter.pause(for: delay)
            logger.info("server unreachable, pausing", metadata: ["seconds": "\(delay.seconds)"])
            queue.retry(work, at: Date())
            return
        }
        if error.isRateLimit {
            let observed = lock.withLock { () -> Double in
                report.rateLimitReplies += 1
                report.deferrals += 1
                return Double(report.accepted) / max(0.001, (ContinuousClock.now - started).seconds)
            }
            if limiter.slowDown(observed: observed, pause: configuration.rateLimitPause) {
                logger.info(
                    "server asked to slow down",
                    metadata: [
                        "reply": "\(error.replyCode ?? 0) \(error.replyText ?? "")",
                        "rate": "\(limiter.currentRate ?? 0)",
                    ]
                )
                try journal.record(
                    .init(
                        event: .deferred,
                        key: key,
                        attempt: work.attempt,
                        code: error.replyCode,
                        text: error.replyText,
                        next: Date()
                    )
                )
                queue.retry(work, at: Date())
                return
            }
        }
        if error.isTransient {
            if !error.isRateLimit { lock.withLock { report.deferrals += 1 } }
            if work.attempt < configuration.retry.maxAttempts {
                let due = Date().addingTimeInterval(configuration.retry.delay(after: work.attempt).seconds)
                try journal.record(
                    .init(
                        event: .deferred,
                        key: key,
                        attempt: work.attempt,
                        code: error.replyCode,
                        text: error.replyText ?? error.curlMessage,
                        next: due
                    )
                )
                queue.retry(BulkWork(item: item, attempt: work.attempt + 1), at: due)
            } else {
                try journal.record(
                    .init(
                        event: .gaveUp,
                        key: key,
                        attempt: work.attempt,
                        code: error.replyCode,
                        text: error.replyText ?? error.curlMessage
                    )
                )
                lock.withLock { report.gaveUp += 1 }
                queue.finish()
            }
            return
        }
        if error.isPermanent {
            try journal.record(
                .init(
                    event: .failed,
                    key: key,
                    attempt: work.attempt,
                    code: error.replyCode,
                    text: error.replyText
                )
            )
            lock.withLock {
                report.failed += 1
                report.permanentFailures.append(
                    PermanentFailure(
                        recipientKey: key,
                        address: item.envelopeTo,
                        code: error.replyCode,
                        text: error.replyText ?? ""
                    )
                )
            }
            queue.finish()
            return
        }
        // Bad settings (login refused, TLS impossible, unexpected reply): every message would fail alike.
        try journal.record(
            .init(
                event: .deferred,
                key: key,
                attempt: work.attempt,
                code: error.replyCode,
                text: error.description
            )
        )
        queue.finish()
        queue.stop(error.description)
    }

    /// Calls the progress callback when the interval has passed (or always, when forced).
    private func reportProgress(force: Bool) {
        guard let progress else { return }
        let now = Date()
        let snapshot: BulkSendProgress? = lock.withLock {
            guard force || now.timeIntervalSince(lastProgress) >= configuration.progressInterval.seconds else {
                return nil
            }
            lastProgress = now
            return makeProgress()
        }
        if let snapshot { progress(snapshot) }
    }

    private func makeProgress() -> BulkSendProgress {
        let elapsed = ContinuousClock.now - started
        let perSecond = Double(report.accepted) / max(0.001, elapsed.seconds)
        var eta: Duration?
        if let expectedTotal, perSecond > 0 {
            let done = report.accepted + report.failed + report.gaveUp + queue.skipped
            eta = .milliseconds(Int(Double(max(0, expectedTotal - done)) / perSecond * 1000))
        }
        return BulkSendProgress(
            accepted: report.accepted,
            deferred: queue.waiting,
            failed: report.failed,
            gaveUp: report.gaveUp,
            skipped: queue.skipped,
            messagesPerSecond: perSecond,
            currentRateLimit: limiter.currentRate,
            estimatedRemaining: eta,
            elapsed: elapsed
        )
    }

    /// Closes the run: syncs the journal, sends the last progress report, returns the counts.
    func finish() -> BulkSendReport {
        do { try journal.sync() } catch { queue.stop("the journal cannot be synced: \(error)") }
        reportProgress(force: true)
        return lock.withLock {
            var final = report
            final.skipped = queue.skipped
            final.elapsed = ContinuousClock.now - started
            final.finalRate = limiter.currentRate
            return final
        }
    }
}
