import Foundation
import SmileyCore

extension StoreJSON {
    /// A record's file, written by hand: byte for byte what ``encoder()`` (`JSONEncoder` with `.sortedKeys`,
    /// `.prettyPrinted`, `.withoutEscapingSlashes` and the store's dates) writes for it, followed by `\n`, and read
    /// back by ``decode(_:from:path:)`` like any other.
    ///
    /// A relay starts one `smiley ingest` process per message, and `JSONEncoder`'s first use in a process (its
    /// run-time conformance lookups and generic set-up) cost more than writing the record itself. The keys are
    /// written in sorted order by the code below; `RecordJSONTests` holds the bytes to `JSONEncoder`'s over many
    /// records.
    static func encode(_ record: FeedbackRecord, path: String) throws(StoreError) -> [UInt8] {
        encode(record, into: PrettyJSONObject())
    }

    /// A record as one line of a ``RecordLog`` segment: byte for byte what `JSONEncoder` with `.sortedKeys` and
    /// `.withoutEscapingSlashes` (the compact form of ``encoder()``) writes, followed by `\n`.
    static func encodeLine(_ record: FeedbackRecord) -> [UInt8] {
        encode(record, into: PrettyJSONObject(oneLine: true))
    }

    private static func encode(_ record: FeedbackRecord, into out: consuming PrettyJSONObject) -> [UInt8] {
        out.string("agent", record.agent)
        if let bounce = record.bounce {
            out.openObject("bounce")
            out.string("diagnostic", bounce.diagnostic)
            out.string("statusCode", bounce.statusCode)
            out.closeObject()
        }
        out.string("classification", record.classification.rawValue)
        out.string("comment", record.comment)
        out.string("company", record.company)
        out.string("confirmation", record.confirmation?.rawValue)
        out.string("id", record.id.rawValue)
        out.string("inReplyTo", record.inReplyTo)
        out.string("messageID", record.messageID)
        out.strings("parserWarnings", record.parserWarnings)
        if let rating = record.rating {
            out.openObject("rating")
            out.string("scale", rating.scale.rawValue)
            out.number("value", rating.value)
            out.closeObject()
        }
        out.string("receivedAt", JSONDateCache.format(Int(record.receivedAt.timeIntervalSince1970.rounded(.down))))
        out.string("recipientEmail", record.recipientEmail?.description)
        out.string("recipientID", record.recipientID?.description)
        out.number("schemaVersion", FeedbackRecord.schemaVersion)
        out.string("source", record.source.rawValue)
        out.string("surveyID", record.surveyID)
        out.string("ticketID", record.ticketID)
        out.string("writer", record.writer)
        return out.finish()
    }
}

/// A JSON object written as `JSONEncoder`'s `.prettyPrinted` writes it: two spaces a level, `"key" : value`, one
/// member a line, an empty array as `[`, an empty line, `]`; or, `oneLine`, as its compact form writes it:
/// `"key":value`, no spaces, `[]`. The caller adds keys in sorted order.
struct PrettyJSONObject: ~Copyable {
    private var bytes: [UInt8] = []
    private var depth = 1
    private var first = true
    private let oneLine: Bool

    /// Starts the object (`{`).
    init(oneLine: Bool = false) {
        self.oneLine = oneLine
        bytes.reserveCapacity(768)
        bytes.append(UInt8(ascii: "{"))
    }

    private mutating func newline(_ level: Int) {
        if oneLine { return }
        bytes.append(0x0A)
        for _ in 0..<level { bytes.append(contentsOf: [0x20, 0x20]) }
    }

    private mutating func key(_ name: StaticString) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        newline(depth)
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        if oneLine {
            bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        } else {
            bytes.append(contentsOf: [UInt8(ascii: "\""), 0x20, UInt8(ascii: ":"), 0x20])
        }
    }

    private mutating func quoted(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        JSONLine.appendEscaped(value, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// `"name" : "value"` when `value` is set.
    mutating func string(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        quoted(value)
    }

    /// `"name" : "value"` for text that needs no escaping (a formatted date).
    mutating func string(_ name: StaticString, _ value: [UInt8]) {
        key(name)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: value)
        bytes.append(UInt8(ascii: "\""))
    }

    /// `"name" : 123`.
    mutating func number(_ name: StaticString, _ value: Int) {
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    /// `"name" : [ "a", "b" ]`, one element a line.
    mutating func strings(_ name: StaticString, _ values: [String]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        if values.isEmpty {
            if !oneLine { bytes.append(0x0A) }
        } else {
            for (index, value) in values.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(depth + 1)
                quoted(value)
            }
        }
        newline(depth)
        bytes.append(UInt8(ascii: "]"))
    }

    /// `"name" : {` — the members that follow belong to the nested object until ``closeObject()``.
    mutating func openObject(_ name: StaticString) {
        key(name)
        bytes.append(UInt8(ascii: "{"))
        depth += 1
        first = true
    }

    /// Closes the nested object (`}`); it has at least one member.
    mutating func closeObject() {
        depth -= 1
        newline(depth)
        bytes.append(UInt8(ascii: "}"))
        first = false
    }

    /// Closes the object and adds the file's final `\n`.
    consuming func finish() -> [UInt8] {
        newline(0)
        bytes.append(UInt8(ascii: "}"))
        bytes.append(0x0A)
        return bytes
    }
}
