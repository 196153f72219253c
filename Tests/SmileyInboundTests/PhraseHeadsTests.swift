import Testing

@testable import SmileyInbound

/// ``PhraseHeads`` lets a line through exactly when its first two bytes (after leading blanks, ASCII letters
/// lowered) begin one of the phrases — checked against the pairs worked out here for every pair of bytes.
@Suite("Phrase heads")
struct PhraseHeadsTests {
    @Test func aLineGetsThroughExactlyWhenItsHeadBeginsAPhrase() {
        let phrases = QuoteRuleBook.Prepared.signOffs.map(\.phrase) + ["x", "zq"]
        let heads = PhraseHeads(phrases)
        var starts = Set<[UInt8]>()
        for phrase in phrases {
            let bytes = Array(phrase.utf8)
            starts.insert(bytes.count > 1 ? Array(bytes.prefix(2)) : [bytes[0], 0])
        }
        var through = 0
        for first in UInt8(0x21)..<0x80 {
            for second in UInt8(0x21)..<0x80 where second != 0x09 {
                let line = Substring(String(decoding: [0x20, first, second, 0x61], as: UTF8.self))
                let lowered = { (byte: UInt8) in byte &- 0x41 < 26 ? byte | 0x20 : byte }
                let expected = starts.contains([lowered(first), lowered(second)])
                #expect(heads.mayStart(line) == expected, "\(line.debugDescription)")
                if expected { through += 1 }
            }
        }
        #expect(through > 20, "the phrases' heads are among the pairs tried")
        #expect(heads.mayStart("  é"), "a non-ASCII byte always gets through")
        #expect(!heads.mayStart("   "), "a blank line never does")
    }
}
