import Foundation

extension SendJournalEntry {
    /// The entry as one JSON line (with its `\n`) through the store's ``JSONLine`` writer: the bytes `JSONEncoder`
    /// gives with `.sortedKeys`, `.withoutEscapingSlashes` and `.iso8601` dates, at a fraction of the cost (a bulk
    /// send writes two lines per message). `SendJournalJSONTests` holds it to `JSONEncoder`'s output.
    /// - Parameter dates: The per-second cache of formatted dates (not thread-safe: one per caller or lock).
    func jsonLine(dates: inout JSONDateCache) -> [UInt8] {
        var line = JSONLine(capacity: 160 + key.utf8.count + (text?.utf8.count ?? 0) + (messageID?.utf8.count ?? 0))
        // Keys in sorted order: at, attempt, code, event, key, messageID, next, queueID, text, writer.
        line.date("at", at, &dates)
        line.number("attempt", attempt)
        line.number("code", code)
        line.string("event", event.rawValue)
        line.string("key", key)
        line.string("messageID", messageID)
        line.date("next", next, &dates)
        line.string("queueID", queueID)
        line.string("text", text)
        line.string("writer", writer)
        return line.finish()
    }
}
