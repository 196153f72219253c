import Testing

@testable import SmileyMIME

/// The base64 decoder takes four alphabet characters at once where it can; it must give what the
/// character-by-character decoder it replaced gave, bytes and the malformed flag, on any input.
@Suite("Base64 decoder")
struct Base64DecoderTests {
    /// The character-by-character decoder (the reference).
    static func referenceDecode(_ input: [UInt8]) -> (bytes: [UInt8], malformed: Bool) {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var reverse = [UInt8](repeating: 0xFF, count: 256)
        for (index, c) in alphabet.enumerated() { reverse[Int(c)] = UInt8(index) }
        reverse[Int(UInt8(ascii: "-"))] = 62
        reverse[Int(UInt8(ascii: "_"))] = 63
        var out: [UInt8] = []
        var accumulator: UInt32 = 0
        var count = 0
        var malformed = false
        func flush() {
            switch count {
            case 2: out.append(UInt8(truncatingIfNeeded: accumulator >> 4))
            case 3: out += [UInt8(truncatingIfNeeded: accumulator >> 10), UInt8(truncatingIfNeeded: accumulator >> 2)]
            case 1: malformed = true
            default: break
            }
            accumulator = 0
            count = 0
        }
        for c in input {
            let v = reverse[Int(c)]
            if v == 0xFF {
                if c == UInt8(ascii: "=") {
                    flush()
                    continue
                }
                if c != 0x0D, c != 0x0A, c != 0x20, c != 0x09 { malformed = true }
                continue
            }
            accumulator = accumulator << 6 | UInt32(v)
            count += 1
            if count == 4 {
                out += [
                    UInt8(truncatingIfNeeded: accumulator >> 16), UInt8(truncatingIfNeeded: accumulator >> 8),
                    UInt8(truncatingIfNeeded: accumulator),
                ]
                accumulator = 0
                count = 0
            }
        }
        if count != 0 {
            malformed = true
            flush()
        }
        return (out, malformed)
    }

    @Test("same bytes and flag as the character-by-character decoder, on 20,000 random inputs")
    func equalsReference() {
        // Mostly alphabet, with the characters that take the slow path mixed in.
        let pieces: [UInt8] =
            Array("ABCxyz019+/-_".utf8) + [0x3D, 0x3D, 0x0D, 0x0A, 0x20, 0x09, 0x2A, 0x00, 0xFF, 0xC3]
        var generator = SystemRandomNumberGenerator()
        var differences = 0
        for round in 0..<20_000 {
            let length = Int.random(in: 0...(round % 10 == 0 ? 400 : 24), using: &generator)
            let input = (0..<length).map { _ in
                Bool.random(using: &generator)
                    ? Array("QUJD".utf8).randomElement(using: &generator)! : pieces.randomElement(using: &generator)!
            }
            let decoded = Base64.decode(input)
            let expected = Self.referenceDecode(input)
            if decoded.bytes != expected.bytes || decoded.malformed != expected.malformed {
                differences += 1
                if differences < 4 { Issue.record("\(input): \(decoded) instead of \(expected)") }
            }
        }
        #expect(differences == 0)
    }

    @Test("round trip of wrapped encoder output, every length up to 300")
    func roundTrip() {
        for length in 0...300 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ length) }
            let decoded = Base64.decode(Base64.encode(bytes, lineLength: 76))
            #expect(decoded.bytes == bytes && !decoded.malformed, "length \(length)")
        }
    }
}
