import Foundation
import SmileyCore
import SmileyInbound
import SmileyStore

/// How a trigger goes into SmileyStore's ``TriggerQueue``: a file named after its survey and a hash of source and
/// ticket id (so the same ticket from the same source is queued once, ever), holding a one-row recipient list
/// that ``SendWorkflow`` sends like any other (same journal, suppression, frequency cap, outbox or SMTP). The file
/// is written durably before a route answers 2xx.
///
/// A restart loses nothing (a pending file stays until its send finished) and repeats nothing (the send's journal,
/// keyed by the pending file's path, skips a recipient it shows as accepted; a file is marked done only after).
extension TriggerQueue {
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
        try enqueue(name: Self.fileName(trigger), bytes: Self.csv(trigger))
    }
}
