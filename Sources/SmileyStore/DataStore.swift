public import Foundation
import SmileyCore

/// The one home of everything Smiley keeps about people, and the only code that touches those files.
///
/// ```
/// <data>/records/<xx>/<id>.json          feedback records (``JSONFileStore``)
/// <data>/records/log/<day>-<writer>.jsonl   web clicks, a record a line (``RecordLog``)
/// <data>/sent/<survey>/<xx>.jsonl         who each survey went to (``SentIndex``)
/// <data>/journals/<survey>-<variant>-<list>.jsonl   each send's outcomes (``SendJournal``)
/// <data>/suppression.jsonl               who is never surveyed again, as keyed hashes (``SuppressionList``)
/// <data>/quarantine/<sha256>.eml|.json   messages Smiley could not use (``Quarantine``)
/// <data>/dmarc/<sha256>.json             DMARC aggregate reports, by organization and report id
///                                        (``DMARCReportStore``; about servers, not people)
/// <data>/.lock                           the store's lock (``StoreLock``)
/// <outbox>/<message-id>.eml              surveys written instead of sent (``Outbox``)
/// ```
///
/// Every kind is covered by the three duties of a data controller: ``access(email:)`` lists all of it,
/// ``erase(email:now:)`` removes or anonymizes all of it, and ``prune(_:now:dryRun:)`` applies a retention period
/// per kind. Writers (`send`, `ingest`) hold the store's lock shared, those three hold it exclusive, so a rewrite
/// never races an append (``lock(exclusive:)``).
public struct DataStore: Sendable {
    /// Where the store is and how it writes.
    public struct Configuration: Sendable {
        /// The data folder.
        public var dataDirectory: String
        /// The outbox folder.
        public var outboxDirectory: String
        /// What the suppression list hashes with.
        public var suppressionKey: SuppressionKey
        /// Whether files and folders are `fsync`ed; keep `true` outside tests.
        public var synchronizes: Bool
        /// How long to wait for a lock (the store's, the suppression list's) before a transient failure.
        public var lockTimeout: Duration
        /// How long erasure and retention wait for the store's exclusive lock: a running send holds it shared for
        /// its whole run, and a person's erasure should wait for the send rather than fail. Default 10 minutes.
        public var exclusiveLockTimeout: Duration

        /// Creates a configuration.
        public init(
            dataDirectory: String,
            outboxDirectory: String,
            suppressionKey: SuppressionKey,
            synchronizes: Bool = true,
            lockTimeout: Duration = .seconds(10),
            exclusiveLockTimeout: Duration = .seconds(600)
        ) {
            self.dataDirectory = dataDirectory.removingTrailingSlashes
            self.outboxDirectory = outboxDirectory.removingTrailingSlashes
            self.suppressionKey = suppressionKey
            self.synchronizes = synchronizes
            self.lockTimeout = lockTimeout
            self.exclusiveLockTimeout = exclusiveLockTimeout
        }
    }

    /// The configuration.
    public let configuration: Configuration

    /// A store over its folders; nothing is touched until used.
    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Feedback records.
    public var records: JSONFileStore {
        JSONFileStore(
            configuration: .init(
                directory: URL(fileURLWithPath: configuration.dataDirectory),
                lockTimeout: configuration.lockTimeout,
                synchronizes: configuration.synchronizes
            )
        )
    }

    /// Who each survey went to.
    public var sentIndex: SentIndex { SentIndex(dataDirectory: configuration.dataDirectory) }

    /// Who is never surveyed again.
    public var suppressionList: SuppressionList {
        SuppressionList(
            file: URL(fileURLWithPath: configuration.dataDirectory + "/suppression.jsonl"),
            key: configuration.suppressionKey,
            lockTimeout: configuration.lockTimeout,
            synchronizes: configuration.synchronizes
        )
    }

    /// Messages Smiley could not use.
    public var quarantine: Quarantine { records.quarantine }

    /// DMARC aggregate reports.
    public var dmarcReports: DMARCReportStore {
        DMARCReportStore(directory: configuration.dataDirectory + "/dmarc", synchronizes: configuration.synchronizes)
    }

    /// Surveys written instead of sent.
    public var outbox: Outbox {
        Outbox(directory: configuration.outboxDirectory, synchronizes: configuration.synchronizes)
    }

    /// The folder of send journals.
    public var journalsDirectory: String { configuration.dataDirectory + "/journals" }

    /// The queue of help-desk triggers waiting for their survey (`DATA/triggers`).
    public var triggerQueue: TriggerQueue {
        TriggerQueue(dataDirectory: configuration.dataDirectory, synchronize: configuration.synchronizes)
    }

    /// The journal of sending `variant` of `surveyID` to the list at `listPath` (absolute): one per survey,
    /// variant and list, so running the same command again resumes it.
    public func journalPath(surveyID: String, variant: String, listPath: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a: a stable name, not a security property
        for byte in listPath.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return "\(journalsDirectory)/\(surveyID)-\(variant)-\(String(hash, radix: 16)).jsonl"
    }

    /// Opens a send journal, locked for this send (see ``SendJournal``).
    public func openJournal(path: String) throws(StoreError) -> SendJournal {
        try SendJournal(path: path)
    }

    /// Addresses (normalized) a server accepted a survey for at or after `cutoff`, with the latest time, for the
    /// frequency cap: the sent index's entries whose recipients a send journal shows as accepted. The journal at
    /// `excludingJournal` (the send about to run, which may be resuming) does not count: its own recipients are
    /// skipped as already accepted, not as capped. A damaged journal counts for nothing.
    public func recentlySurveyed(
        since cutoff: Date,
        excludingJournal: String? = nil
    ) throws(StoreError) -> [String: Date] {
        var accepted: Set<String> = []
        for file in try journalFiles() where file != excludingJournal {
            if let replay = try? SendJournalReplay.read(path: file) { accepted.formUnion(replay.acceptedKeys) }
        }
        return try sentIndex.recentlySurveyed(since: cutoff, accepted: accepted)
    }

    /// Takes the store's lock: shared for writers, exclusive for erasure, retention and migrations.
    /// - Parameter patient: wait up to ``Configuration/exclusiveLockTimeout`` (erasure, retention) rather than
    ///   ``Configuration/lockTimeout``.
    package func lock(exclusive: Bool, patient: Bool = false) throws(StoreError) -> StoreLock {
        try StoreLock.acquire(
            dataDirectory: configuration.dataDirectory,
            exclusive: exclusive,
            timeout: patient ? configuration.exclusiveLockTimeout : configuration.lockTimeout
        )
    }

    /// Brings files of earlier versions up to date; call it holding the exclusive lock. The suppression list's
    /// clear addresses become hashes, and the old contact log (`contacts.jsonl`, now read from the sent index) is
    /// removed.
    /// - Returns: How many clear suppression entries were hashed.
    @discardableResult
    package func migrate() throws(StoreError) -> Int {
        let migrated = try suppressionList.migrate()
        if try System.remove(configuration.dataDirectory + "/contacts.jsonl"), configuration.synchronizes {
            try System.synchronizeDirectory(configuration.dataDirectory)
        }
        return migrated
    }

    /// Whether a migration is due (cheap: looks for a clear suppression entry and the old contact log).
    package func needsMigration() -> Bool {
        if System.exists(configuration.dataDirectory + "/contacts.jsonl") { return true }
        guard let bytes = try? System.readFile(configuration.dataDirectory + "/suppression.jsonl") else { return false }
        return bytes.firstRange(of: Array("\"address\"".utf8)) != nil
    }
}
