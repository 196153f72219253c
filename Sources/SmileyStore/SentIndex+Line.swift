import Foundation
import SmileyCore

extension SentIndex {
    /// One line: `{"id":"<recipient id>",` then the entry's fields in `Entry`'s order, then `}\n`.
    ///
    /// ``entry(line:)`` reads exactly this form back; keep the two together.
    static func line(id: RecipientID, entry: Entry, dates: inout JSONDateCache) -> [UInt8] {
        var line = JSONLine(capacity: 256)
        line.string("id", id.description)
        line.string("email", entry.email)
        line.string("name", entry.name)
        line.string("ticketID", entry.ticketID)
        line.string("agent", entry.agent)
        line.string("company", entry.company)
        line.string("messageID", entry.messageID)
        line.date("sentAt", entry.sentAt, &dates)
        return line.finish()
    }

    /// The entry a line of ``line(id:entry:dates:)``'s form holds (without its `\n`; its `id` is the caller's to
    /// match), read by hand; nil when the
    /// line is not exactly that form, and the caller then asks `JSONDecoder`.
    ///
    /// An `smiley ingest` process looks up one line; `JSONDecoder`'s first use cost it half a million
    /// instructions. This reader takes only what `JSONDecoder` certainly reads the same way: the keys in the
    /// writer's order without spaces, strings of valid UTF-8 without raw control characters, the escapes JSON
    /// has (`\uXXXX` but surrogates), and a `sentAt` in the store's own date form (``StoreDates/parse(_:)``).
    /// Anything else (a torn line, an edited one, a key more or less) is left to `JSONDecoder`, whose answer
    /// counts; `SentIndexLineTests` holds the two to the same answer.
    static func entry(line: ArraySlice<UInt8>) -> Entry? {
        line.withUnsafeBufferPointer { buffer in
            var reader = LineReader(bytes: buffer)
            return reader.read()
        }
    }

    private struct LineReader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        mutating func read() -> Entry? {
            guard take(UInt8(ascii: "{")), member("id", first: true) != nil, let email = member("email"),
                let name = member("name"), let ticketID = member("ticketID"), let agent = member("agent"),
                let company = member("company"), let messageID = member("messageID"),
                let sentAt = member("sentAt"), take(UInt8(ascii: "}")), position == bytes.count,
                let date = StoreDates.parse(sentAt)
            else { return nil }
            return Entry(
                email: email,
                name: name,
                ticketID: ticketID,
                agent: agent,
                company: company,
                messageID: messageID,
                sentAt: date
            )
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        /// `,"key":"value"` (without the comma for the first member); the value unescaped.
        private mutating func member(_ key: StaticString, first: Bool = false) -> String? {
            guard first || take(UInt8(ascii: ",")), take(UInt8(ascii: "\"")) else { return nil }
            let count = key.utf8CodeUnitCount
            guard position + count <= bytes.count else { return nil }
            for index in 0..<count where bytes[position + index] != key.utf8Start[index] { return nil }
            position += count
            guard take(UInt8(ascii: "\"")), take(UInt8(ascii: ":")) else { return nil }
            return string()
        }

        /// A string at the current position (its opening quote), escapes resolved; nil for anything this reader
        /// leaves to `JSONDecoder`.
        private mutating func string() -> String? { JSONString.read(bytes, at: &position) }
    }
}
