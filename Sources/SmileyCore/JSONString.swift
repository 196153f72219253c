/// The one reader of JSON string literals for Smiley's hand-written JSON readers (the configuration's
/// ``ConfigJSON`` and the store's sent-index lines), which read only what `JSONDecoder` certainly reads the same
/// way and leave the rest to it.
package enum JSONString {
    /// Reads the string whose opening quote is at `position`, resolving escapes (surrogate pairs included); on
    /// success `position` is just past its closing quote.
    /// - Returns: The text, or `nil` for anything that is not a well-formed JSON string: no opening or closing
    ///   quote, a raw control byte, an unknown escape, a lone surrogate, or bytes that are not UTF-8.
    package static func read(_ bytes: UnsafeBufferPointer<UInt8>, at position: inout Int) -> String? {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return nil }
        var index = position + 1
        let start = index
        // The usual case: no escape, so the text is the bytes between the quotes.
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
            guard bytes[index] >= 0x20 else { return nil }
            index += 1
        }
        guard index < bytes.count else { return nil }
        var text = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while bytes[index] == UInt8(ascii: "\\") {
            index += 1
            guard index < bytes.count else { return nil }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escape)
            case UInt8(ascii: "b"): text.append(0x08)
            case UInt8(ascii: "f"): text.append(0x0C)
            case UInt8(ascii: "n"): text.append(0x0A)
            case UInt8(ascii: "r"): text.append(0x0D)
            case UInt8(ascii: "t"): text.append(0x09)
            case UInt8(ascii: "u"):
                guard var scalar = hex4(bytes, &index) else { return nil }
                if (0xD800..<0xDC00).contains(scalar) {
                    guard index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    else { return nil }
                    index += 2
                    guard let low = hex4(bytes, &index), (0xDC00..<0xE000).contains(low) else { return nil }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { return nil }
                text.append(contentsOf: unicode.utf8)
            default: return nil
            }
            while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
                guard bytes[index] >= 0x20 else { return nil }
                text.append(bytes[index])
                index += 1
            }
            guard index < bytes.count else { return nil }
        }
        guard let string = String(validating: text, as: UTF8.self) else { return nil }
        position = index + 1  // past the closing quote
        return string
    }

    /// The four hex digits of a `\u` escape at `index`.
    private static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}
