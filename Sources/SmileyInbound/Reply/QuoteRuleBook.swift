import SmileyCore

/// ``QuoteForms/all`` prepared for reading lines: every string in the form lines are read in (see
/// ``QuoteRuleBook/normalized(_:)``), attribution patterns split at their `*`, labels and introductions in tables
/// by bytes, and for each entry the form it came from (so a cut can name its language and client).
///
/// The preparation is done ahead, not in every process: `QuoteRuleBook+Prepared*.swift` hold its result, written
/// by a test from ``QuoteForms/all`` (which stays the one place the forms are edited) and checked by it, so the files
/// cannot fall behind the forms unnoticed. A relay's `smiley ingest` runs once per message, and normalizing,
/// splitting and sorting ~600 phrases was a third of its instructions. What is left at run time — the byte tables
/// of labels and introductions and the phrases' two-byte heads — is made on first use (a `static let`).
struct QuoteRuleBook: Sendable {
    /// An attribution pattern: its literal pieces (the first anchored at the start, the last at the end).
    struct Pattern: Sendable, Equatable {
        let pieces: [String]
        let form: Int
        /// Whether the line needs no date or address to be an attribution.
        let isBare: Bool
        /// Whether the first piece is not empty (the pattern names how the line opens: "On … wrote:").
        var isAnchored: Bool { !pieces[0].isEmpty }
    }

    /// A phrase in normal form and the form it came from (an index into ``QuoteForms/all``).
    struct Phrase: Sendable, Equatable {
        let phrase: String
        let form: Int
    }

    /// Who writes a form: its language and client, what a cut names.
    struct FormName: Sendable, Equatable {
        let language: String
        let client: String
    }

    /// A header label in normal form, the field it names and every form that writes it ("de" is French, Spanish,
    /// Portuguese …); the first form to write it decides the field.
    struct Label: Sendable, Equatable {
        let label: String
        let field: QuoteHeaderField
        var forms: [Int]
    }

    /// The rule book of ``QuoteForms/all``.
    static let shared = QuoteRuleBook()

    /// The forms' names, in ``QuoteForms/all`` order; entries below point into it.
    var formNames: [FormName] { Prepared.formNames }
    /// Attribution patterns, in form order.
    var patterns: [Pattern] { Prepared.patterns }
    /// Separator titles, longest first (so "preposlaná správa" is tried before a shorter title it starts with).
    var separators: [Phrase] { Prepared.separators }
    /// Introduction lines (normalized) and the form each came from.
    var introductions: PhraseTable<Int> { Tables.introductions }
    /// Header labels (normalized): the field each names and every form that writes it.
    var labels: PhraseTable<(field: QuoteHeaderField, forms: [Int])> { Tables.labels }
    /// Openings of client signature lines, in form order.
    var signatures: [Phrase] { Prepared.signatures }
    /// Sign-offs, longest first ("best regards" before "best").
    var signOffs: [Phrase] { Prepared.signOffs }
    /// Openings of gateway banners, in form order.
    var banners: [Phrase] { Prepared.banners }
    /// How the signature phrases begin: a line that begins otherwise is not read further.
    var signatureHeads: PhraseHeads { Tables.signatureHeads }
    /// How the sign-offs begin.
    var signOffHeads: PhraseHeads { Tables.signOffHeads }
    /// How the banners begin.
    var bannerHeads: PhraseHeads { Tables.bannerHeads }

    /// The tables made from the prepared lists, each on first use.
    private enum Tables {
        static let introductions = PhraseTable(sorted: Prepared.introductions.map { (Array($0.phrase.utf8), $0.form) })
        static let labels = PhraseTable(
            sorted: Prepared.labels.map { (Array($0.label.utf8), (field: $0.field, forms: $0.forms)) }
        )
        static let signatureHeads = PhraseHeads(Prepared.signatures.map(\.phrase))
        static let signOffHeads = PhraseHeads(Prepared.signOffs.map(\.phrase))
        static let bannerHeads = PhraseHeads(Prepared.banners.map(\.phrase))
    }

    // MARK: Normal form

    /// A line as every rule reads it: invisible characters (zero-width spaces, joiners, direction marks, byte
    /// order marks, soft hyphens) dropped, other spaces as one space, trimmed, lower case, a full-width colon as
    /// `:` and no space before a colon ("De :" is "de:").
    static func normalized(_ line: Substring) -> String {
        if line.utf8.allSatisfy({ $0 < 0x80 }) { return normalizedASCII(line) }
        // Built as UTF-8 bytes, lower-cased scalar by scalar as `String.lowercased()` does (each scalar's
        // lowercase mapping; ASCII by table): the rule book normalizes every form once per process, and appending
        // scalars to a String, asking each for its properties and lower-casing the whole string afterwards cost
        // about 8 million instructions of each `smiley ingest`.
        // Scalars decoded from the bytes by hand: iterating `unicodeScalars` of a Substring checks every index.
        var line = line
        let bytes = line.withUTF8 { utf8 -> [UInt8] in
            var bytes: [UInt8] = []
            bytes.reserveCapacity(utf8.count)
            var pendingSpace = false
            var position = 0
            while position < utf8.count {
                let start = position
                let lead = UInt32(utf8[position])
                var value: UInt32
                if lead < 0x80 {
                    value = lead
                    position += 1
                } else {
                    let length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                    value = lead & (0x7F >> UInt32(length))
                    for offset in 1..<length { value = value << 6 | UInt32(utf8[start + offset] & 0x3F) }
                    position += length
                }
                let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
                if isInvisible(scalar) { continue }
                if isWhitespace(scalar) {
                    pendingSpace = !bytes.isEmpty
                    continue
                }
                let isColon = value == 0x3A || value == 0xFF1A
                if pendingSpace && !isColon { bytes.append(0x20) }
                pendingSpace = false
                if isColon {
                    bytes.append(UInt8(ascii: ":"))
                } else if value < 0x80 {
                    let byte = UInt8(value)
                    bytes.append(byte &- 0x41 < 26 ? byte | 0x20 : byte)
                } else if let lower = simpleLowercase(scalar) {
                    UTF8.encode(lower) { bytes.append($0) }
                } else if !isCaseless(scalar), scalar.properties.changesWhenLowercased {
                    bytes += scalar.properties.lowercaseMapping.utf8
                } else {
                    bytes += utf8[start..<position]
                }
            }
            return bytes
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The lower case of a scalar of the Latin-1 letters, basic Greek or basic Cyrillic, by offset (upper case
    /// there is lower case minus a fixed distance), without a property look-up; nil outside those ranges (a test
    /// checks every scalar of them against `String.lowercased()`).
    static func simpleLowercase(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        let value = scalar.value
        let lower: UInt32
        switch value {
        case 0x00C0...0x00DE where value != 0x00D7, 0x0391...0x03AB where value != 0x03A2, 0x0410...0x042F:
            lower = value + 0x20
        case 0x0400...0x040F: lower = value + 0x50
        case 0x00DF...0x00FF, 0x03AC...0x03CE, 0x0430...0x045F: lower = value
        default: return nil
        }
        return Unicode.Scalar(lower)
    }

    /// Whether the scalar lies in a block without letter case (Hebrew to Arabic Extended, Thai to Tibetan, general
    /// punctuation, CJK symbols, kana and ideographs, Hangul syllables): no need to ask its properties, which costs
    /// a table look-up per scalar (a test checks every scalar of these ranges).
    static func isCaseless(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0590...0x08FF, 0x0E00...0x0FFF, 0x2000...0x206F, 0x3000...0x9FFF, 0xAC00...0xD7FF: true
        default: false
        }
    }

    /// Unicode's White_Space property (what `Unicode.Scalar.Properties.isWhitespace` answers), as a switch.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// ``normalized(_:)`` of an ASCII line, written straight into the string's storage (none for 15 bytes or
    /// fewer): no intermediate byte array.
    private static func normalizedASCII(_ line: Substring) -> String {
        String(unsafeUninitializedCapacity: line.utf8.count) { buffer in
            var count = 0
            var pendingSpace = false
            for byte in line.utf8 {
                if byte == 0x20 || (0x09...0x0D).contains(byte) {
                    pendingSpace = count > 0
                    continue
                }
                if pendingSpace && byte != UInt8(ascii: ":") {
                    buffer[count] = 0x20
                    count += 1
                }
                pendingSpace = false
                buffer[count] = byte &- 0x41 < 26 ? byte | 0x20 : byte
                count += 1
            }
            return count
        }
    }

    /// Characters that take no room: mail tools and trackers put them around lines and words.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00AD, 0x034F, 0x061C, 0x180E, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0xFEFF: return true
        default: return false
        }
    }

    /// Whether the line holds nothing but spaces and invisible characters.
    static func isBlank(_ line: Substring) -> Bool {
        // ASCII bytes answer at once; the first byte beyond ASCII hands the rest to the scalar check.
        for (offset, byte) in line.utf8.enumerated() {
            if byte >= 0x80 {
                return line.utf8.dropFirst(offset).isEmpty
                    || Substring(line.utf8.dropFirst(offset)).unicodeScalars.allSatisfy {
                        $0.properties.isWhitespace || isInvisible($0)
                    }
            }
            if byte != 0x20 && !(0x09...0x0D).contains(byte) { return false }
        }
        return true
    }
}

/// The first two bytes of a list of normalized phrases, to turn most lines away before they are normalized: a line
/// whose first two visible bytes (ASCII lower-cased) begin no phrase cannot start one. A line opening beyond ASCII
/// is always let through.
struct PhraseHeads: Sendable, Equatable {
    /// The phrases' first two bytes (a `Set` hashed the ~250 heads of the three lists in every relay process).
    private let heads: BytePairSet

    /// The heads of normalized phrases.
    init(_ phrases: [String]) {
        var heads = BytePairSet()
        for phrase in phrases {
            var bytes = phrase.utf8.makeIterator()
            heads.insert(bytes.next() ?? 0, bytes.next() ?? 0)
        }
        self.heads = heads
    }

    /// Whether the line may start one of the phrases.
    func mayStart(_ line: Substring) -> Bool {
        var first: UInt8?
        for byte in line.utf8 {
            if first == nil && (byte == 0x20 || byte == 0x09) { continue }
            if byte >= 0x80 { return true }
            let lowered = byte &- 0x41 < 26 ? byte | 0x20 : byte
            guard let head = first else {
                first = lowered
                continue
            }
            // A tab in the normal form is a space, and a second space in a row none: let such lines through.
            if lowered == 0x09 { return true }
            return heads.contains(head, lowered)
        }
        return false
    }
}
