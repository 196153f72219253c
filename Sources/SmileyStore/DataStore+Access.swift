public import Foundation
public import SmileyCore

/// Everything the store holds about one person (GDPR art. 15 and 20), as `smiley access` prints it.
public struct PersonalData: Sendable, Encodable {
    /// The address asked about (normalized).
    public var email: String
    /// Feedback records that name the address or one of the person's recipient ids.
    public var records: [FeedbackRecord]
    /// Sent-index entries: each survey sent to the person.
    public var sent: [SentEntry]
    /// Send-journal lines about the person.
    public var journalLines: [JournalLine]
    /// The person's suppression-list entry, if they are listed.
    public var suppression: Suppression?
    /// Quarantined messages from or to the person, whole.
    public var quarantined: [StoredMessage]
    /// Outbox messages to the person, whole.
    public var outbox: [StoredMessage]
    /// Help-desk triggers queued for the person and not sent yet (one-row recipient lists), whole.
    public var pendingTriggers: [StoredMessage] = []
    /// Files that could not be read (damaged or half-written), with the reason; they were skipped.
    public var unreadable: [String]

    /// One sent-index entry.
    public struct SentEntry: Sendable, Encodable {
        /// The survey sent.
        public var surveyID: String
        /// The person's id within that survey (16 hex digits).
        public var recipientID: String
        /// What was remembered: address, name, ticket, agent, company, Message-ID, when.
        public var entry: SentIndex.Entry
    }

    /// One journal line, as written.
    public struct JournalLine: Sendable, Encodable {
        /// The journal file.
        public var file: String
        /// The line, as JSON text.
        public var line: String
    }

    /// A suppression entry.
    public struct Suppression: Sendable, Encodable {
        /// Why they are suppressed: `unsubscribed`, `hardBounce`, `complaint`, `manual` or `erased`.
        public var reason: String
        /// When they were added.
        public var at: Date
        /// The operator's text (a bounce's diagnostic, the address blanked out), if any.
        public var detail: String?
    }

    /// A stored message: its file and its text (bytes that are not UTF-8 replaced).
    public struct StoredMessage: Sendable, Encodable {
        /// The file it is kept in.
        public var file: String
        /// Why it was quarantined (quarantined messages only).
        public var reason: String?
        /// The whole message.
        public var message: String
    }
}

extension DataStore {
    /// The person's recipient ids, survey by survey, from the sent index and the records.
    func recipientIDs(of address: EmailAddress, sent: [SentIndex.Listed], records: [FeedbackRecord]) -> Set<String> {
        let wanted = address.normalized
        var ids = Set(
            sent.filter { Self.sameAddress($0.entry.email, wanted) }.map { "\($0.surveyID)/\($0.recipientID)" }
        )
        for record in records where record.recipientEmail?.normalized == wanted {
            if let survey = record.surveyID, let id = record.recipientID { ids.insert("\(survey)/\(id)") }
        }
        return ids
    }

    static func sameAddress(_ text: String, _ normalized: String) -> Bool {
        ((try? EmailAddress(text))?.normalized ?? text.lowercased()) == normalized
    }

    /// Whether `bytes` contain `needle` (ASCII case-insensitively): how a whole message is matched to a person.
    static func mentions(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, bytes.count >= needle.count else { return false }
        func lower(_ b: UInt8) -> UInt8 { (0x41...0x5A).contains(b) ? b | 0x20 : b }
        let first = lower(needle[0])
        var i = 0
        let last = bytes.count - needle.count
        while i <= last {
            if lower(bytes[i]) == first {
                var j = 1
                while j < needle.count, lower(bytes[i + j]) == lower(needle[j]) { j += 1 }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }

    /// Everything held about a person: records, sent-index entries, journal lines, suppression state,
    /// quarantined messages from or to them, outbox files and queued help-desk triggers. Damaged files are named in
    /// ``PersonalData/unreadable`` and skipped, never a failure.
    public func access(email address: EmailAddress) throws(StoreError) -> PersonalData {
        let wanted = address.normalized
        var unreadable: [String] = []
        let allRecords = try records.allRecordsSkippingDamaged(into: &unreadable)
        let sent = try sentIndex.entries()
        let ids = recipientIDs(of: address, sent: sent, records: allRecords)
        let keys = Set(ids.map { String($0.split(separator: "/").last ?? "") })
        let mine = allRecords.filter { record in
            record.recipientEmail?.normalized == wanted
                || (record.surveyID.flatMap { s in record.recipientID.map { ids.contains("\(s)/\($0)") } } ?? false)
        }
        var journalLines: [PersonalData.JournalLine] = []
        for file in try journalFiles() {
            guard let bytes = try System.readFile(file) else { continue }
            for line in bytes.split(separator: 0x0A)
            where Self.journalLine(line, isAbout: keys, address: Array(wanted.utf8)) {
                journalLines.append(.init(file: file, line: String(decoding: line, as: UTF8.self)))
            }
        }
        let suppressed = try suppressionList.load().entry(for: address)
        let needle = Array(wanted.utf8)
        var quarantined: [PersonalData.StoredMessage] = []
        let reasons = Dictionary(
            try quarantine.entriesSkippingDamaged(into: &unreadable).map { ($0.sha256, $0.reason) },
            uniquingKeysWith: { first, _ in first }
        )
        for digest in try quarantine.messageDigests() {
            guard let bytes = try quarantine.message(sha256: digest), Self.isAbout(bytes, address: needle, keys: keys)
            else { continue }
            quarantined.append(
                .init(
                    file: quarantine.path + "/" + digest + ".eml",
                    reason: reasons[digest],
                    message: String(decoding: bytes, as: UTF8.self)
                )
            )
        }
        var outboxed: [PersonalData.StoredMessage] = []
        for name in try outbox.fileNames() {
            guard let bytes = try outbox.message(named: name),
                Self.mentions(bytes, needle) || Self.named(name, withAnyOf: keys)
            else { continue }
            outboxed.append(
                .init(file: outbox.directory + "/" + name, reason: nil, message: String(decoding: bytes, as: UTF8.self))
            )
        }
        var triggers: [PersonalData.StoredMessage] = []
        for name in triggerQueue.pending() {
            guard let bytes = triggerQueue.pendingBytes(name), Self.mentions(bytes, needle) else { continue }
            triggers.append(
                .init(
                    file: triggerQueue.pendingDirectory + "/" + name,
                    reason: nil,
                    message: String(decoding: bytes, as: UTF8.self)
                )
            )
        }
        return PersonalData(
            email: wanted,
            records: mine,
            sent: sent.filter { ids.contains("\($0.surveyID)/\($0.recipientID)") }
                .map { .init(surveyID: $0.surveyID, recipientID: $0.recipientID.description, entry: $0.entry) },
            journalLines: journalLines,
            suppression: suppressed.map { .init(reason: $0.reason.rawValue, at: $0.at, detail: $0.detail) },
            quarantined: quarantined,
            outbox: outboxed,
            pendingTriggers: triggers,
            unreadable: unreadable
        )
    }

    /// The send journals' paths.
    func journalFiles() throws(StoreError) -> [String] {
        try System.listDirectory(journalsDirectory).filter { !$0.hasPrefix(".") && $0.hasSuffix(".jsonl") }.sorted()
            .map { journalsDirectory + "/" + $0 }
    }

    /// Whether a journal line is about the person: its key is one of their recipient ids, or its text (a
    /// server's reply) names the address.
    static func journalLine(_ line: ArraySlice<UInt8>, isAbout keys: Set<String>, address: [UInt8]) -> Bool {
        if mentions(Array(line), address) { return true }
        guard let start = line.firstRange(of: Array("\"key\":\"".utf8))?.upperBound,
            let end = line[start...].firstIndex(of: UInt8(ascii: "\""))
        else { return false }
        return keys.contains(String(decoding: line[start..<end], as: UTF8.self))
    }

    /// Whether an outbox file's name (from the survey's Message-ID, `smiley.SURVEY.RECIPIENT@…`, or
    /// `smiley.SURVEY.RECIPIENT.reminder@…`) holds one of the recipient ids.
    static func named(_ name: String, withAnyOf keys: Set<String>) -> Bool {
        keys.contains { !$0.isEmpty && (name.contains("." + $0 + "@") || name.contains("." + $0 + ".")) }
    }

    /// Whether a whole message is about the person: it names the address, or a survey Message-ID of one of their
    /// recipient ids (a reply that quotes only the survey's headers, a bounce of it).
    static func isAbout(_ bytes: [UInt8], address: [UInt8], keys: Set<String>) -> Bool {
        if mentions(bytes, address) { return true }
        return keys.contains { key in
            !key.isEmpty
                && (mentions(bytes, Array(("." + key + "@").utf8)) || mentions(bytes, Array(("." + key + ".").utf8)))
        }
    }
}
