/// Quoted-printable (RFC 2045 section 6.7), both ways.
///
/// The encoder is strict and safe for SMTP: lines of at most 76 characters with soft breaks, `=`, controls and
/// 8-bit bytes escaped, trailing spaces escaped, and a `.` or `From ` at the start of a line escaped so no
/// transport dot-stuffs or mangles it. The decoder is tolerant of what real mail contains: lowercase hex,
/// stray `=`, trailing transport padding, LF or CRLF.
package enum QuotedPrintable {
    /// Encodes text bytes; line breaks (CRLF, CR or LF) become CRLF, hard breaks are kept.
    ///
    /// One pass over the input: a byte that is literal wherever it stands (class 0, most of any text) is copied
    /// after a single table look-up; only line breaks, escapes, context-dependent bytes and soft breaks take the
    /// slow path.
    package static func encode(_ bytes: [UInt8]) -> [UInt8] {
        // Worst case per input byte: 3 (escaped) plus a share of a 3-byte soft break every 25 escapes; a line
        // break becomes 2 bytes. 4n + 16 always fits.
        let capacity = bytes.count * 4 + 16
        return bytes.withUnsafeBufferPointer { input in
            byteClasses.withUnsafeBufferPointer { classes in
                [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
                    count = encode(input, classes: classes, into: buffer.baseAddress!)
                }
            }
        }
    }

    /// Byte classes for the encoder: 0 literal anywhere; 1 literal except at the start of a line (`.`, and the
    /// `F` of `From `); 2 literal except as the last byte of a line (space, tab); 3 always escaped.
    private static let byteClasses: [UInt8] = (0...255).map { byte -> UInt8 in
        switch byte {
        case 0x2E, 0x46: 1
        case 0x20, 0x09: 2
        case 0x3D: 3
        case 33...126: 0
        default: 3
        }
    }

    private static let hexDigits: StaticString = "0123456789ABCDEF"

    /// Encodes `input` at `out` (room for 4n + 16 bytes); returns the number of bytes written.
    private static func encode(
        _ input: UnsafeBufferPointer<UInt8>,
        classes: UnsafeBufferPointer<UInt8>,
        into out: UnsafeMutablePointer<UInt8>
    ) -> Int {
        let hex = hexDigits.utf8Start
        let n = input.count
        var o = 0
        var i = 0
        var column = 0
        while i < n {
            // A run of bytes written as they are, that fits on the line, is found first and copied in one go:
            // plain bytes, `.` and `F` away from the line's start, and spaces or tabs that a line end does not
            // follow. (Whatever else comes, or the line's room running out, is the byte-by-byte path's.)
            let limit = min(n, i + 75 - column)
            var end = i
            // A `.` or `F` at the line's start may need escaping (`.` alone, `From `): the byte path decides.
            if column != 0 || classes[Int(input[i])] != 1 {
                while end < limit {
                    let runClass = classes[Int(input[end])]
                    if runClass <= 1 {
                        end += 1
                        continue
                    }
                    if runClass == 2, end + 1 < n, input[end + 1] != 0x0D, input[end + 1] != 0x0A {
                        end += 1
                        continue
                    }
                    break
                }
            }
            if end > i {
                (out + o).update(from: input.baseAddress! + i, count: end - i)
                o += end - i
                column += end - i
                i = end
                if i == n { break }
            }
            let byte = input[i]
            let byteClass = classes[Int(byte)]
            if byteClass == 0, column < 75 {
                out[o] = byte
                o += 1
                column += 1
                i += 1
                continue
            }
            if byte == 0x0D || byte == 0x0A {
                out[o] = 0x0D
                out[o + 1] = 0x0A
                o += 2
                if byte == 0x0D, i + 1 < n, input[i + 1] == 0x0A { i += 1 }
                i += 1
                column = 0
                continue
            }
            let isLast = i + 1 == n || input[i + 1] == 0x0D || input[i + 1] == 0x0A
            var escaped = needsEscape(byteClass, at: i, input, atLineStart: column == 0, isLast: isLast)
            var width = escaped ? 3 : 1
            // Room for the soft-break '=' unless this is the final token of the line.
            if column + width > (isLast ? 76 : 75) {
                out[o] = UInt8(ascii: "=")
                out[o + 1] = 0x0D
                out[o + 2] = 0x0A
                o += 3
                column = 0
                escaped = needsEscape(byteClass, at: i, input, atLineStart: true, isLast: isLast)
                width = escaped ? 3 : 1
            }
            if escaped {
                out[o] = UInt8(ascii: "=")
                out[o + 1] = hex[Int(byte >> 4)]
                out[o + 2] = hex[Int(byte & 0x0F)]
            } else {
                out[o] = byte
            }
            o += width
            column += width
            i += 1
        }
        return o
    }

    @inline(__always)
    private static func needsEscape(
        _ byteClass: UInt8,
        at i: Int,
        _ input: UnsafeBufferPointer<UInt8>,
        atLineStart: Bool,
        isLast: Bool
    ) -> Bool {
        switch byteClass {
        case 0: return false
        case 2: return isLast
        case 1:
            guard atLineStart else { return false }
            if input[i] == UInt8(ascii: ".") { return true }
            return input.count - i >= 5 && input[i + 1] == UInt8(ascii: "r") && input[i + 2] == UInt8(ascii: "o")
                && input[i + 3] == UInt8(ascii: "m") && input[i + 4] == 0x20
        default: return true
        }
    }

    /// Decodes quoted-printable body bytes, keeping each hard line break as it was (CRLF or LF).
    /// - Returns: The bytes and whether something malformed was seen (a stray `=` kept as is).
    package static func decode<C: Collection<UInt8>>(_ input: C) -> (bytes: [UInt8], malformed: Bool)
    where C.Index == Int {
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
                    if j + 1 == contentEnd {
                        softBreak = true
                        j += 1
                        continue
                    }
                    if j + 2 < contentEnd,
                        let hi = hexValue(input[j + 1]), let lo = hexValue(input[j + 2])
                    {
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
