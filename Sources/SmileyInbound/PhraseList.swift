import Foundation

/// Lower-case phrases prepared once for ``ASCIISearch/firstContained(in:of:)``: the ASCII ones as bytes, grouped
/// by their first byte, and the others as the NFC bytes they are first looked for by. The phrase lists are fixed,
/// so this work is done once per list instead of once per searched text.
struct PhraseList: Sendable, ExpressibleByArrayLiteral {
    /// A lower-case ASCII phrase: its place in the list and its bytes.
    struct ASCIIPhrase: Sendable {
        let index: Int
        let bytes: [UInt8]
    }

    /// A phrase with non-ASCII characters: its place and its NFC bytes. (Its `Character`s are made only when a
    /// text holds those bytes: breaking every phrase into graphemes was most of a list's making, once per
    /// `smiley ingest` process.)
    struct OtherPhrase: Sendable {
        let index: Int
        let nfcBytes: [UInt8]
    }

    /// The phrases, in list order (earlier ones win).
    let phrases: [String]
    /// The ASCII phrases by first byte, each byte's in list order: those starting with byte `b` are
    /// `asciiPhrases[asciiStarts[b]..<asciiStarts[b + 1]]` (one array, not one per byte: a relay's process
    /// prepares its lists at start).
    let asciiPhrases: [ASCIIPhrase]
    let asciiStarts: [Int]
    /// The non-ASCII phrases, in list order.
    let otherPhrases: [OtherPhrase]
    /// The place of the first empty phrase (contained in every text), if any.
    let firstEmptyIndex: Int?
    /// The place of the first ASCII phrase; a match of it ends the search.
    let firstASCIIIndex: Int?
    /// Each phrase's bytes when it is ASCII, else nil.
    let asciiBytes: [[UInt8]?]

    /// Prepares a list.
    /// - Parameter phrases: Lower-case phrases. ASCII ones must not hold `;` or `` ` `` (see ``ASCIISearch``).
    init(_ phrases: [String]) {
        self.phrases = phrases
        var ascii: [ASCIIPhrase] = []
        var others: [OtherPhrase] = []
        var firstEmpty: Int?
        var firstASCII: Int?
        var asciiBytes: [[UInt8]?] = []
        ascii.reserveCapacity(phrases.count)
        others.reserveCapacity(phrases.count)
        asciiBytes.reserveCapacity(phrases.count)
        var counts = [Int](repeating: 0, count: 129)
        for (index, phrase) in phrases.enumerated() {
            let bytes = Array(phrase.utf8)
            let isASCII = bytes.allSatisfy { $0 < 0x80 }
            asciiBytes.append(isASCII ? bytes : nil)
            if isASCII {
                guard let first = bytes.first else {
                    if firstEmpty == nil { firstEmpty = index }
                    continue
                }
                assert(!bytes.contains { (0x41...0x5A).contains($0) || $0 == 0x3B || $0 == 0x60 })
                ascii.append(ASCIIPhrase(index: index, bytes: bytes))
                counts[Int(first) + 1] += 1
                if firstASCII == nil { firstASCII = index }
            } else {
                others.append(OtherPhrase(index: index, nfcBytes: LoweredText.nfcBytes(phrase)))
            }
        }
        // Grouped by first byte, list order kept within each byte's group (a stable counting sort).
        for byte in 0..<128 { counts[byte + 1] += counts[byte] }
        var next = counts
        var grouped = ascii
        for phrase in ascii {
            let first = Int(phrase.bytes[0])
            grouped[next[first]] = phrase
            next[first] += 1
        }
        self.asciiPhrases = grouped
        self.asciiStarts = counts
        self.otherPhrases = others
        self.firstEmptyIndex = firstEmpty
        self.firstASCIIIndex = firstASCII
        self.asciiBytes = asciiBytes
    }

    /// Prepares a list written as an array literal.
    init(arrayLiteral phrases: String...) {
        self.init(phrases)
    }

    /// The first phrase (in list order) that `text.lowercased()` starts with, or nil. ASCII phrases are compared
    /// as bytes (``ASCIISearch/hasPrefix(_:_:)``); the others only when the text has non-ASCII bytes (an ASCII
    /// text's lower case holds no `Character` canonically equivalent to a non-ASCII one), first as NFC bytes
    /// (a prefix by `Character`s is one by NFC bytes too), then by `hasPrefix`.
    func firstPrefix(of text: LoweredText) -> String? {
        var others = otherPhrases.makeIterator()
        for (index, phrase) in phrases.enumerated() {
            if let bytes = asciiBytes[index] {
                if ASCIISearch.hasPrefix(text.text, bytes) { return phrase }
                continue
            }
            let other = others.next()!
            guard text.hasNonASCII, text.loweredNFC.starts(with: other.nfcBytes) else { continue }
            if text.lowered.hasPrefix(phrase) { return phrase }
        }
        return nil
    }
}

/// A searched text with its lower case, made at most once however many phrase lists are tried on it, and only
/// when a non-ASCII phrase needs it (ASCII phrases are searched on the text's own bytes). A class, so the
/// searches that share a text (a message's subject) share what was made of it.
final class LoweredText {
    /// The text as given.
    let text: Substring

    /// Prepares a text.
    init(_ text: some StringProtocol) {
        self.text = Substring(text)
    }

    /// Whether the text has bytes beyond ASCII (without them, no non-ASCII phrase can match).
    private(set) lazy var hasNonASCII: Bool = text.utf8.contains { $0 >= 0x80 }

    /// `text.lowercased()`.
    private(set) lazy var lowered: String = text.lowercased()

    /// The lower case as `Character`s, for the exact search.
    private(set) lazy var loweredCharacters: [Character] = Array(lowered)

    /// The NFC bytes of the lower case. Most text passes the NFC quick check and is its own NFC form; only other
    /// text is normalized.
    private(set) lazy var loweredNFC: [UInt8] = Self.nfcBytes(lowered)

    /// The NFC form of a text as UTF-8 bytes: its own bytes when it passes the NFC quick check (nearly always),
    /// else normalized by Foundation.
    static func nfcBytes(_ text: String) -> [UInt8] {
        passesNFCQuickCheck(text) ? Array(text.utf8) : Array(text.precomposedStringWithCanonicalMapping.utf8)
    }

    /// Whether the text passes the NFC quick check (`UTF8Span`, where the standard library has it; elsewhere
    /// every text counts as not known to be NFC and is normalized).
    private static func passesNFCQuickCheck(_ text: String) -> Bool {
        guard #available(macOS 26.0, iOS 26.0, watchOS 26.0, tvOS 26.0, visionOS 26.0, *) else { return false }
        var span = text.utf8Span
        return span.checkForNFC(quickCheck: true)
    }
}
