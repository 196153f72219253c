import Testing

@testable import SmileyMIME

/// Display names have their runs of spaces and tabs collapsed by a loop instead of `split` and `joined`; the two
/// must agree on every input, combining marks after a space included.
@Suite("display-name spaces")
struct CollapsingSpacesTests {
    @Test("the loop equals split-and-join on 20,000 random names")
    func equalsSplitAndJoin() {
        let pieces = [" ", "\t", "  ", "a", "Jö", "e\u{301}", " \u{301}", "\t\u{301}", "山田", "👩‍💻", "\u{A0}", "-", ""]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }.joined()
            let reference = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
            #expect(AddressParser.collapsingSpaces(text) == reference, "\(text.unicodeScalars.map(\.value))")
        }
    }
}
