import Testing

@testable import SmileyHTML

/// `lowercasedWithoutWhitespace()` reads ASCII styles on their bytes; it must equal the `Character` code.
@Suite("Style compaction")
struct StyleCompactionTests {
    static let styles: [String] = [
        "", "DISPLAY: NONE", "display:\tnone;\r\n color: red", "Border-Top: solid #E1E1E1 1.0pt",
        "visibility :\u{B}hidden\u{C}", "\u{85}display:none", "display:\u{A0}none", "display: none\u{301}",
        "MSO-HIDE: ALL; DISPLAY:NONE!important", String((0..<128).map { Character(UnicodeScalar(UInt8($0))) }),
        "Ünïcode: STYLE", "\r\n\r\n", "a\rb\nc",
    ]

    @Test("equals lowercased().filter { !$0.isWhitespace }", arguments: styles)
    func equalsCharacterFilter(style: String) {
        #expect(style.lowercasedWithoutWhitespace() == style.lowercased().filter { !$0.isWhitespace })
    }
}
