import Testing

@testable import SmileyMIME

/// Charset labels are normalized on their bytes when ASCII; the result must equal the `Character` code's.
@Suite("Charset labels")
struct CharsetLabelTests {
    /// The trimming and uppercasing as the `Character` code does it.
    static func reference(_ charset: String) -> String {
        let junk: Set<Character> = [" ", "\t", "\"", "'"]
        return String(charset.drop { junk.contains($0) }.reversed().drop { junk.contains($0) }.reversed()).uppercased()
    }

    static let labels: [String] = [
        "", "utf-8", " \"UTF-8\" ", "'iso-8859-1'", "\tWindows-1252\t", "iso-2022-jp", "x-sjis", "us-ascii*en",
        "cp-1251", "ISO_8859-15:1988", "\"\"", " ", "utf-8\r\n", "ks_c_5601-1987", "gb2312", "unknown-8bit",
        "ütf-8", " \u{301}utf-8", "utf-8\u{A0}", "latin1", "koi8", "iso8859-2", "X-UNKNOWN", "Big5",
    ]

    @Test("ASCII labels: trimmed and uppercased as the Character code does; others left to it", arguments: labels)
    func equalsReference(label: String) {
        let expected = label.utf8.allSatisfy { $0 < 0x80 } ? Self.reference(label) : nil
        #expect(CharsetDecoder.asciiTrimmedUppercased(label) == expected)
    }
}
