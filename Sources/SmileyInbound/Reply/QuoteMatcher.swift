/// Reads the lines of one reply against a ``QuoteRuleBook``: where quoted history starts and which line is a
/// signature. It owns the fast path: a line is normalized (lowercased, spaces collapsed) only when its bytes could
/// start a rule — it holds a colon, or opens with a rule character, or its first byte opens a signature phrase —
/// and at most once however many rules read it.
struct QuoteMatcher {
    /// Where quoted history starts, by which rule.
    struct Start {
        /// The first line of the quoted history (an attribution may begin lines above the one that ends it).
        let line: Int
        /// The line after the marker (an attribution's lines, a separator or an introduction).
        let end: Int
        let rule: ReplyCut.Rule
        let form: Int?
    }

    let book: QuoteRuleBook
    let lines: [Substring]
    private var normalizedLines: [String?]
    /// Each line's header field, once looked up (`.some(nil)`: none).
    private var headerFields: [(field: QuoteHeaderField, forms: [Int])??]

    init(lines: [Substring], book: QuoteRuleBook = .shared) {
        self.book = book
        self.lines = lines
        self.normalizedLines = Array(repeating: nil, count: lines.count)
        self.headerFields = Array(repeating: nil, count: lines.count)
    }

    /// The normalized form of line `index`, made once.
    mutating func normalized(_ index: Int) -> String {
        if let made = normalizedLines[index] { return made }
        let made = QuoteRuleBook.normalized(lines[index])
        normalizedLines[index] = made
        return made
    }

    /// `> text`, `>> text`, ` > text` (a leading `>` after optional spaces).
    static func isQuoted(_ line: Substring) -> Bool {
        line.utf8.first { $0 != 0x20 && $0 != 0x09 } == UInt8(ascii: ">")
    }

    // MARK: Quoted history

    /// Whether quoted history starts at line `index`; `keptAbove` is how many lines right above it were kept as
    /// reply text (an attribution wrapped over several lines may begin among them).
    mutating func quoteStart(at index: Int, keptAbove: Int) -> Start? {
        let shape = LineShape(lines[index])
        guard shape.mayStartQuote else { return nil }
        if shape.opensWithRule, let start = separator(normalized(index), at: index) { return start }
        if shape.endsLikeHeader {
            let text = normalized(index)
            if let form = book.introductions[text.utf8] {
                return Start(line: index, end: index + 1, rule: .introduction, form: form)
            }
            if let start = attribution(endingAt: index, keptAbove: keptAbove) { return start }
        }
        if shape.colon, let form = headerBlock(at: index) {
            return Start(line: index, end: index + 1, rule: .headerBlock, form: form)
        }
        return nil
    }

    /// A title between rules (`-----Original Message-----`, Yahoo's `----- Forwarded Message ----- From: …` on one
    /// line), or Outlook's rule of 20 or more underscores.
    private func separator(_ text: String, at index: Int) -> Start? {
        var rest = Substring(text)
        var ruleCharacters = 0
        while let first = rest.first, Self.ruleCharacters.contains(first) || first == " " {
            if first != " " { ruleCharacters += 1 }
            rest.removeFirst()
        }
        guard ruleCharacters >= 2 else { return nil }
        if rest.isEmpty {
            guard ruleCharacters >= 20, text.allSatisfy({ $0 == "_" }) else { return nil }
            return Start(line: index, end: index + 1, rule: .underscoreRule, form: nil)
        }
        let title = NormalizedText(rest)
        for separator in book.separators {
            guard let after = title.rest(after: separator.phrase)?.drop(while: { $0 == " " }) else { continue }
            if after.isEmpty || Self.ruleCharacters.contains(after.first!) {
                return Start(line: index, end: index + 1, rule: .separator, form: separator.form)
            }
        }
        return nil
    }

    static let ruleCharacters: Set<Character> = ["-", "_", "=", "*", "~", "—", "–", "―"]

    /// An attribution ending at `index` and beginning up to three kept lines above: a pattern that names the
    /// opening ("On … wrote:") is tried from the longest join down, one that does not ("… wrote:") from the
    /// shortest up, so that reply text above is never taken for the start of an attribution.
    private mutating func attribution(endingAt index: Int, keptAbove: Int) -> Start? {
        let most = min(3, keptAbove)
        var joins: [String] = []
        var joined = normalized(index)
        joins.append(joined)
        if most > 0 {
            for above in 1...most {
                let line = lines[index - above]
                if QuoteRuleBook.isBlank(line) || Self.isQuoted(line) { break }
                joined = normalized(index - above) + " " + joined
                if joined.count > 400 { break }
                joins.append(joined)
            }
        }
        for above in joins.indices.reversed() {
            if let form = matchingPattern(joins[above], anchored: true) {
                return Start(line: index - above, end: index + 1, rule: .attribution, form: form)
            }
        }
        for above in joins.indices {
            if let form = matchingPattern(joins[above], anchored: false) {
                return Start(line: index - above, end: index + 1, rule: .attribution, form: form)
            }
            if Self.isDatedAddress(joins[above]) {
                return Start(line: index - above, end: index + 1, rule: .datedAddress, form: nil)
            }
        }
        return nil
    }

    /// The form of the first anchored pattern ("On * wrote:") the text matches.
    func matchingAnchoredPattern(_ text: String) -> Int? {
        matchingPattern(text, anchored: true)
    }

    /// The form of the first pattern (anchored or not) the joined line matches; it must also hold a digit or an
    /// `@` (a date or an address), unless the pattern is a bare one.
    private func matchingPattern(_ text: String, anchored: Bool) -> Int? {
        let hasDetail = text.utf8.contains { $0 == UInt8(ascii: "@") || (0x30...0x39).contains($0) }
        let line = NormalizedText(text)
        for pattern in book.patterns where pattern.isAnchored == anchored && (hasDetail || pattern.isBare) {
            if Self.matches(line, pattern.pieces) { return pattern.form }
        }
        return nil
    }

    /// Whether the line starts with the first piece, ends with the last, and holds the others in order between, with
    /// text left for the wildcards.
    static func matches(_ line: NormalizedText, _ pieces: [String]) -> Bool {
        guard pieces.count >= 2, line.hasPrefix(pieces[0]), line.hasSuffix(pieces[pieces.count - 1]) else {
            return pieces.count == 1 && line.text == pieces[0]
        }
        // On UTF-8 bytes: both sides are in the same normal form.
        let bytes = Array(line.text.utf8)
        var position = pieces[0].utf8.count
        let end = bytes.count - pieces[pieces.count - 1].utf8.count
        // Each `*` stands for some text: "wrote:" alone is not "… wrote:".
        guard position < end else { return false }
        for piece in pieces.dropFirst().dropLast() where !piece.isEmpty {
            let needle = Array(piece.utf8)
            guard let found = ASCIISearch.firstOffset(of: needle, in: bytes, from: position, to: end) else {
                return false
            }
            position = found + needle.count
        }
        return true
    }

    /// A date and an address with no verb, ending in `>:` (Gmail in Russian, Japanese, Hebrew; old Gmail's
    /// "2017-05-02 9:15 GMT+02:00 Name <address>:"): an `@` and at least four digits. Or, in a language the forms
    /// do not know, any line ending in a colon that holds an address in `<…>` and a time (`10:04`, `10.04`): the
    /// shape every client's attribution has, whatever its verb.
    static func isDatedAddress(_ text: String) -> Bool {
        guard text.utf8.last == UInt8(ascii: ":"), text.utf8.count <= 300 else { return false }
        let line = NormalizedText(text)
        guard line.hasSuffix(":") else { return false }
        let bytes = Array(text.utf8)
        let isDigit = { (byte: UInt8) in (0x30...0x39).contains(byte) }
        let digits = bytes.lazy.filter(isDigit).count
        guard digits >= 4, let at = bytes.firstIndex(of: UInt8(ascii: "@")) else { return false }
        if line.hasSuffix(">:") { return true }
        guard let open = bytes[..<at].lastIndex(of: UInt8(ascii: "<")),
            bytes[at...].contains(UInt8(ascii: ">")), !bytes[open..<at].contains(UInt8(ascii: " "))
        else { return false }
        return bytes.indices.dropFirst().dropLast(2).contains { index in
            isDigit(bytes[index - 1]) && (bytes[index] == UInt8(ascii: ":") || bytes[index] == UInt8(ascii: "."))
                && isDigit(bytes[index + 1]) && isDigit(bytes[index + 2])
        }
    }

    // MARK: Header blocks

    /// The field a line labels (`From: …`, `De : …`, `*Von:* …`), with the forms that write the label: read from
    /// the text before the line's first colon only, once per line.
    mutating func headerField(_ index: Int) -> (field: QuoteHeaderField, forms: [Int])? {
        if let known = headerFields[index] { return known }
        let found = Self.label(of: lines[index]).flatMap { book.labels[$0] }
        headerFields[index] = .some(found)
        return found
    }

    /// The normalized bytes of a line's label: what comes before its first colon (ASCII or full-width) within the
    /// first 64 bytes, without spaces and `*` around it; nil when there is none or it is longer than 40 bytes.
    static func label(of line: Substring) -> [UInt8]? {
        let utf8 = line.utf8
        var colon: String.Index?
        var previous: (UInt8, UInt8) = (0, 0)
        var offset = 0
        // Indices stepped by hand: `utf8.indices` made the runtime look up `Collection` for the view (0.3 million
        // instructions of the first call in a process).
        var position = utf8.startIndex
        while position != utf8.endIndex {
            defer { utf8.formIndex(after: &position) }
            let byte = utf8[position]
            if byte == UInt8(ascii: ":") {
                colon = position
                break
            }
            if byte == 0x9A && previous == (0xEF, 0xBC) {
                colon = utf8.index(position, offsetBy: -2)
                break
            }
            previous = (previous.1, byte)
            offset += 1
            if offset >= 64 { return nil }
        }
        guard let colon else { return nil }
        var prefix = line[..<colon]
        let isEdge: (Character) -> Bool = {
            $0 == " " || $0 == "*" || $0 == "\t" || QuoteRuleBook.isInvisible($0.unicodeScalars.first!)
        }
        while let first = prefix.first, isEdge(first) { prefix.removeFirst() }
        while let last = prefix.last, isEdge(last) { prefix.removeLast() }
        guard !prefix.isEmpty, prefix.utf8.count <= 40 else { return nil }
        return Array(QuoteRuleBook.normalized(prefix).utf8)
    }

    /// The form of a quoted header block starting at `index`: labelled lines within the next eight that name the
    /// sender and at least two of date, recipients and subject. Its form is the one that writes most of its labels
    /// ("De:/Enviado el:/Para:/Asunto:" is Spanish, though "De:" alone could be French).
    private mutating func headerBlock(at index: Int) -> Int? {
        guard let first = headerField(index) else { return nil }
        var fields: Set<QuoteHeaderField> = [first.field]
        fields.formUnion(inlineFields(index))
        var votes: [Int: Int] = [:]
        for form in first.forms { votes[form, default: 0] += 1 }
        for next in (index + 1)..<min(lines.count, index + 8) {
            guard let labelled = headerField(next) else { continue }
            fields.insert(labelled.field)
            for form in labelled.forms { votes[form, default: 0] += 1 }
        }
        guard fields.contains(.from), fields.intersection([.date, .to, .subject]).count >= 2 else { return nil }
        return votes.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
    }

    /// Fields labelled inside one line after its first label, as webmail writes a quoted header block on one line
    /// ("Temat: RE: … 13:46Nadawca: \"…\" x@y Adresat: …"): the letters right before each further colon.
    private mutating func inlineFields(_ index: Int) -> Set<QuoteHeaderField> {
        let text = normalized(index)
        var fields: Set<QuoteHeaderField> = []
        var segmentStart = text.startIndex
        for position in text.indices where text[position] == ":" {
            let segment = text[segmentStart..<position]
            segmentStart = text.index(after: position)
            var start = segment.endIndex
            while start > segment.startIndex {
                let before = segment.index(before: start)
                guard segment[before].isLetter || segment[before] == " " else { break }
                start = before
            }
            // Longest first: "de la" before "la"; a label may hold spaces ("copie à", "보낸 사람").
            var candidate = segment[start...].drop { $0 == " " }
            while !candidate.isEmpty {
                if let field = book.labels[candidate.utf8]?.field {
                    fields.insert(field)
                    break
                }
                guard let space = candidate.firstIndex(of: " ") else { break }
                candidate = candidate[candidate.index(after: space)...]
            }
        }
        return fields
    }

    /// The lines of the header block starting at `index`: up to the first blank line (a long `To:` wraps).
    mutating func headerBlockEnd(from index: Int) -> Int {
        var end = index
        while end < lines.count, !QuoteRuleBook.isBlank(lines[end]), end < index + 12 { end += 1 }
        return end
    }

    // MARK: Signatures

    /// The signature rule that line `index` starts, if any: the `-- ` delimiter, or a client's signature line
    /// ("Sent from my iPhone") that is the whole line — "Sent from my desk, so …" goes on as a sentence and is text.
    mutating func signature(at index: Int) -> (rule: ReplyCut.Rule, form: Int?)? {
        let line = lines[index]
        guard let first = line.utf8.first(where: { $0 != 0x20 && $0 != 0x09 }) else { return nil }
        if first == UInt8(ascii: "-"), line.trimming(" \t") == "--" { return (.signatureDelimiter, nil) }
        guard line.utf8.count <= 240, book.signatureHeads.mayStart(line) else { return nil }
        let text = normalized(index)
        guard text.count <= 80 else { return nil }
        let opening = NormalizedText(text)
        for signature in book.signatures {
            guard let rest = opening.rest(after: signature.phrase) else { continue }
            if rest.contains(where: { $0 == "," || $0 == ";" || $0 == "!" || $0 == "?" }) { continue }
            if rest.split(separator: " ").count > 5 { continue }
            return (.signature, signature.form)
        }
        return nil
    }
}

extension QuoteMatcher {
    // MARK: Sign-offs, banners, leftovers

    /// Whether line `index` is a sign-off: the whole line, or the sign-off, a comma and a name ("All the best,
    /// Phil"); "Best wishes to the whole team" and "Спасибо! Всё работает." are text.
    mutating func isSignOff(at index: Int) -> Int? {
        let line = lines[index]
        guard line.utf8.count <= 120, book.signOffHeads.mayStart(line), !QuoteRuleBook.isBlank(line) else { return nil }
        let text = normalized(index)
        let opening = NormalizedText(text)
        for signOff in book.signOffs {
            guard var rest = opening.rest(after: signOff.phrase) else { continue }
            if rest.isEmpty { return signOff.form }
            guard let first = rest.first, first == "," || first == "." || first == "!" else { continue }
            rest = rest.dropFirst().drop { $0 == " " || $0 == "," || $0 == "." || $0 == "!" }
            if rest.isEmpty || Self.isName(rest) { return signOff.form }
        }
        return nil
    }

    /// A short line that reads as a name: at most four words, no sentence punctuation at its end.
    static func isName(_ text: some StringProtocol) -> Bool {
        guard text.count <= 40, let last = text.last, !".?!:;".contains(last) else { return false }
        return text.split(separator: " ").count <= 4
    }

    /// The form of the gateway warning line `index` opens with, if any.
    mutating func banner(at index: Int) -> Int? {
        guard lines[index].utf8.count <= 400, book.bannerHeads.mayStart(lines[index]) else { return nil }
        let text = normalized(index)
        let opening = NormalizedText(text)
        return book.banners.first { opening.hasPrefix($0.phrase) }?.form
    }

    /// Whether the kept lines `lines[from...to]` (joined) are an attribution that lost its colon (or wraps its
    /// address without one): "Am 20.06.24 um 16:20 schrieb Klarstein" above a header block, "2013/11/1 John Smith
    /// <john@smith.org>" above `>` lines.
    mutating func isAttributionWithoutColon(_ range: ClosedRange<Int>) -> Bool {
        // Joined by hand: `joined(separator:)` ran unspecialized and looked up `Collection` for the array at
        // run time (0.2 million instructions, once per process).
        var text = ""
        for index in range {
            if index > range.lowerBound { text += " " }
            text += normalized(index)
        }
        guard !text.hasSuffix(":"), text.count <= 300 else { return false }
        text += ":"
        if Self.isDatedAddress(text) { return true }
        return matchingAnchoredPattern(text) != nil
    }
}

/// What a line's bytes tell about the rules that could start at it, read in one pass without decoding it.
struct LineShape {
    /// The first visible character is a rule character (`-`, `_`, `=`, `*`, `~`, or a dash beyond ASCII).
    private(set) var opensWithRule = false
    /// The line ends in a colon (ASCII or full-width) or in `----`: an attribution or an introduction may end here.
    private(set) var endsLikeHeader = false
    /// A colon within the first 64 bytes: a header label may stand before it.
    private(set) var colon = false

    /// Whether any rule could start at the line.
    var mayStartQuote: Bool { opensWithRule || endsLikeHeader || colon }

    init(_ line: Substring) {
        let utf8 = line.utf8
        guard let first = utf8.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
        let byte = utf8[first]
        if byte < 0x80 {
            opensWithRule = "-_=*~".utf8.contains(byte)
        } else if let scalar = line[first...].unicodeScalars.first(where: {
            !$0.properties.isWhitespace && !QuoteRuleBook.isInvisible($0)
        }) {
            opensWithRule = QuoteMatcher.ruleCharacters.contains(Character(scalar))
        }
        var end = utf8.endIndex
        while end > first, [0x20, 0x09, 0x0D].contains(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        let tail = utf8[first..<end]
        endsLikeHeader =
            tail.last == UInt8(ascii: ":") || tail.reversed().starts(with: [0x9A, 0xBC, 0xEF])
            || tail.reversed().starts(with: "----".utf8)
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in tail.prefix(64) {
            if byte == UInt8(ascii: ":") || (byte == 0x9A && previous == (0xEF, 0xBC)) {
                colon = true
                break
            }
            previous = (previous.1, byte)
        }
    }
}
