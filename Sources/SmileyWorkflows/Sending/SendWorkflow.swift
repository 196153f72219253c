public import Foundation
public import Logging
import SmileyCore
public import SmileyMail
import SmileyStore

/// `smiley send`: renders a survey for every row of a recipient list and delivers it, exactly once per
/// recipient, journaled so that a killed send resumes where it stopped.
public enum SendWorkflow {
    /// Where messages go.
    public enum Destination: Sendable {
        /// `.eml` files in a folder (the default, and `--dry-run`).
        case outbox(String)
        /// An SMTP server.
        case smtp(SMTPConfiguration)
    }

    /// What a send is asked to do.
    public struct Request: Sendable {
        /// The survey id.
        public var surveyID: String
        /// The CSV recipient list.
        public var recipientsPath: String
        /// Column renames, `["E-Mail": "email"]`.
        public var columnMap: [String: String] = [:]
        /// Where messages go.
        public var destination: Destination
        /// Parallel connections.
        public var connections = 1
        /// Messages per second at most, if capped.
        public var rate: Double?
        /// The journal to use; by default one derived from survey and recipient list, so re-running the same
        /// command resumes.
        public var journalPath: String?
        /// `survey` or `reminder`.
        public var variant = "survey"
        /// How often and how long a message the server deferred is tried again within this run (`smiley send`'s
        /// default: 5 attempts, 10 s doubled). A trigger's drain tries less: its own timer retries later.
        public var retry = BulkSendConfiguration.Retry()

        /// Creates a request.
        public init(surveyID: String, recipientsPath: String, destination: Destination) {
            self.surveyID = surveyID
            self.recipientsPath = recipientsPath
            self.destination = destination
        }
    }

    /// Why rows were not sent, counted.
    public struct Skips: Sendable {
        /// Rows that are not usable (bad address, wrong field count), with line and reason (first 100 kept).
        public var invalid: [(line: Int, reason: String)] = []
        /// How many invalid rows there were in all.
        public var invalidCount = 0
        /// Addresses that appeared earlier in the same file.
        public var duplicates = 0
        /// Addresses on the suppression list (unsubscribed, hard-bounced, complained).
        public var suppressed = 0
        /// Addresses surveyed within the frequency cap.
        public var frequencyCapped = 0
        /// Languages that were missing and replaced by the survey's.
        public var languageFallbacks: [String] = []
        /// Reminders: recipients the first send did not reach (not accepted there).
        public var notSurveyed = 0
        /// Reminders: recipients who already answered (any rating, comment or unsubscribe).
        public var answered = 0
        /// Reminders: recipients surveyed too recently (`reminderAfterDays`).
        public var notYetDue = 0
    }

    /// The outcome of a send.
    public struct Result: Sendable {
        /// The journal written.
        public let journalPath: String
        /// Delivery counts and permanent failures.
        public let report: BulkSendReport
        /// What was skipped before delivery.
        public let skips: Skips
        /// Where outbox messages were written, for outbox sends.
        public let outboxDirectory: String?
    }

    /// Runs the send.
    /// - Parameters:
    ///   - progress: called from worker threads with running counts (for a progress bar).
    /// - Throws: ``WorkflowError`` for configuration, input or a send that had to stop.
    public static func run(
        installation: Installation,
        request: Request,
        logger: Logger,
        progress: (@Sendable (BulkSendProgress) -> Void)? = nil,
        now: Date = Date()
    ) async throws(WorkflowError) -> Result {
        let composer = try SurveyComposer(
            installation: installation,
            surveyID: request.surveyID,
            variant: request.variant
        )
        let list = try RecipientList(path: request.recipientsPath, columnMap: request.columnMap)
        // A broken file (an unclosed quote, not UTF-8, a NUL) stops the send before anything goes out, not half-way.
        let rowCount = try RecipientList.checkStructure(path: request.recipientsPath)
        let store = installation.store()
        // Files of earlier versions are brought up to date first (a moment under the exclusive lock); then the
        // send holds the store's lock shared for its whole run, so no erasure or pruning rewrites a file under it.
        if store.needsMigration() {
            try stored(permanent: ExitStatus.dataError) { () throws(StoreError) in
                let lock = try store.lock(exclusive: true)
                defer { withExtendedLifetime(lock) {} }
                try store.migrate()
            }
        }
        let storeLock = try stored { () throws(StoreError) in try store.lock(exclusive: false) }
        defer { withExtendedLifetime(storeLock) {} }
        let suppressed = try stored(permanent: ExitStatus.dataError) { () throws(StoreError) in
            try store.suppressionList.load()
        }
        if suppressed.unverifiable > 0 {
            logger.warning(
                "\(suppressed.unverifiable) suppression-list entries were hashed with a key no longer in the secret file; those people may be surveyed again. Put the removed key line back."
            )
        }
        let journalPath = request.journalPath ?? defaultJournalPath(store: store, request: request)
        let capDays = installation.config.frequencyCapDays
        var recent: [String: Date] = [:]
        if capDays > 0, request.variant == "survey" {
            recent = try stored(permanent: ExitStatus.dataError) { () throws(StoreError) in
                try store.recentlySurveyed(
                    since: now.addingTimeInterval(-Double(capDays) * 86_400),
                    excludingJournal: journalPath
                )
            }
        }
        let journal = try stored(permanent: ExitStatus.dataError) { () throws(StoreError) in
            try store.openJournal(path: journalPath)
        }
        var reminder: SurveyItems.ReminderFilter?
        if request.variant != "survey" {
            reminder = try reminderFilter(installation: installation, request: request, store: store, now: now)
        }
        let items = SurveyItems(
            list: list,
            composer: composer,
            suppressed: suppressed,
            recent: recent,
            sentIndex: store.sentIndex,
            reminder: reminder,
            now: now,
            logger: logger
        )
        let transport: any MessageTransport
        var outbox: String?
        switch request.destination {
        case .outbox(let directory):
            transport = OutboxTransport(directory: URL(fileURLWithPath: directory))
            outbox = directory
        case .smtp(let configuration):
            transport = SMTPTransport(configuration: configuration)
        }
        let sender = BulkSender(
            transport: transport,
            configuration: BulkSendConfiguration(
                connections: request.connections,
                rate: request.rate,
                retry: request.retry
            ),
            logger: logger
        )
        let report: BulkSendReport
        do {
            report = try await sender.send(
                items,
                journal: journal,
                expectedTotal: rowCount,
                progress: progress
            )
        } catch {
            try? journal.close()
            throw WorkflowError(
                "the send stopped: \(error.description) Re-run the same command to resume; recipients already accepted are not sent again.",
                exitCode: ExitStatus.temporaryFailure
            )
        }
        // Everything was handed over; a failure to sync the journal now is worth a retry, which resumes.
        do { try journal.close() } catch {
            throw WorkflowError(error.description, exitCode: ExitStatus.temporaryFailure)
        }
        // Permanent refusals are hard bounces: never send to those addresses again.
        for failure in report.permanentFailures {
            if let address = try? EmailAddress(failure.address) {
                _ = try? store.suppressionList.add(
                    address,
                    reason: .hardBounce,
                    at: now,
                    detail: "\(failure.code.map(String.init) ?? "") \(failure.text)"
                )
            }
        }
        // The file changed under the send so that it no longer reads (the check above passed): what was sent is
        // journaled; say so and exit 65 rather than report a finished send.
        if let failure = items.tally.readFailure {
            throw WorkflowError(
                "\(failure.message). The recipients before it were sent and journaled; fix the file and re-run the same command to send to the rest.",
                exitCode: ExitStatus.dataError
            )
        }
        var skips = items.tally.skips
        skips.languageFallbacks = composer.languageFallbacks.sorted()
        return Result(journalPath: journalPath, report: report, skips: skips, outboxDirectory: outbox)
    }

    /// Who may get a reminder: accepted by the first send of the same list, unanswered, surveyed long enough ago.
    static func reminderFilter(
        installation: Installation,
        request: Request,
        store: DataStore,
        now: Date
    ) throws(WorkflowError) -> SurveyItems.ReminderFilter {
        var first = request
        first.variant = "survey"
        first.journalPath = nil
        let firstJournal = defaultJournalPath(store: store, request: first)
        let replay = try stored(permanent: ExitStatus.dataError) { () throws(StoreError) in
            try SendJournalReplay.read(path: firstJournal)
        }
        guard replay.entryCount > 0 else {
            throw WorkflowError.file(
                request.recipientsPath,
                "was never sent survey '\(request.surveyID)' from this installation (no journal \(firstJournal)); send the survey first",
                exitCode: ExitStatus.usage
            )
        }
        let accepted = replay.acceptedKeys
        let answered: Set<String>
        do {
            answered = Set(
                try store.records.records(matching: RecordQuery(surveyID: request.surveyID))
                    .filter { [.surveyReply, .comment, .unsubscribe].contains($0.classification) }
                    .compactMap { $0.recipientID?.description }
            )
        } catch {
            throw WorkflowError(
                error.description,
                exitCode: error.isTransient ? ExitStatus.temporaryFailure : ExitStatus.dataError
            )
        }
        let delay = Double(installation.config.reminderAfterDays) * 86_400
        return SurveyItems.ReminderFilter(
            accepted: accepted,
            answered: answered,
            dueBefore: now.addingTimeInterval(-delay)
        )
    }

    /// About how many data rows a CSV file has (line count less the header), for progress and ETA.
    public static func estimateRows(path: String) -> Int? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var lines = 0
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            lines += chunk.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
        }
        return max(0, lines - 1)
    }

    /// `data/journals/<survey>-<variant>-<hash of the recipient list's absolute path>.jsonl`.
    static func defaultJournalPath(store: DataStore, request: Request) -> String {
        let absolute = URL(fileURLWithPath: request.recipientsPath).standardizedFileURL.path
        return store.journalPath(surveyID: request.surveyID, variant: request.variant, listPath: absolute)
    }
}
