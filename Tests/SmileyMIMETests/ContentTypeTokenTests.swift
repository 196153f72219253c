import Testing

@testable import SmileyMIME

@Suite("Content-Type tokens")
struct ContentTypeTokenTests {
    /// RFC 2045's token: any US-ASCII character except SPACE, CTLs and the tspecials — checked for every byte.
    @Test func tokenBytesAreRFC2045s() {
        let specials = Set("()<>@,;:\\\"/[]?=".utf8)
        for byte in UInt8.min...UInt8.max {
            let expected = byte > 0x20 && byte < 0x7F && !specials.contains(byte)
            #expect(ContentType.isTokenByte(byte) == expected, "byte \(byte)")
        }
    }
}
