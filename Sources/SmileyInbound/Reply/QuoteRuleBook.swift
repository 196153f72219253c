/// ``QuoteForms/all`` prepared for reading lines: every string in the form lines are read in (see
/// ``QuoteRuleBook/normalized(_:)``), attribution patterns split at their `*`, labels and introductions in tables
/// by bytes, and for each entry the form it came from (so a cut can name its language and client).
///
/// Each part is made on first use, once per process (a `static let`): `smiley ingest` runs once per message,
/// and a reply whose lines never look like a header block, a separator or a sign-off never pays for those
/// parts — normalizing every phrase of every language was most of a process's instructions.
struct QuoteRuleBook: Sendable {
    /// An attribution pattern: its literal pieces (the first anchored at the start, the last at the end).
    struct Pattern: Sendable {
        let pieces: [String]
        let form: Int
        /// Whether the line needs no date or address to be an attribution.
        let isBare: Bool
        /// Whether the first piece is not empty (the pattern names how the line opens: "On … wrote:").
        var isAnchored: Bool { !pieces[0].isEmpty }
    }

    /// The rule book of ``QuoteForms/all``.
    static let shared = QuoteRuleBook()

    /// The forms, in ``QuoteForms/all`` order; entries below point into it.
    var forms: [QuoteForms] { QuoteForms.all }
    /// Attribution patterns, in form order.
    var patterns: [Pattern] { Parts.patterns }
    /// Separator titles, longest first (so "preposlaná správa" is tried before a shorter title it starts with).
    var separators: [(phrase: String, form: Int)] { Parts.separators }
    /// Introduction lines (normalized) and the form each came from.
    var introductions: PhraseTable<Int> { Parts.introductions }
    /// Header labels (normalized): the field each names and every form that writes it ("de" is French, Spanish,
    /// Portuguese …).
    var labels: PhraseTable<(field: QuoteHeaderField, forms: [Int])> { Parts.labels }
    /// Openings of client signature lines, in form order.
    var signatures: [(phrase: String, form: Int)] { Parts.signatures }
    /// Sign-offs, longest first ("best regards" before "best").
    var signOffs: [(phrase: String, form: Int)] { Parts.signOffs }
    /// Openings of gateway banners, in form order.
    var banners: [(phrase: String, form: Int)] { Parts.banners }
    /// How the signature phrases begin: a line that begins otherwise is not read further.
    var signatureHeads: PhraseHeads { Parts.signatureHeads }
    /// How the sign-offs begin.
    var signOffHeads: PhraseHeads { Parts.signOffHeads }
    /// How the banners begin.
    var bannerHeads: PhraseHeads { Parts.bannerHeads }

    /// The parts, each made from ``QuoteForms/all`` on first use.
    private enum Parts {
        static let patterns: [Pattern] = QuoteForms.all.enumerated().flatMap { index, form in
            [(form.attributions, false), (form.bareAttributions, true)].flatMap { list, isBare in
                list.map { pattern in
                    Pattern(pieces: pieces(of: normalized(Substring(pattern))), form: index, isBare: isBare)
                }
            }
        }

        // Longest first by UTF-8 length: of two titles that both open a line one is the other's prefix, so bytes
        // order them as characters would, and `utf8.count` is O(1) where `count` walks graphemes.
        static let separators = phrases(\.separators).sorted { $0.phrase.utf8.count > $1.phrase.utf8.count }

        /// The first form to write an introduction keeps it.
        static let introductions = PhraseTable(phrases(\.introductions).map { (Array($0.phrase.utf8), $0.form) }) {
            _,
            _ in
        }

        /// A label is claimed by the first form that writes it, and within a form by the field first in
        /// ``QuoteRuleBook/fieldOrder``; the later forms writing it are added to its list.
        static let labels: PhraseTable<(field: QuoteHeaderField, forms: [Int])> = {
            var entries: [(key: [UInt8], value: (field: QuoteHeaderField, forms: [Int]))] = []
            for (index, form) in QuoteForms.all.enumerated() {
                for field in fieldOrder {
                    for (named, names) in form.fields where named == field {
                        entries += names.map { (Array(normalized(Substring($0)).utf8), (field, [index])) }
                    }
                }
            }
            return PhraseTable(entries) { known, later in
                if known.forms.last != later.forms[0] { known.forms.append(later.forms[0]) }
            }
        }()

        // A phrase's trailing space is kept: "sent from my " must be followed by more.
        static let signatures = QuoteForms.all.enumerated().flatMap { index, form in
            form.signatures.map { (phrase: normalized(Substring($0)) + ($0.hasSuffix(" ") ? " " : ""), form: index) }
        }
        static let signOffs = phrases(\.signOffs).sorted { $0.phrase.utf8.count > $1.phrase.utf8.count }
        static let banners = phrases(\.banners)
        static let signatureHeads = PhraseHeads(rawPhrases: QuoteForms.all.flatMap(\.signatures))
        static let signOffHeads = PhraseHeads(rawPhrases: QuoteForms.all.flatMap(\.signOffs))
        static let bannerHeads = PhraseHeads(rawPhrases: QuoteForms.all.flatMap(\.banners))

        /// One list of every form's phrases, normalized, with the form of each.
        static func phrases(_ list: KeyPath<QuoteForms, [String]>) -> [(phrase: String, form: Int)] {
            QuoteForms.all.enumerated().flatMap { index, form in
                form[keyPath: list].map { (normalized(Substring($0)), index) }
            }
        }
    }

    /// The fields in the order of their names (the order a label shared by two fields of one form is first
    /// claimed in), as a list: sorting each form's fields by name compared strings a thousand times per process.
    static let fieldOrder: [QuoteHeaderField] = [.cc, .date, .from, .subject, .to]

    /// A normalized pattern split at its `*` bytes (empty pieces kept), over its contiguous bytes: splitting
    /// the String compared every character with "*" as a grapheme, and splitting its UTF-8 view checked every
    /// index.
    static func pieces(of pattern: String) -> [String] {
        var pattern = pattern
        return pattern.withUTF8 { bytes in
            var pieces: [String] = []
            var start = 0
            for position in bytes.indices where bytes[position] == UInt8(ascii: "*") {
                pieces.append(
                    String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                )
                start = position + 1
            }
            pieces.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
            return pieces
        }
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
    private let heads: Set<UInt16>

    init(_ phrases: [String]) {
        heads = Set(phrases.map { Self.head(Array($0.utf8.prefix(2))) })
    }

    /// The heads of phrases not yet normalized: the first two bytes their normal form would have, read from
    /// the phrase's first scalars without normalizing it (a test holds these to the heads of the normalized
    /// phrases).
    init(rawPhrases: [String]) {
        heads = Set(rawPhrases.map(Self.head(ofRaw:)))
    }

    /// The first two bytes of ``QuoteRuleBook/normalized(_:)`` of `phrase`: read from its bytes while they are
    /// ASCII (most phrases), else from its scalars.
    private static func head(ofRaw phrase: String) -> UInt16 {
        var value: UInt16 = 0
        var count = 0
        var pendingSpace = false
        for byte in phrase.utf8 {
            if count == 2 { return value }
            if byte >= 0x80 { return Self.head(ofRawScalars: phrase) }
            if byte == 0x20 || byte &- 0x09 < 5 {
                pendingSpace = count > 0
                continue
            }
            if pendingSpace && byte != UInt8(ascii: ":") {
                value |= 0x20 << (8 * (1 - count))
                count += 1
                if count == 2 { return value }
            }
            pendingSpace = false
            value |= UInt16(byte &- 0x41 < 26 ? byte | 0x20 : byte) << (8 * (1 - count))
            count += 1
        }
        return value
    }

    /// ``head(ofRaw:)`` of a phrase with bytes beyond ASCII, scalar by scalar.
    private static func head(ofRawScalars phrase: String) -> UInt16 {
        var bytes: [UInt8] = []
        var pendingSpace = false
        for scalar in phrase.unicodeScalars where !QuoteRuleBook.isInvisible(scalar) {
            if bytes.count >= 2 { break }
            if QuoteRuleBook.isWhitespace(scalar) {
                pendingSpace = !bytes.isEmpty
                continue
            }
            let isColon = scalar == ":" || scalar == "\u{FF1A}"
            if pendingSpace && !isColon { bytes.append(0x20) }
            pendingSpace = false
            if isColon {
                bytes.append(UInt8(ascii: ":"))
            } else if scalar.isASCII {
                let byte = UInt8(scalar.value)
                bytes.append(byte &- 0x41 < 26 ? byte | 0x20 : byte)
            } else {
                bytes += QuoteRuleBook.normalized(Substring(String(scalar))).utf8
            }
        }
        return head(Array(bytes.prefix(2)))
    }

    private static func head(_ bytes: [UInt8]) -> UInt16 {
        UInt16(bytes.first ?? 0) << 8 | UInt16(bytes.count > 1 ? bytes[1] : 0)
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
            return heads.contains(UInt16(head) << 8 | UInt16(lowered))
        }
        return false
    }
}
