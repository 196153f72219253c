import Foundation

/// A send journal read back: each recipient's final state and the counts.
///
/// Reading tolerates a torn last line (the process was killed mid-write): text after the last newline that
/// is not a whole entry is ignored and reported in ``tornTail``. A damaged line before the last one is an
/// error naming the line.
public struct SendJournalReplay: Sendable {
    /// Where one recipient stands.
    public struct RecipientState: Sendable, Equatable {
        /// The deciding event: `accepted` once seen (it is final), else the latest event.
        public var event: SendJournalEntry.Event
        /// The highest attempt number seen.
        public var attempts: Int
        /// The latest reply code.
        public var code: Int?
        /// The latest reply text.
        public var text: String?
        /// The queue id, once accepted.
        public var queueID: String?
        /// The Message-ID, from the `queued` entry.
        public var messageID: String?
    }

    /// Counts of recipients by final state.
    public struct Summary: Sendable, Equatable, CustomStringConvertible {
        /// Accepted by the server.
        public var accepted = 0
        /// Waiting for another attempt.
        public var deferred = 0
        /// Refused permanently (5xx).
        public var failed = 0
        /// Deferred until the send gave up.
        public var gaveUp = 0
        /// Queued with no outcome: in doubt (the process stopped while the message was with the server).
        public var inDoubt = 0
        /// All recipients in the journal.
        public var total: Int { accepted + deferred + failed + gaveUp + inDoubt }

        /// "accepted 10, deferred 0, failed 1, gave up 0, in doubt 0".
        public var description: String {
            "accepted \(accepted), deferred \(deferred), failed \(failed), gave up \(gaveUp), in doubt \(inDoubt)"
        }
    }

    /// Final state per recipient key.
    public let recipients: [String: RecipientState]
    /// How many entries were read.
    public let entryCount: Int
    /// True when the file ended in a partial line that was ignored.
    public let tornTail: Bool
    /// Bytes of the file that hold whole entries (where appending may continue).
    let validLength: Int
    /// True when the last whole entry lacks its newline (a writer must add one before appending).
    let needsNewline: Bool

    /// The counts by final state.
    public var summary: Summary {
        var s = Summary()
        for state in recipients.values {
            switch state.event {
            case .accepted: s.accepted += 1
            case .deferred: s.deferred += 1
            case .failed: s.failed += 1
            case .gaveUp: s.gaveUp += 1
            case .queued: s.inDoubt += 1
            }
        }
        return s
    }

    /// Keys of recipients the server accepted: a resumed send skips them.
    public var acceptedKeys: Set<String> {
        Set(recipients.compactMap { $0.value.event == .accepted ? $0.key : nil })
    }

    /// Reads a journal file; a missing file is an empty journal.
    /// - Parameter path: The journal file.
    /// - Throws: ``StoreError`` when the file cannot be read or a line before the last is damaged.
    public static func read(path: String) throws(StoreError) -> SendJournalReplay {
        guard let bytes = try System.readFile(path) else {
            return SendJournalReplay(
                recipients: [:],
                entryCount: 0,
                tornTail: false,
                validLength: 0,
                needsNewline: false
            )
        }
        return try SendJournalReplay(bytes: bytes, path: path)
    }

    init(
        recipients: [String: RecipientState],
        entryCount: Int,
        tornTail: Bool,
        validLength: Int,
        needsNewline: Bool
    ) {
        self.recipients = recipients
        self.entryCount = entryCount
        self.tornTail = tornTail
        self.validLength = validLength
        self.needsNewline = needsNewline
    }

    /// Replays journal bytes.
    init(bytes: [UInt8], path: String) throws(StoreError) {
        let decoder = SendJournal.makeDecoder()
        var states: [String: RecipientState] = [:]
        var count = 0
        var start = 0
        var lineNumber = 0
        var torn = false
        var valid = 0
        var needsNewline = false
        while start < bytes.count {
            lineNumber += 1
            let newline = bytes[start...].firstIndex(of: 0x0A)
            let end = newline ?? bytes.count
            let line = bytes[start..<end]
            let isLast = newline == nil
            if !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) {
                do {
                    let entry = try decoder.decode(SendJournalEntry.self, from: Data(line))
                    Self.apply(entry, to: &states)
                    count += 1
                } catch {
                    if isLast {
                        torn = true
                        break
                    }
                    throw StoreError.corrupt(
                        path: path,
                        detail: "line \(lineNumber) is not a journal entry (\(error)); "
                            + "keep a copy and remove or fix that line to resume"
                    )
                }
            }
            valid = end + (isLast ? 0 : 1)
            needsNewline = isLast
            start = end + 1
        }
        self.init(
            recipients: states,
            entryCount: count,
            tornTail: torn,
            validLength: valid,
            needsNewline: needsNewline
        )
    }

    private static func apply(_ entry: SendJournalEntry, to states: inout [String: RecipientState]) {
        var state = states[entry.key] ?? RecipientState(event: entry.event, attempts: 0)
        if state.event != .accepted {
            state.event = entry.event
            if entry.code != nil || entry.text != nil {
                state.code = entry.code
                state.text = entry.text
            }
            if let q = entry.queueID { state.queueID = q }
        }
        if let a = entry.attempt { state.attempts = max(state.attempts, a) }
        if let m = entry.messageID { state.messageID = m }
        states[entry.key] = state
    }
}
