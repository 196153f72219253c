public import Foundation
public import SmileyCore

/// What ``DataStore/erase(email:now:)`` did, kind by kind.
public struct ErasureReport: Sendable, Encodable, Hashable {
    /// Records kept for aggregates with identity and comment removed (rating, time, survey and agent stay).
    public var recordsAnonymized = 0
    /// Sent-index entries removed.
    public var sentEntriesRemoved = 0
    /// Journal lines removed (or, for another recipient's line naming the address, blanked).
    public var journalLinesRemoved = 0
    /// Quarantined messages removed.
    public var quarantinedRemoved = 0
    /// Outbox files removed.
    public var outboxRemoved = 0
    /// Queued help-desk triggers (not sent yet) removed.
    public var triggersRemoved = 0
    /// Whether the address was added to the suppression list (as a keyed hash) by this erasure.
    public var suppressionAdded = false
    /// Files that could not be read and were skipped (they may still hold something about the person).
    public var unreadable: [String] = []

    /// Whether anything about the person was found.
    public var foundAnything: Bool {
        recordsAnonymized + sentEntriesRemoved + journalLinesRemoved + quarantinedRemoved + outboxRemoved
            + triggersRemoved > 0
    }
}

extension FeedbackRecord {
    /// The record with everything that identifies or quotes the person removed: what stays (survey, agent,
    /// rating, kind, time, bounce status) counts in reports and names no one.
    public var anonymized: FeedbackRecord {
        FeedbackRecord(
            id: id,
            surveyID: surveyID,
            recipientID: nil,
            recipientEmail: nil,
            ticketID: "",
            agent: agent,
            company: "",
            rating: rating,
            comment: nil,
            source: source,
            classification: classification,
            receivedAt: receivedAt,
            messageID: nil,
            inReplyTo: nil,
            parserWarnings: [],
            bounce: bounce.map { Bounce(statusCode: $0.statusCode, diagnostic: nil) },
            confirmation: confirmation
        )
    }
}

extension DataStore {
    /// Erases a person (GDPR art. 17) from every kind of file, holding the store's exclusive lock: records are
    /// anonymized (kept with the same id, so a re-delivered message cannot bring them back), sent-index entries,
    /// journal lines, quarantined and outbox messages and queued help-desk triggers that name them are removed, and their address goes on the
    /// suppression list as a keyed hash, so they are never surveyed again and the list names no one.
    /// Damaged files are reported and skipped. Temporary files left by crashed writers are removed too.
    public func erase(email address: EmailAddress, now: Date = Date()) throws(StoreError) -> ErasureReport {
        let lock = try lock(exclusive: true, patient: true)
        defer { withExtendedLifetime(lock) {} }
        try migrate()
        var report = ErasureReport()
        // First the promise never to survey them again, so a failure further on leaves them suppressed.
        let list = suppressionList
        report.suppressionAdded = try list.add(address, reason: .erased, at: now)
        let wanted = address.normalized
        let needle = Array(wanted.utf8)
        let sync = configuration.synchronizes

        let recordFiles = try records.recordFilesSkippingDamaged(into: &report.unreadable)  // read once
        let sent = try sentIndex.entries()
        let ids = recipientIDs(of: address, sent: sent, records: recordFiles.map(\.record))
        let keys = Set(ids.map { String($0.split(separator: "/").last ?? "") })

        report.recordsAnonymized = try records.anonymize(recordFiles) { record in
            let byID = record.surveyID.flatMap { s in record.recipientID.map { ids.contains("\(s)/\($0)") } } ?? false
            return record.recipientEmail?.normalized == wanted || byID
        }
        report.sentEntriesRemoved = try sentIndex.rewrite(
            synchronize: sync,
            removingUnreadable: { Self.mentions(Array($0), needle) }
        ) { listed in
            ids.contains("\(listed.surveyID)/\(listed.recipientID)") || Self.sameAddress(listed.entry.email, wanted)
        }.count
        for file in try journalFiles() {
            report.journalLinesRemoved += try eraseJournalLines(file, keys: keys, address: needle)
        }
        for digest in try quarantine.messageDigests() {
            guard let bytes = try quarantine.message(sha256: digest), Self.isAbout(bytes, address: needle, keys: keys)
            else { continue }
            if try quarantine.remove(sha256: digest) { report.quarantinedRemoved += 1 }
        }
        var outboxChanged = false
        for name in try outbox.fileNames() {
            guard let bytes = try outbox.message(named: name),
                Self.mentions(bytes, needle) || Self.named(name, withAnyOf: keys)
            else { continue }
            if try System.remove(outbox.directory + "/" + name) {
                report.outboxRemoved += 1
                outboxChanged = true
            }
        }
        if outboxChanged, sync { try System.synchronizeDirectory(outbox.directory) }
        let triggers = triggerQueue
        for name in triggers.pending() {
            guard let bytes = triggers.pendingBytes(name), Self.mentions(bytes, needle) else { continue }
            if try triggers.removePending(name) { report.triggersRemoved += 1 }
        }
        if report.triggersRemoved > 0, sync { try System.synchronizeDirectory(triggers.pendingDirectory) }

        // Their entry keeps its reason and date, not its detail; any other entry's detail loses the address.
        let own = try list.load().entry(for: address)
        try list.rewrite(changing: { entry in
            if entry.hash == own?.hash, entry.keyID == own?.keyID { entry.detail = nil }
            entry.detail = entry.detail.map { SuppressionList.blankingOut(wanted, of: $0) }
        })
        try removeTemporaryFiles(now: now)
        return report
    }

    /// Removes a journal's lines about the person; another line naming the address has it blanked out.
    /// - Returns: How many lines changed.
    private func eraseJournalLines(_ file: String, keys: Set<String>, address: [UInt8]) throws(StoreError) -> Int {
        guard let bytes = try System.readFile(file) else { return 0 }
        var kept: [UInt8] = []
        var changed = 0
        let normalized = String(decoding: address, as: UTF8.self)
        for line in bytes.split(separator: 0x0A) {
            guard Self.journalLine(line, isAbout: keys, address: address) else {
                kept += line
                kept.append(0x0A)
                continue
            }
            changed += 1
            let text = String(decoding: line, as: UTF8.self)
            if let start = line.firstRange(of: Array("\"key\":\"".utf8))?.upperBound,
                let end = line[start...].firstIndex(of: UInt8(ascii: "\"")),
                keys.contains(String(decoding: line[start..<end], as: UTF8.self))
            {
                continue  // the person's own line
            }
            kept += Array(SuppressionList.blankingOut(normalized, of: text).utf8)
            kept.append(0x0A)
        }
        guard changed > 0 else { return 0 }
        // The journal keeps its date: retention counts from its last entry, not from this rewrite.
        let modified = try System.modificationTime(file)
        try DurableFile.replace(kept, path: file, synchronize: configuration.synchronizes)
        if let modified { try System.setModificationTime(file, modified) }
        return changed
    }

    /// Removes every temporary file (`.tmp-…`) in the store's folders: under the exclusive lock no writer is
    /// running, so any there were left by a crash and may hold personal data.
    func removeTemporaryFiles(now: Date) throws(StoreError) {
        var folders = [
            configuration.dataDirectory, journalsDirectory, quarantine.path, outbox.directory, records.recordsPath,
        ]
        for name in try System.listDirectory(records.recordsPath) where !name.hasPrefix(".") {
            folders.append(records.recordsPath + "/" + name)
        }
        for survey in try System.listDirectory(sentIndex.directory) where !survey.hasPrefix(".") {
            folders.append(sentIndex.directory + "/" + survey)
        }
        for folder in folders {
            var removed = try DurableFile.removeStaleTemporaryFiles(
                in: folder,
                olderThan: -1,
                now: now.timeIntervalSince1970 + 1
            )
            // Earlier versions named theirs `.<name>.<pid>.tmp`.
            for name in try System.listDirectory(folder) where name.hasPrefix(".") && name.hasSuffix(".tmp") {
                if try System.remove(folder + "/" + name) { removed += 1 }
            }
            if removed > 0, configuration.synchronizes { try System.synchronizeDirectory(folder) }
        }
    }
}
