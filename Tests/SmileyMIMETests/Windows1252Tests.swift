import Foundation
import Testing

@testable import SmileyMIME

/// windows-1252 is decoded by Smiley's own table (the most common fallback needs no iconv), written straight as
/// UTF-8: held to Foundation's converter byte by byte, and to itself byte-for-byte over long mixed input.
@Suite("windows-1252")
struct Windows1252Tests {
    /// The five bytes windows-1252 leaves undefined.
    static let undefined: Set<UInt8> = [0x81, 0x8D, 0x8F, 0x90, 0x9D]

    @Test("each byte is the scalar Foundation's converter gives it, undefined bytes U+FFFD")
    func everyByte() throws {
        for byte in UInt8.min...UInt8.max {
            let decoded = CharsetDecoder.windows1252([byte][...])
            let expected =
                Self.undefined.contains(byte)
                ? "\u{FFFD}" : try #require(String(data: Data([byte]), encoding: .windowsCP1252), "\(byte)")
            #expect(decoded == expected, "byte \(byte)")
            #expect(decoded.unicodeScalars.count == 1)
        }
    }

    @Test("long mixed input decodes as its bytes one by one, joined")
    func mixedInput() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<20_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let joined = bytes.map { CharsetDecoder.windows1252([$0][...]) }.joined()
        #expect(CharsetDecoder.windows1252(bytes[...]) == joined)
        #expect(CharsetDecoder.windows1252([][...]).isEmpty)
    }
}
