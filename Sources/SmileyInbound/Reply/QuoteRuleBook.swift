/// ``QuoteForms/all`` prepared once for reading lines: every string in the form lines are read in (see
/// ``QuoteRuleBook/normalized(_:)``), attribution patterns split at their `*`, labels and introductions in
/// dictionaries, and for each entry the forms it came from (so a cut can name its language and client).
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

    /// The forms, in ``QuoteForms/all`` order; entries below point into it.
    let forms: [QuoteForms]
    let patterns: [Pattern]
    /// Separator titles, longest first (so "preposlaná správa" is tried before a shorter title it starts with).
    let separators: [(title: String, form: Int)]
    /// Introduction lines (normalized UTF-8, like ``labels``: hashing bytes skips the Unicode normalization a
    /// `String` key's hash does, which was most of building this table) and the form each came from.
    let introductions: [[UInt8]: Int]
    /// Header labels (normalized UTF-8): the field each names and every form that writes it ("de" is French,
    /// Spanish, Portuguese …).
    let labels: [[UInt8]: (field: QuoteHeaderField, forms: [Int])]
    let signatures: [(phrase: String, form: Int)]
    /// Sign-offs, longest first ("best regards" before "best").
    let signOffs: [(phrase: String, form: Int)]
    let banners: [(phrase: String, form: Int)]
    /// How the signature phrases begin: a line that begins otherwise is not read further.
    let signatureHeads: PhraseHeads
    /// How the sign-offs begin.
    let signOffHeads: PhraseHeads

    /// The rule book of ``QuoteForms/all``.
    static let shared = QuoteRuleBook(QuoteForms.all)

    init(_ forms: [QuoteForms]) {
        self.forms = forms
        var patterns: [Pattern] = []
        var separators: [(String, Int)] = []
        var introductions: [[UInt8]: Int] = [:]
        var labels: [[UInt8]: (QuoteHeaderField, [Int])] = [:]
        var signatures: [(String, Int)] = []
        var signOffs: [(String, Int)] = []
        var banners: [(String, Int)] = []
        for (index, form) in forms.enumerated() {
            for (list, isBare) in [(form.attributions, false), (form.bareAttributions, true)] {
                for pattern in list {
                    // Split at the `*` byte: splitting the String compared every character with "*" as a grapheme.
                    let pieces = Self.normalized(Substring(pattern)).utf8.split(
                        separator: UInt8(ascii: "*"),
                        omittingEmptySubsequences: false
                    )
                    patterns.append(
                        Pattern(
                            pieces: pieces.map { String(decoding: $0, as: UTF8.self) },
                            form: index,
                            isBare: isBare
                        )
                    )
                }
            }
            separators += form.separators.map { (Self.normalized(Substring($0)), index) }
            for line in form.introductions {
                let key = Array(Self.normalized(Substring(line)).utf8)
                if introductions[key] == nil { introductions[key] = index }
            }
            for field in Self.fieldOrder {
                for name in form.fields[field] ?? [] {
                    let label = Array(Self.normalized(Substring(name)).utf8)
                    if let known = labels[label] {
                        if known.1.last != index { labels[label] = (known.0, known.1 + [index]) }
                    } else {
                        labels[label] = (field, [index])
                    }
                }
            }
            // A phrase's trailing space is kept: "sent from my " must be followed by more.
            signatures += form.signatures.map {
                (Self.normalized(Substring($0)) + ($0.hasSuffix(" ") ? " " : ""), index)
            }
            signOffs += form.signOffs.map { (Self.normalized(Substring($0)), index) }
            banners += form.banners.map { (Self.normalized(Substring($0)), index) }
        }
        self.patterns = patterns
        // Longest first by UTF-8 length: of two titles that both open a line one is the other's prefix, so bytes
        // order them as characters would, and `utf8.count` is O(1) where `count` walks graphemes (sorting by it
        // was most of a start-up's instructions).
        self.separators = separators.sorted { $0.0.utf8.count > $1.0.utf8.count }
        self.introductions = introductions
        self.labels = labels
        self.signatures = signatures
        self.signOffs = signOffs.sorted { $0.0.utf8.count > $1.0.utf8.count }
        self.banners = banners
        self.signatureHeads = PhraseHeads(signatures.map(\.0))
        self.signOffHeads = PhraseHeads(signOffs.map(\.0))
    }

    /// The fields in the order of their names (the order a label shared by two fields of one form is first
    /// claimed in), as a list: sorting each form's fields by name compared strings a thousand times per process.
    static let fieldOrder: [QuoteHeaderField] = [.cc, .date, .from, .subject, .to]

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
        var bytes: [UInt8] = []
        bytes.reserveCapacity(line.utf8.count)
        var pendingSpace = false
        for scalar in line.unicodeScalars {
            if isInvisible(scalar) { continue }
            if isWhitespace(scalar) {
                pendingSpace = !bytes.isEmpty
                continue
            }
            let isColon = scalar == ":" || scalar == "\u{FF1A}"
            if pendingSpace && !isColon { bytes.append(0x20) }
            pendingSpace = false
            if isColon {
                bytes.append(UInt8(ascii: ":"))
            } else if scalar.value < 0x80 {
                let byte = UInt8(scalar.value)
                bytes.append(byte &- 0x41 < 26 ? byte | 0x20 : byte)
            } else if !isCaseless(scalar), scalar.properties.changesWhenLowercased {
                bytes += scalar.properties.lowercaseMapping.utf8
            } else {
                UTF8.encode(scalar) { bytes.append($0) }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
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

    /// ``normalized(_:)`` of an ASCII line, on its bytes.
    private static func normalizedASCII(_ line: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(line.utf8.count)
        var pendingSpace = false
        for byte in line.utf8 {
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                pendingSpace = !bytes.isEmpty
                continue
            }
            if pendingSpace && byte != UInt8(ascii: ":") { bytes.append(0x20) }
            pendingSpace = false
            bytes.append(byte &- 0x41 < 26 ? byte | 0x20 : byte)
        }
        return String(decoding: bytes, as: UTF8.self)
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
struct PhraseHeads: Sendable {
    private let heads: Set<UInt16>

    init(_ phrases: [String]) {
        heads = Set(phrases.map { Self.head(Array($0.utf8.prefix(2))) })
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
