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
    public static func run(installation: Installation, request: Request, logger: Logger,
                           progress: (@Sendable (BulkSendProgress) -> Void)? = nil, now: Date = Date()) async throws(WorkflowError) -> Result {
        let composer = try SurveyComposer(installation: installation, surveyID: request.surveyID, variant: request.variant)
        let list = try RecipientList(path: request.recipientsPath, columnMap: request.columnMap)
        try DurableFile.makeDirectory(installation.dataDirectory)
        let store = JSONFileStore(configuration: .init(directory: URL(fileURLWithPath: installation.dataDirectory)))
        let suppressed: SuppressionList.Snapshot
        do { suppressed = try store.suppressionList.load() } catch {
            throw WorkflowError(error.description, exitCode: error.isTransient ? ExitStatus.temporaryFailure : ExitStatus.dataError)
        }
        let contacts = ContactLog(dataDirectory: installation.dataDirectory)
        let capDays = installation.config.frequencyCapDays
        let recent = capDays > 0 ? contacts.recent(since: now.addingTimeInterval(-Double(capDays) * 86_400)) : [:]
        let journalPath: String
        if let given = request.journalPath { journalPath = given } else {
            journalPath = try defaultJournalPath(installation: installation, request: request)
        }
        let journal: SendJournal
        do { journal = try SendJournal(path: journalPath) } catch {
            throw WorkflowError(error.description, exitCode: ExitStatus.cannotCreate)
        }
        var reminder: SurveyItems.ReminderFilter?
        if request.variant != "survey" {
            reminder = try reminderFilter(installation: installation, request: request, store: store, now: now)
        }
        let items = SurveyItems(list: list, composer: composer, suppressed: suppressed, recent: request.variant == "survey" ? recent : [:],
                                sentIndex: SentIndex(dataDirectory: installation.dataDirectory), reminder: reminder, now: now, logger: logger)
        let transport: any MessageTransport
        var outbox: String?
        switch request.destination {
        case .outbox(let directory):
            try DurableFile.makeDirectory(directory)
            transport = OutboxTransport(directory: URL(fileURLWithPath: directory))
            outbox = directory
        case .smtp(let configuration):
            transport = SMTPTransport(configuration: configuration)
        }
        let sender = BulkSender(transport: transport, configuration: BulkSendConfiguration(connections: request.connections, rate: request.rate), logger: logger)
        let report: BulkSendReport
        do {
            report = try await sender.send(items, journal: journal, expectedTotal: estimateRows(path: request.recipientsPath), progress: progress)
        } catch {
            try? journal.close()
            throw WorkflowError("the send stopped: \(error.description) Re-run the same command to resume; recipients already accepted are not sent again.",
                                exitCode: ExitStatus.temporaryFailure)
        }
        do { try journal.close() } catch { throw WorkflowError(error.description, exitCode: ExitStatus.temporaryFailure) }
        // Permanent refusals are hard bounces: never send to those addresses again.
        for failure in report.permanentFailures {
            if let address = try? EmailAddress(failure.address) {
                _ = try? store.suppressionList.add(address, reason: .hardBounce, at: now, detail: "\(failure.code.map(String.init) ?? "") \(failure.text)")
            }
        }
        contacts.append(items.tally.acceptedAddresses(journal: journal), at: now)
        var skips = items.tally.skips
        skips.languageFallbacks = composer.languageFallbacks.sorted()
        return Result(journalPath: journalPath, report: report, skips: skips, outboxDirectory: outbox)
    }

    /// Who may get a reminder: accepted by the first send of the same list, unanswered, surveyed long enough ago.
    static func reminderFilter(installation: Installation, request: Request, store: JSONFileStore, now: Date) throws(WorkflowError) -> SurveyItems.ReminderFilter {
        var first = request
        first.variant = "survey"
        first.journalPath = nil
        let firstJournal = try defaultJournalPath(installation: installation, request: first)
        guard FileManager.default.fileExists(atPath: firstJournal) else {
            throw WorkflowError.file(request.recipientsPath, "was never sent survey '\(request.surveyID)' from this installation (no journal \(firstJournal)); send the survey first", exitCode: ExitStatus.usage)
        }
        let accepted: Set<String>
        do { accepted = try SendJournalReplay.read(path: firstJournal).acceptedKeys } catch {
            throw WorkflowError(error.description, exitCode: ExitStatus.dataError)
        }
        let answered: Set<String>
        do {
            answered = Set(try store.records(matching: RecordQuery(surveyID: request.surveyID))
                .filter { [.surveyReply, .comment, .unsubscribe].contains($0.classification) }
                .compactMap { $0.recipientID?.description })
        } catch {
            throw WorkflowError(error.description, exitCode: error.isTransient ? ExitStatus.temporaryFailure : ExitStatus.dataError)
        }
        let delay = Double(installation.config.reminderAfterDays) * 86_400
        return SurveyItems.ReminderFilter(accepted: accepted, answered: answered, dueBefore: now.addingTimeInterval(-delay))
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
    static func defaultJournalPath(installation: Installation, request: Request) throws(WorkflowError) -> String {
        let absolute = URL(fileURLWithPath: request.recipientsPath).standardizedFileURL.path
        var hash: UInt64 = 0xcbf29ce484222325 // FNV-1a: a stable name, not a security property
        for byte in absolute.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
        let folder = installation.dataDirectory + "/journals"
        try DurableFile.makeDirectory(folder)
        return "\(folder)/\(request.surveyID)-\(request.variant)-\(String(hash, radix: 16)).jsonl"
    }
}
