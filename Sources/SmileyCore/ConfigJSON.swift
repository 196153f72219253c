/// A JSON document as ``SmileyConfig``'s own reader sees it: objects (members in file order), arrays, strings,
/// integers, booleans and null.
///
/// The reader takes only what `JSONDecoder` certainly reads the same way, and gives up (`nil`) on anything else:
/// a fraction or exponent, an integer outside `Int`, `-0`, a lone surrogate escape, bytes that are not UTF-8, a
/// key twice in one object, nesting deeper than 64, or any syntax error. ``SmileyConfig/parse(_:path:)`` then
/// hands the file to `JSONDecoder`, whose result and messages count; this reader only spares a relay's
/// per-message `smiley ingest` process `JSONDecoder`'s first-use cost.
enum ConfigJSON: Sendable, Equatable {
    case object([Member])
    case array([ConfigJSON])
    case string(String)
    case integer(Int)
    case bool(Bool)
    case null

    /// One member of an object.
    struct Member: Sendable, Equatable {
        let key: String
        let value: ConfigJSON
    }

    /// The document in `bytes`, or nil when this reader leaves it to `JSONDecoder`.
    static func parse(_ bytes: [UInt8]) -> ConfigJSON? {
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = Scanner(bytes: buffer)
            guard let value = try? scanner.value(depth: 0) else { return nil }
            scanner.skipWhitespace()
            return scanner.position == buffer.count ? value : nil
        }
    }

    /// The reader gave up: the file goes to `JSONDecoder`.
    struct Decline: Error {}

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        mutating func skipWhitespace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x09, 0x0A, 0x0D: position += 1
                default: return
                }
            }
        }

        mutating func expect(_ byte: UInt8) throws(Decline) {
            guard position < bytes.count, bytes[position] == byte else { throw Decline() }
            position += 1
        }

        mutating func value(depth: Int) throws(Decline) -> ConfigJSON {
            guard depth < 64 else { throw Decline() }
            skipWhitespace()
            guard position < bytes.count else { throw Decline() }
            switch bytes[position] {
            case UInt8(ascii: "{"):
                position += 1
                var members: [Member] = []
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                    position += 1
                    return .object(members)
                }
                while true {
                    skipWhitespace()
                    let key = try string()
                    guard !members.contains(where: { $0.key == key }) else { throw Decline() }
                    skipWhitespace()
                    try expect(UInt8(ascii: ":"))
                    members.append(Member(key: key, value: try value(depth: depth + 1)))
                    skipWhitespace()
                    guard position < bytes.count else { throw Decline() }
                    position += 1
                    if bytes[position - 1] == UInt8(ascii: "}") { return .object(members) }
                    guard bytes[position - 1] == UInt8(ascii: ",") else { throw Decline() }
                }
            case UInt8(ascii: "["):
                position += 1
                var elements: [ConfigJSON] = []
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                    position += 1
                    return .array(elements)
                }
                while true {
                    elements.append(try value(depth: depth + 1))
                    skipWhitespace()
                    guard position < bytes.count else { throw Decline() }
                    position += 1
                    if bytes[position - 1] == UInt8(ascii: "]") { return .array(elements) }
                    guard bytes[position - 1] == UInt8(ascii: ",") else { throw Decline() }
                }
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"):
                try literal("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try literal("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try literal("null")
                return .null
            default: return .integer(try integer())
            }
        }

        mutating func literal(_ word: StaticString) throws(Decline) {
            let count = word.utf8CodeUnitCount
            guard position + count <= bytes.count else { throw Decline() }
            for index in 0..<count where bytes[position + index] != word.utf8Start[index] { throw Decline() }
            position += count
        }

        /// `-?(0|[1-9][0-9]*)` within `Int`, not followed by a fraction or exponent, and not `-0`.
        mutating func integer() throws(Decline) -> Int {
            var negative = false
            if position < bytes.count, bytes[position] == UInt8(ascii: "-") {
                negative = true
                position += 1
            }
            let start = position
            var magnitude = 0
            while position < bytes.count, bytes[position] &- UInt8(ascii: "0") < 10 {
                let digit = Int(bytes[position] &- UInt8(ascii: "0"))
                let (times, overflow) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(digit)
                guard !overflow, !overflow2 else { throw Decline() }
                magnitude = sum
                position += 1
            }
            let count = position - start
            guard count > 0, !(count > 1 && bytes[start] == UInt8(ascii: "0")), !(negative && magnitude == 0) else {
                throw Decline()
            }
            if position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): throw Decline()
                default: break
                }
            }
            return negative ? -magnitude : magnitude
        }

        /// A string at the current position (its opening quote), escapes resolved.
        mutating func string() throws(Decline) -> String {
            guard let text = JSONString.read(bytes, at: &position) else { throw Decline() }
            return text
        }
    }
}
