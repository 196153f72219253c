import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One line of a JSON Lines file, written by hand: the store's one encoder for its append-only logs (send
/// journals, the sent index, the suppression list).
///
/// A bulk send appends thousands of lines a second, and `JSONEncoder` costs several times the `write(2)` each
/// line is for. Strings are escaped and dates formatted exactly as `JSONEncoder` does with `.withoutEscapingSlashes`
/// and `.iso8601`; with keys added in sorted order (the journal) the line is byte for byte `JSONEncoder`'s
/// `.sortedKeys` output, and the tests hold it to that. The sent index puts `id` first, so a lookup can match a
/// line's prefix. Any JSON reader, `JSONDecoder` included, reads every line back.
struct JSONLine {
    private(set) var bytes: [UInt8]
    private var first = true

    /// Starts a line (`{`).
    init(capacity: Int = 192) {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    private mutating func key(_ name: StaticString) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// `"name":"value"`, escaped as `JSONEncoder` escapes.
    mutating func string(_ name: StaticString, _ value: String) {
        key(name)
        bytes.append(UInt8(ascii: "\""))
        Self.appendEscaped(value, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// `"name":"value"` when `value` is set.
    mutating func string(_ name: StaticString, _ value: String?) {
        if let value { string(name, value) }
    }

    /// `"name":123`.
    mutating func number(_ name: StaticString, _ value: Int?) {
        guard let value else { return }
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    /// `"name":"2024-05-01T12:00:00Z"` (ISO 8601 UTC, whole seconds), formatted through `dates`.
    mutating func date(_ name: StaticString, _ value: Date?, _ dates: inout JSONDateCache) {
        guard let value else { return }
        key(name)
        bytes.append(UInt8(ascii: "\""))
        dates.append(value, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Closes the object and the line (`}\n`).
    consuming func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        bytes.append(0x0A)
        return bytes
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
/// second's text kept: log lines come thousands a second, so most dates are formatted once.
struct JSONDateCache {
    private var second = Int.min
    private var text: [UInt8] = []

    init() {}

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
        let year = gmtime_r(&time, &parts) == nil ? -1 : Int(parts.tm_year) + 1900
        guard (0...9999).contains(year) else {
            return Array(ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(seconds))).utf8)
        }
        var out: [UInt8] = []
        out.reserveCapacity(20)
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                out.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        digits(year, 4)
        out.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mon) + 1, 2)
        out.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mday), 2)
        out.append(UInt8(ascii: "T"))
        digits(Int(parts.tm_hour), 2)
        out.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_min), 2)
        out.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_sec), 2)
        out.append(UInt8(ascii: "Z"))
        return out
    }
}
