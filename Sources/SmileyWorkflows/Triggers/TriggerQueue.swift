import Foundation
import SmileyCore
import SmileyInbound
import SmileyStore

/// The persisted queue of triggers waiting for their survey: `data/triggers/pending/SURVEY.KEY.csv`, each a
/// one-row recipient list that ``SendWorkflow`` sends like any other (same journal, suppression, frequency cap,
/// outbox or SMTP), and `data/triggers/done/SURVEY.KEY.csv` once sent. KEY is a hash of the source and the ticket
/// id, so the same ticket from the same source is queued once, ever; the file is written durably (``DurableFile``)
/// before a route answers 2xx.
///
/// A restart loses nothing (a pending file stays until its send finished) and repeats nothing (the send's journal,
/// keyed by the pending file's path, skips a recipient it shows as accepted; a file is marked done only after).
struct TriggerQueue: Sendable {
    let directory: String
    let synchronize: Bool

    var pendingDirectory: String { directory + "/pending" }
    var doneDirectory: String { directory + "/done" }

    init(dataDirectory: String, synchronize: Bool) {
        self.directory = dataDirectory + "/triggers"
        self.synchronize = synchronize
    }

    /// The file name of `trigger`: its survey, then a hash of source and ticket id (ticket ids may hold anything).
    static func fileName(_ trigger: Trigger) -> String {
        let key = HMACSignature.code(
            .sha256,
            key: Array("smiley-trigger-queue".utf8),
            message: Array(trigger.source.utf8) + [0] + Array(trigger.ticketID.utf8)
        )
        return "\(trigger.surveyID).\(HMACSignature.hex(key).prefix(32)).csv"
    }

    /// The one-row recipient list of `trigger` (RFC 4180; line breaks in a value become spaces).
    static func csv(_ trigger: Trigger) -> [UInt8] {
        func field(_ value: String?) -> String {
            let flat = (value ?? "").replacingOccurrences(of: "\r\n", with: " ")
                .replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
            return "\"" + flat.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        let row = [
            trigger.email.description, trigger.name, trigger.ticketID, trigger.subject, trigger.agent, trigger.locale,
        ]
        return Array(
            ("email,name,ticket_id,ticket_subject,agent,locale\r\n" + row.map(field).joined(separator: ",") + "\r\n")
                .utf8
        )
    }

    /// Queues `trigger` durably.
    /// - Returns: false when the same source and ticket was queued before (pending or done).
    func enqueue(_ trigger: Trigger) throws(StoreError) -> Bool {
        let name = Self.fileName(trigger)
        if FileManager.default.fileExists(atPath: doneDirectory + "/" + name) { return false }
        try DurableFile.makeDirectory(pendingDirectory)
        let outcome = try DurableFile.create(
            Self.csv(trigger),
            directory: pendingDirectory,
            name: name,
            synchronize: synchronize,
            mode: 0o600
        )
        return outcome == .stored
    }

    /// The pending files, oldest name first.
    func pending() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: pendingDirectory)) ?? []
        return names.filter { $0.hasSuffix(".csv") && !$0.hasPrefix(DurableFile.temporaryPrefix) }.sorted()
    }

    /// Marks `name` sent: the done marker first (so it is never queued again), then the pending file goes.
    func markDone(_ name: String, outcome: String) throws(StoreError) {
        try DurableFile.makeDirectory(doneDirectory)
        try DurableFile.create(
            Array((outcome + "\n").utf8),
            directory: doneDirectory,
            name: name,
            synchronize: synchronize,
            mode: 0o600
        )
        try DurableFile.remove(pendingDirectory + "/" + name)
    }
}
