import Foundation
import Testing

@testable import SmileyMIME

/// The quoted-printable encoder against the RFC 2045 rules it promises, and against a plain line-by-line
/// reference encoder (the encoder's first, slower form), on hand-made hazards and on random text.
@Suite struct QuotedPrintableEncoderTests {
    @Test func hazardsAreEscaped() {
        let encoded = String(
            decoding: QuotedPrintable.encode(Array("From here\n.dot\r\ntrail \nx=y\tend\t\nGrüße".utf8)),
            as: UTF8.self
        )
        #expect(encoded == "=46rom here\r\n=2Edot\r\ntrail=20\r\nx=3Dy\tend=09\r\nGr=C3=BC=C3=9Fe")
    }

    @Test func longLinesGetSoftBreaksNeverSplittingAnEscape() {
        let line = String(repeating: "a", count: 74) + "é" + String(repeating: "b", count: 200)
        let encoded = String(decoding: QuotedPrintable.encode(Array(line.utf8)), as: UTF8.self)
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })
        #expect(lines[0] == String(repeating: "a", count: 74) + "=")
        #expect(lines[1].hasPrefix("=C3=A9b"))
        #expect(QuotedPrintable.decode(Array(encoded.utf8)).bytes == Array(line.utf8))
    }

    /// Random text made of the bytes that matter (breaks, dots, `From `, spaces, `=`, controls, 8-bit) agrees
    /// with the reference byte for byte, keeps every rule, and decodes back to the input with CRLF breaks.
    @Test func randomTextAgreesWithTheReferenceAndRoundTrips() {
        var generator = SplitMix64(seed: 0x5EED)
        let alphabet = Array(" \t\r\n.F=rom abcXYZ".utf8) + [0x00, 0x7F, 0xC3, 0xA9, 0xFF]
        // Long lines of mostly plain text too, where the encoder copies whole runs.
        let prose =
            Array("Thanks for the quick fix. From now on the VPN works; Fine! ".utf8) + [0x20, 0x20, 0x09, 0x0A, 0x3D]
        for round in 0..<20_000 {
            let letters = round % 2 == 0 ? alphabet : prose
            var input = (0..<Int(generator.next() % 300)).map { _ in
                letters[Int(generator.next() % UInt64(letters.count))]
            }
            if round % 3 == 0 { input = Array("From me\r\n.dot \r\nFrom \nFro".utf8) + input }
            let encoded = QuotedPrintable.encode(input)
            let lines = String(decoding: encoded, as: UTF8.self).components(separatedBy: "\r\n")
            let keepsTheRules = lines.allSatisfy { line in
                line.utf8.count <= 76 && line.utf8.allSatisfy { (0x20...0x7E).contains($0) || $0 == 0x09 }
                    && !line.hasPrefix(".") && !line.hasPrefix("From ")
                    && !(line.hasSuffix(" ") || line.hasSuffix("\t"))
            }
            let agrees = encoded == ReferenceEncoder.encode(input)
            let roundTrips = QuotedPrintable.decode(encoded).bytes == Self.crlf(input)
            #expect(agrees && keepsTheRules && roundTrips, "round \(round), input \(input)")
            guard agrees, keepsTheRules, roundTrips else { break }  // one reproducible input is enough
        }
    }

    /// `input` with every line break (CRLF, CR or LF) written as CRLF.
    static func crlf(_ input: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < input.count {
            if input[i] == 0x0D || input[i] == 0x0A {
                if input[i] == 0x0D, i + 1 < input.count, input[i + 1] == 0x0A { i += 1 }
                out += [0x0D, 0x0A]
            } else {
                out.append(input[i])
            }
            i += 1
        }
        return out
    }
}

/// Deterministic random numbers, so a failure names an input that reproduces.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The straightforward encoder: split into lines, then escape byte by byte with the same rules.
enum ReferenceEncoder {
    static func encode(_ input: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var lines: [[UInt8]] = [[]]
        var i = 0
        while i < input.count {
            let byte = input[i]
            if byte == 0x0D || byte == 0x0A {
                if byte == 0x0D, i + 1 < input.count, input[i + 1] == 0x0A { i += 1 }
                lines.append([])
            } else {
                lines[lines.count - 1].append(byte)
            }
            i += 1
        }
        for (index, line) in lines.enumerated() {
            if index > 0 { out += [0x0D, 0x0A] }
            var column = 0
            for (position, byte) in line.enumerated() {
                let isLast = position == line.count - 1
                func escaped(atLineStart: Bool) -> Bool {
                    if byte == UInt8(ascii: "=") || byte > 126 { return true }
                    if byte < 32 { return byte != 0x09 || isLast }
                    if byte == 0x20 { return isLast }
                    if atLineStart, byte == UInt8(ascii: ".") { return true }
                    if atLineStart, Array(line[position...].prefix(5)) == Array("From ".utf8) { return true }
                    return false
                }
                var escape = escaped(atLineStart: column == 0)
                if column + (escape ? 3 : 1) > (isLast ? 76 : 75) {
                    out += Array("=\r\n".utf8)
                    column = 0
                    escape = escaped(atLineStart: true)
                }
                if escape {
                    out += Array(String(format: "=%02X", byte).utf8)
                    column += 3
                } else {
                    out.append(byte)
                    column += 1
                }
            }
        }
        return out
    }
}
