import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The store's dates in JSON: ISO 8601 UTC to the second (`2024-05-01T12:00:00Z`), exactly what `JSONEncoder`'s
/// `.iso8601` writes and reads, without Foundation's `Calendar` and `TimeZone` behind it. Setting those up (the
/// zone files, the Gregorian tables) cost every `smiley ingest` process about half a millisecond, for one date.
enum StoreDates {
    /// Writes dates as `.iso8601` does (``JSONDateCache/format(_:)``).
    static let encoding: JSONEncoder.DateEncodingStrategy = .custom { date, encoder in
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        var container = encoder.singleValueContainer()
        try container.encode(String(decoding: JSONDateCache.format(seconds), as: UTF8.self))
    }

    /// Reads what `.iso8601` reads: the store's own form directly, any other ISO 8601 form through Foundation.
    static let decoding: JSONDecoder.DateDecodingStrategy = .custom { decoder in
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        if let date = parse(text) { return date }
        guard let date = try? Date(text, strategy: .iso8601) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "Expected date string to be ISO8601-formatted."
            )
        }
        return date
    }

    /// The date `text` names when it is exactly the store's form (`YYYY-MM-DDTHH:MM:SSZ`, a real calendar date);
    /// nil for anything else (other ISO 8601 forms are left to Foundation).
    static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { bytes -> Date? in
            guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
                bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
                bytes[19] == UInt8(ascii: "Z")
            else { return nil }
            func number(_ start: Int, _ count: Int) -> Int32? {
                var value: Int32 = 0
                for index in start..<start + count {
                    let digit = bytes[index] &- UInt8(ascii: "0")
                    guard digit < 10 else { return nil }
                    value = value * 10 + Int32(digit)
                }
                return value
            }
            guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
                let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2)
            else { return nil }
            var parts = tm()
            parts.tm_year = year - 1900
            parts.tm_mon = month - 1
            parts.tm_mday = day
            parts.tm_hour = hour
            parts.tm_min = minute
            parts.tm_sec = second
            let seconds = Int(timegm(&parts))
            // timegm normalizes 2024-02-30 to March 1st; only a date that formats back to the same text is one.
            guard JSONDateCache.format(seconds).elementsEqual(bytes) else { return nil }
            return Date(timeIntervalSince1970: Double(seconds))
        }
    }
}
