/// A normalized line (``QuoteRuleBook/normalized(_:)``) read against the rule book's normalized phrases: whether it
/// opens or ends with one, with the answers of `String.hasPrefix` and `hasSuffix` — canonical equivalence, whole
/// characters — but on UTF-8 bytes whenever that is the same answer.
///
/// `String` compares text beyond ASCII by normalizing both sides to NFC as it goes; its first such comparison in a
/// process also sets up the normalizer's generic types from their mangled names. In a relay's `smiley ingest`,
/// one reply line beyond ASCII ("Very patient with me — appreciated.") read against the signature list cost
/// 0.8 million instructions, 40 % of the whole process. A line whose every scalar is ``comparesAsBytes(_:)``
/// is already in NFC and no two of its scalars join into one character, so for it (and the rule book's phrases,
/// all of which are such text: a test checks them) equal bytes are equal text. Any other line — a decomposed
/// accent, a combining mark, a script this does not list — is compared as `String` does.
struct NormalizedText {
    /// The line (or the part of it being read).
    let text: Substring
    /// Whether the line's bytes answer for its characters.
    let isBytewise: Bool

    init(_ text: Substring) {
        self.text = text
        isBytewise =
            text.utf8.withContiguousStorageIfAvailable { $0.allSatisfy { $0 < 0x80 } } ?? false
            || text.unicodeScalars.allSatisfy(Self.comparesAsBytes)
    }

    init(_ text: String) {
        self.init(Substring(text))
    }

    /// What follows `phrase` when the line opens with it, or nil.
    func rest(after phrase: String) -> Substring? {
        if isBytewise {
            guard hasBytes(of: phrase, at: 0) else { return nil }
            return text[text.utf8.index(text.startIndex, offsetBy: phrase.utf8.count)...]
        }
        guard text.hasPrefix(phrase) else { return nil }
        return text.dropFirst(phrase.count)
    }

    /// Whether the line opens with `phrase`.
    func hasPrefix(_ phrase: String) -> Bool {
        isBytewise ? hasBytes(of: phrase, at: 0) : text.hasPrefix(phrase)
    }

    /// Whether the line ends with `phrase`.
    func hasSuffix(_ phrase: String) -> Bool {
        isBytewise ? hasBytes(of: phrase, at: text.utf8.count - phrase.utf8.count) : text.hasSuffix(phrase)
    }

    /// Whether the line's bytes from `offset` on begin with `phrase`'s, compared in the two strings' storage: a
    /// line ending in a colon is read against ~200 attribution patterns, most of which differ at the first byte.
    private func hasBytes(of phrase: String, at offset: Int) -> Bool {
        let count = phrase.utf8.count
        guard offset >= 0, offset + count <= text.utf8.count else { return false }
        let compared = text.utf8.withContiguousStorageIfAvailable { line in
            phrase.utf8.withContiguousStorageIfAvailable { phrase in
                for index in 0..<count where line[offset + index] != phrase[index] { return false }
                return true
            }
        }
        if let compared = compared ?? nil { return compared }
        return text.utf8.dropFirst(offset).starts(with: phrase.utf8)
    }

    /// Whether a scalar is one whose text compares as its bytes: it is in NFC on its own (no canonical
    /// decomposition that NFC keeps apart, no singleton like U+2000 or the Greek question mark), combines with
    /// nothing before it (combining class 0, not a grapheme extender, not a Hangul jamo) — the Latin scripts up to
    /// U+02FF, Cyrillic without its combining marks, the dashes, quotes and other punctuation of U+2010–U+205E, kana
    /// without the combining sound marks, CJK ideographs and Hangul syllables. A test checks every scalar of these
    /// ranges against Foundation's NFC and the scalar properties.
    static func comparesAsBytes(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0000...0x02FF, 0x0400...0x0482, 0x048A...0x052F, 0x2010...0x2027, 0x2030...0x205E, 0x3041...0x3096,
            0x309B...0x30FF, 0x4E00...0x9FFF, 0xAC00...0xD7A3:
            true
        default: false
        }
    }
}
