/// Quoted-printable (RFC 2045 section 6.7), both ways.
///
/// The encoder is strict and safe for SMTP: lines of at most 76 characters with soft breaks, `=`, controls and
/// 8-bit bytes escaped, trailing spaces escaped, and a `.` or `From ` at the start of a line escaped so no
/// transport dot-stuffs or mangles it. The decoder is tolerant of what real mail contains: lowercase hex,
/// stray `=`, trailing transport padding, LF or CRLF.
package enum QuotedPrintable {
    /// Encodes text bytes; line breaks (CRLF, CR or LF) become CRLF, hard breaks are kept.
    package static func encode(_ bytes: [UInt8]) -> [UInt8] {
        // Worst case per input byte: 3 (escaped) plus a share of a 3-byte soft break every 25 escapes; a line
        // break becomes 2 bytes. 4n + 16 always fits.
        let capacity = bytes.count * 4 + 16
        return bytes.withUnsafeBufferPointer { input in
            [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
                let out = buffer.baseAddress!
                var o = 0
                var lineStart = 0
                var i = 0
                let n = input.count
                while i < n {
                    let b = input[i]
                    if b == 0x0D || b == 0x0A {
                        o = encodeLine(input, lineStart, i, out, o)
                        out[o] = 0x0D; out[o + 1] = 0x0A; o += 2
                        if b == 0x0D, i + 1 < n, input[i + 1] == 0x0A { i += 1 }
                        i += 1
                        lineStart = i
                        continue
                    }
                    i += 1
                }
                if lineStart < n { o = encodeLine(input, lineStart, n, out, o) }
                count = o
            }
        }
    }

    private static let hexDigits: StaticString = "0123456789ABCDEF"

    /// Encodes `input[start..<end]` (one line without its break) at `out + o`; returns the new end.
    @inline(__always)
    private static func encodeLine(_ input: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                                   _ out: UnsafeMutablePointer<UInt8>, _ o: Int) -> Int {
        let hex = hexDigits.utf8Start
        var o = o
        var column = 0
        var i = start
        while i < end {
            let b = input[i]
            let isLast = i == end - 1
            var escaped = needsEscape(b, at: i, input, end: end, atLineStart: column == 0, isLast: isLast)
            var width = escaped ? 3 : 1
            // Room for the soft-break '=' unless this is the final token of the line.
            if column + width > (isLast ? 76 : 75) {
                out[o] = UInt8(ascii: "="); out[o + 1] = 0x0D; out[o + 2] = 0x0A; o += 3
                column = 0
                escaped = needsEscape(b, at: i, input, end: end, atLineStart: true, isLast: isLast)
                width = escaped ? 3 : 1
            }
            if escaped {
                out[o] = UInt8(ascii: "=")
                out[o + 1] = hex[Int(b >> 4)]
                out[o + 2] = hex[Int(b & 0x0F)]
                o += 3
            } else {
                out[o] = b
                o += 1
            }
            column += width
            i += 1
        }
        return o
    }

    @inline(__always)
    private static func needsEscape(_ b: UInt8, at i: Int, _ line: UnsafeBufferPointer<UInt8>, end: Int,
                                    atLineStart: Bool, isLast: Bool) -> Bool {
        if b == UInt8(ascii: "=") || b > 126 { return true }
        if b < 32 { return b != 0x09 || isLast }
        if b == 0x20 { return isLast }
        if atLineStart {
            if b == UInt8(ascii: ".") { return true }
            if b == UInt8(ascii: "F"), end - i >= 5,
               line[i + 1] == UInt8(ascii: "r"), line[i + 2] == UInt8(ascii: "o"),
               line[i + 3] == UInt8(ascii: "m"), line[i + 4] == 0x20 {
                return true
            }
        }
        return false
    }

    /// Decodes quoted-printable body bytes, keeping each hard line break as it was (CRLF or LF).
    /// - Returns: The bytes and whether something malformed was seen (a stray `=` kept as is).
    package static func decode<C: Collection<UInt8>>(_ input: C) -> (bytes: [UInt8], malformed: Bool) where C.Index == Int {
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var malformed = false
        var i = input.startIndex
        let end = input.endIndex
        while i < end {
            // One line: [i, lineEnd) content, then its terminator.
            var lineEnd = i
            while lineEnd < end, input[lineEnd] != 0x0A { lineEnd += 1 }
            var contentEnd = lineEnd
            let hasCR = contentEnd > i && input[contentEnd - 1] == 0x0D
            if hasCR { contentEnd -= 1 }
            // Trailing whitespace is transport padding (RFC 2045).
            while contentEnd > i, input[contentEnd - 1] == 0x20 || input[contentEnd - 1] == 0x09 { contentEnd -= 1 }
            var softBreak = false
            var j = i
            while j < contentEnd {
                let b = input[j]
                if b == UInt8(ascii: "=") {
                    if j + 1 == contentEnd { softBreak = true; j += 1; continue }
                    if j + 2 < contentEnd,
                       let hi = hexValue(input[j + 1]), let lo = hexValue(input[j + 2]) {
                        out.append(hi << 4 | lo)
                        j += 3
                        continue
                    }
                    malformed = true
                    out.append(b)
                    j += 1
                    continue
                }
                out.append(b)
                j += 1
            }
            if lineEnd < end {
                if !softBreak {
                    if hasCR { out.append(0x0D) }
                    out.append(0x0A)
                }
                i = lineEnd + 1
            } else {
                i = end
            }
        }
        return (out, malformed)
    }

    @inline(__always)
    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: b - 0x30
        case 0x41...0x46: b - 0x41 + 10
        case 0x61...0x66: b - 0x61 + 10
        default: nil
        }
    }
}
