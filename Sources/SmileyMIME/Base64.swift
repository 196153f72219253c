/// Base64 (RFC 2045 section 6.8), both ways: a wrapped encoder and a tolerant decoder.
package enum Base64 {
    private static let alphabet: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8
    )

    private static let reverse: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, c) in alphabet.enumerated() { table[Int(c)] = UInt8(index) }
        // Tolerate the URL-safe alphabet too.
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    /// Encodes bytes; with `lineLength` set, inserts CRLF after every `lineLength` characters (76 for MIME bodies).
    package static func encode(_ bytes: [UInt8], lineLength: Int? = nil) -> [UInt8] {
        let characters = (bytes.count + 2) / 3 * 4
        // Same output as emitting a CRLF before a character whenever `column == lineLength`.
        let wrap = lineLength ?? Int.max
        let breaks = characters == 0 || wrap < 0 ? 0 : wrap == 0 ? 1 : (characters - 1) / wrap
        let total = characters + 2 * breaks
        return bytes.withUnsafeBufferPointer { input in
            alphabet.withUnsafeBufferPointer { table in
                [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
                    let out = buffer.baseAddress!
                    var o = 0
                    var column = 0
                    @inline(__always) func emit(_ c: UInt8) {
                        if column == wrap {
                            out[o] = 0x0D
                            out[o + 1] = 0x0A
                            o += 2
                            column = 0
                        }
                        out[o] = c
                        o += 1
                        column += 1
                    }
                    var i = 0
                    let n = input.count
                    while i + 3 <= n {
                        let v = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8 | UInt32(input[i + 2])
                        if column + 4 <= wrap {
                            out[o] = table[Int(v >> 18 & 63)]
                            out[o + 1] = table[Int(v >> 12 & 63)]
                            out[o + 2] = table[Int(v >> 6 & 63)]
                            out[o + 3] = table[Int(v & 63)]
                            o += 4
                            column += 4
                        } else {
                            emit(table[Int(v >> 18 & 63)])
                            emit(table[Int(v >> 12 & 63)])
                            emit(table[Int(v >> 6 & 63)])
                            emit(table[Int(v & 63)])
                        }
                        i += 3
                    }
                    let rest = n - i
                    if rest > 0 {
                        let v = UInt32(input[i]) << 16 | (rest == 2 ? UInt32(input[i + 1]) << 8 : 0)
                        emit(table[Int(v >> 18 & 63)])
                        emit(table[Int(v >> 12 & 63)])
                        emit(rest == 2 ? table[Int(v >> 6 & 63)] : UInt8(ascii: "="))
                        emit(UInt8(ascii: "="))
                    }
                    count = o
                }
            }
        }
    }

    /// Decodes base64, skipping characters outside the alphabet (line breaks, spaces, junk) and tolerating
    /// missing or misplaced padding; a `=` ends the current quantum, so concatenated chunks decode too.
    /// - Returns: The bytes and whether anything was skipped or left over (worth a warning).
    package static func decode<C: Collection<UInt8>>(_ input: C) -> (bytes: [UInt8], malformed: Bool) {
        if let decoded = input.withContiguousStorageIfAvailable(decode(buffer:)) { return decoded }
        return Array(input).withUnsafeBufferPointer(decode(buffer:))
    }

    /// ``decode(_:)`` on contiguous bytes. Four alphabet characters in a row at the start of a quantum (nearly
    /// all of a wrapped body) are decoded at once; anything else goes through the character-by-character rules.
    private static func decode(buffer input: UnsafeBufferPointer<UInt8>) -> (bytes: [UInt8], malformed: Bool) {
        var malformed = false
        // Every output byte takes at least 4/3 input characters (4 → 3, 3 → 2, 2 → 1).
        let bytes = reverse.withUnsafeBufferPointer { table in
            [UInt8](unsafeUninitializedCapacity: input.count / 4 * 3 + 3) { out, written in
                var o = 0
                var accumulator: UInt32 = 0
                var count = 0
                func flush() {
                    switch count {
                    case 2:
                        out[o] = UInt8(truncatingIfNeeded: accumulator >> 4)
                        o += 1
                    case 3:
                        out[o] = UInt8(truncatingIfNeeded: accumulator >> 10)
                        out[o + 1] = UInt8(truncatingIfNeeded: accumulator >> 2)
                        o += 2
                    case 1: malformed = true
                    default: break
                    }
                    accumulator = 0
                    count = 0
                }
                let n = input.count
                var i = 0
                while i < n {
                    if count == 0, i + 4 <= n {
                        let a = table[Int(input[i])]
                        let b = table[Int(input[i + 1])]
                        let c = table[Int(input[i + 2])]
                        let d = table[Int(input[i + 3])]
                        if (a | b | c | d) & 0x80 == 0 {
                            let v = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                            out[o] = UInt8(truncatingIfNeeded: v >> 16)
                            out[o + 1] = UInt8(truncatingIfNeeded: v >> 8)
                            out[o + 2] = UInt8(truncatingIfNeeded: v)
                            o += 3
                            i += 4
                            continue
                        }
                    }
                    let character = input[i]
                    i += 1
                    let v = table[Int(character)]
                    if v == 0xFF {
                        if character == UInt8(ascii: "=") {
                            flush()
                            continue
                        }
                        if character != 0x0D, character != 0x0A, character != 0x20, character != 0x09 {
                            malformed = true
                        }
                        continue
                    }
                    accumulator = accumulator << 6 | UInt32(v)
                    count += 1
                    if count == 4 {
                        out[o] = UInt8(truncatingIfNeeded: accumulator >> 16)
                        out[o + 1] = UInt8(truncatingIfNeeded: accumulator >> 8)
                        out[o + 2] = UInt8(truncatingIfNeeded: accumulator)
                        o += 3
                        accumulator = 0
                        count = 0
                    }
                }
                if count != 0 {
                    malformed = true
                    flush()
                }
                written = o
            }
        }
        return (bytes, malformed)
    }
}
