import Foundation
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

extension SendJournalEntry {
    /// The entry as one JSON line (with its `\n`), written by hand: the same bytes `JSONEncoder` gives with
    /// `.sortedKeys`, `.withoutEscapingSlashes` and `.iso8601` dates, at a fraction of the cost (a bulk send
    /// writes two lines per message). `SendJournalJSONTests` holds it to `JSONEncoder`'s output.
    /// - Parameter dates: The per-second cache of formatted dates (not thread-safe: one per caller or lock).
    func jsonLine(dates: inout JournalDateCache) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(160 + key.utf8.count + (text?.utf8.count ?? 0) + (messageID?.utf8.count ?? 0))
        // Keys in sorted order: at, attempt, code, event, key, messageID, next, queueID, text.
        out.append(contentsOf: #"{"at":""#.utf8)
        dates.append(at, to: &out)
        out.append(UInt8(ascii: "\""))
        if let attempt { Self.appendNumber("attempt", attempt, to: &out) }
        if let code { Self.appendNumber("code", code, to: &out) }
        Self.appendString("event", event.rawValue, to: &out)
        Self.appendString("key", key, to: &out)
        if let messageID { Self.appendString("messageID", messageID, to: &out) }
        if let next {
            out.append(contentsOf: #","next":""#.utf8)
            dates.append(next, to: &out)
            out.append(UInt8(ascii: "\""))
        }
        if let queueID { Self.appendString("queueID", queueID, to: &out) }
        if let text { Self.appendString("text", text, to: &out) }
        out.append(UInt8(ascii: "}"))
        out.append(0x0A)
        return out
    }

    private static func appendNumber(_ name: StaticString, _ value: Int, to out: inout [UInt8]) {
        out.append(UInt8(ascii: ","))
        out.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(contentsOf: #"":"#.utf8)
        out.append(contentsOf: String(value).utf8)
    }

    private static func appendString(_ name: StaticString, _ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: ","))
        out.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(contentsOf: #"":""#.utf8)
        appendEscaped(value, to: &out)
        out.append(UInt8(ascii: "\""))
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// JSON string escaping as `JSONEncoder` does it: `"` and `\`, the short forms `\b \t \n \f \r`, other
    /// controls below 0x20 as `\u00xx`; everything else (DEL, `/`, non-ASCII) as is.
    static func appendEscaped(_ value: String, to out: inout [UInt8]) {
        var value = value
        value.withUTF8 { bytes in
            var runStart = 0
            for i in 0..<bytes.count {
                let b = bytes[i]
                guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                runStart = i + 1
                out.append(UInt8(ascii: "\\"))
                switch b {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(b)
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x09: out.append(UInt8(ascii: "t"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                default:
                    out.append(contentsOf: "u00".utf8)
                    out.append(hex[Int(b >> 4)])
                    out.append(hex[Int(b & 0x0F)])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
    }
}

/// ISO 8601 UTC dates to the second (`2024-05-01T12:00:00Z`, as `JSONEncoder`'s `.iso8601`), with the last
/// second's text kept: journal entries come thousands a second, so most dates are formatted once.
struct JournalDateCache {
    private var second = Int.min
    private var text: [UInt8] = []

    mutating func append(_ date: Date, to out: inout [UInt8]) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        if seconds != second {
            second = seconds
            text = Self.format(seconds)
        }
        out.append(contentsOf: text)
    }

    static func format(_ seconds: Int) -> [UInt8] {
        var time = time_t(seconds)
        var parts = tm()
        guard gmtime_r(&time, &parts) != nil else {
            return Array(ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(seconds))).utf8)
        }
        var out: [UInt8] = []
        out.reserveCapacity(20)
        func two(_ value: Int32) {
            out.append(UInt8(ascii: "0") + UInt8(value / 10))
            out.append(UInt8(ascii: "0") + UInt8(value % 10))
        }
        let year = Int(parts.tm_year) + 1900
        guard (0...9999).contains(year) else {
            return Array(ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(seconds))).utf8)
        }
        out.append(contentsOf: String(year).utf8)
        while out.count < 4 { out.insert(UInt8(ascii: "0"), at: 0) }
        out.append(UInt8(ascii: "-")); two(parts.tm_mon + 1)
        out.append(UInt8(ascii: "-")); two(parts.tm_mday)
        out.append(UInt8(ascii: "T")); two(parts.tm_hour)
        out.append(UInt8(ascii: ":")); two(parts.tm_min)
        out.append(UInt8(ascii: ":")); two(parts.tm_sec)
        out.append(UInt8(ascii: "Z"))
        return out
    }
}
