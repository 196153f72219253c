import Foundation
import Logging
import SmileyCore
import SmileyMail
import SmileyStore

/// The lazily produced messages of one send: each CSV row is read and checked only when a worker asks for the
/// next message, so memory stays flat however long the list. The row is read under the bulk sender's lock (one
/// worker at a time); the message is rendered, composed and remembered in the sent index by the worker that sends
/// it (``PendingItem/make``), so with several connections several messages render at once.
/// `@unchecked Sendable`: the bulk sender advances the iterator from worker threads, but one at a time under its
/// lock; the composer is shared by the workers behind ``RenderGate``.
struct SurveyItems: Sequence, @unchecked Sendable {
    let list: RecipientList
    let composer: SurveyComposer
    let suppressed: SuppressionList.Snapshot
    let recent: [String: Date]
    let sentIndex: SentIndex
    let reminder: ReminderFilter?
    let now: Date
    let logger: Logger
    let tally = Tally()
    let gate = RenderGate()

    /// Lets the workers use one ``SurveyComposer`` at once: it is safe to read from many threads except that it
    /// adds a renderer to its cache the first time a language is asked for. That first time runs alone (write
    /// lock); every render runs under the read lock, in parallel with the others.
    final class RenderGate: @unchecked Sendable {
        private var lock = pthread_rwlock_t()
        private var ready: Set<String> = []

        init() { pthread_rwlock_init(&lock, nil) }
        deinit { pthread_rwlock_destroy(&lock) }

        /// Runs `body` under the read lock once the renderer for `locale` is in the composer's cache.
        func withRenderer<T>(
            for locale: String,
            composer: SurveyComposer,
            _ body: () throws(WorkflowError) -> T
        ) throws(WorkflowError) -> T {
            pthread_rwlock_rdlock(&lock)
            if !ready.contains(locale) {
                pthread_rwlock_unlock(&lock)
                pthread_rwlock_wrlock(&lock)
                if !ready.contains(locale) {
                    // A missing language falls back (and is cached as the default's renderer); only the
                    // survey's own language can fail, and the composer already loaded it.
                    _ = try? composer.renderer(for: locale, strict: false)
                    ready.insert(locale)
                }
                pthread_rwlock_unlock(&lock)
                pthread_rwlock_rdlock(&lock)
            }
            defer { pthread_rwlock_unlock(&lock) }
            return try body()
        }
    }

    /// For `--remind`: who was surveyed, who answered, and the latest survey time that is due for a reminder.
    struct ReminderFilter: Sendable {
        var accepted: Set<String>
        var answered: Set<String>
        var dueBefore: Date
    }

    /// Counts and per-run state, shared between the iterator and the caller.
    final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var _skips = SendWorkflow.Skips()
        private var seen: Set<String> = []

        private var _readFailure: WorkflowError?

        var skips: SendWorkflow.Skips { lock.withLock { _skips } }

        /// Why the list stopped reading before its end (the file changed during the send), if it did.
        var readFailure: WorkflowError? {
            get { lock.withLock { _readFailure } }
            set { lock.withLock { _readFailure = newValue } }
        }

        func update(_ body: (inout SendWorkflow.Skips) -> Void) { lock.withLock { body(&_skips) } }

        /// Records an address; false when it was already seen in this file.
        func firstSighting(_ normalized: String) -> Bool {
            lock.withLock {
                seen.insert(normalized).inserted
            }
        }
    }

    func makeIterator() -> Iterator { Iterator(items: self) }

    struct Iterator: IteratorProtocol {
        let items: SurveyItems

        /// The next recipient to send to; the cheap checks (row, duplicate, suppression, frequency cap) run here.
        mutating func next() -> PendingItem? {
            while true {
                let row: RecipientList.Row?
                do { row = try items.list.next() } catch {
                    items.tally.readFailure = error
                    return nil
                }
                guard let row else { return nil }
                switch row {
                case .invalid(let line, let reason):
                    items.logger.notice("line \(line) skipped: \(reason)")
                    items.tally.update {
                        $0.invalidCount += 1
                        if $0.invalid.count < 100 { $0.invalid.append((line, reason)) }
                    }
                case .recipient(let recipient, let line):
                    let normalized = recipient.email.normalized
                    let key = recipient.id(inSurvey: items.composer.survey.id).description
                    guard items.tally.firstSighting(normalized) else {
                        items.tally.update { $0.duplicates += 1 }
                        continue
                    }
                    if items.suppressed.contains(recipient.email) {
                        items.tally.update { $0.suppressed += 1 }
                        continue
                    }
                    if let reminder = items.reminder {
                        guard reminder.accepted.contains(key) else {
                            items.tally.update { $0.notSurveyed += 1 }
                            continue
                        }
                        guard !reminder.answered.contains(key) else {
                            items.tally.update { $0.answered += 1 }
                            continue
                        }
                        let surveyedAt = items.sentIndex.lookup(
                            survey: items.composer.survey.id,
                            recipient: recipient.id(inSurvey: items.composer.survey.id)
                        )?.sentAt
                        guard let surveyedAt, surveyedAt <= reminder.dueBefore else {
                            items.tally.update { $0.notYetDue += 1 }
                            continue
                        }
                    }
                    if items.recent[normalized] != nil {
                        items.tally.update { $0.frequencyCapped += 1 }
                        continue
                    }
                    let items = self.items
                    return PendingItem(recipientKey: key) { items.make(recipient, key: key, line: line) }
                }
            }
        }
    }

    /// Renders, composes and remembers one recipient's message (on a worker thread); `nil` when it cannot be
    /// made, counted as an invalid row.
    private func make(_ recipient: Recipient, key: String, line: Int) -> OutgoingItem? {
        do {
            let locale = recipient.locale ?? composer.survey.locale
            let (email, _, _) = try gate.withRenderer(for: locale, composer: composer) { () throws(WorkflowError) in
                try composer.email(for: recipient, date: now)
            }
            if reminder == nil {
                // A reminder keeps the survey's entry: its sentAt is when the survey itself went out.
                try stored { () throws(StoreError) in
                    try sentIndex.remember(
                        survey: composer.survey.id,
                        recipient: recipient,
                        messageID: email.messageID,
                        at: now
                    )
                }
            }
            return OutgoingItem(
                recipientKey: key,
                envelopeFrom: email.envelopeSender,
                envelopeTo: recipient.email.description,
                messageID: email.messageID,
                bytes: email.bytes
            )
        } catch {
            logger.notice("line \(line) skipped: \(error.message)")
            tally.update {
                $0.invalidCount += 1
                if $0.invalid.count < 100 { $0.invalid.append((line, error.message)) }
            }
            return nil
        }
    }
}
