/// The line patterns mail clients use to introduce quoted history and signatures in plain text.
enum ReplyMarkers {
    // MARK: Quoted lines

    /// `> text`, `>> text`, ` > text` (a leading `>` after optional spaces).
    static func isQuoted(_ line: Substring) -> Bool {
        line.drop(while: { $0 == " " || $0 == "\t" }).first == ">"
    }

    // MARK: Attribution lines

    /// How many lines (1–3) an attribution line starting at `index` spans, or `nil` when there is none.
    /// - Parameter form: The line at `index` as ``LineForm`` (shared with the other checks of that line).
    static func attributionSpan(in lines: [Substring], at index: Int, form: LineForm? = nil) -> Int? {
        if let span = asciiAttributionSpan(in: lines, at: index) { return span }
        return attributionSpanReadingCharacters(in: lines, at: index, form: form)
    }

    /// ``attributionSpan(in:at:form:)`` on `Character`s, for any lines.
    static func attributionSpanReadingCharacters(in lines: [Substring], at index: Int, form: LineForm? = nil) -> Int? {
        var joined = ""
        for span in 1...3 where index + span - 1 < lines.count {
            let line = lines[index + span - 1]
            if span > 1 && (ReplyExtractor.isBlank(line) || isQuoted(line)) { return nil }
            joined += (span > 1 ? " " : "") + line.replyTrimmingWhitespace()
            if joined.count > 300 { return nil }
            // The first line alone is joined to itself trimmed: its lowercased, space-normalized form is the line's.
            let lower = span == 1 ? form : nil
            if isAttribution(joined, lower: lower) { return span }
            // Only a line that opens like an attribution may continue on the next one.
            if span == 1 && !opensLikeAttribution(joined, lower: lower) { return nil }
        }
        return nil
    }

    /// Prefixes (lower case) with which localized "On <date>, <name> wrote:" lines begin.
    static let openings = ["on ", "am ", "le ", "op ", "el ", "il ", "em ", "den ", "w dniu "]

    /// - Parameter lower: `line`'s ``LineForm``, when made already.
    private static func opensLikeAttribution(_ line: String, lower form: LineForm? = nil) -> Bool {
        if let ascii = ASCIILine(line) {
            return openings.contains { ascii.hasNormalizedPrefix($0) } || ascii.startsWithDigit
                || ascii.contains(UInt8(ascii: "@"))
        }
        let lower = form?.value ?? normalizedSpaces(line.lowercased())
        return openings.contains { lower.hasPrefix($0) } || lower.first?.isNumber == true
            || lower.contains("@") || lower.contains("書")
    }

    /// Whether a (joined) line is a mail client's attribution line.
    /// - Parameter form: `line`'s ``LineForm``, when made already (`line` trimmed: the form is its own).
    static func isAttribution(_ line: String, lower form: LineForm? = nil) -> Bool {
        // Every rule below needs the line to end in a colon (lowercasing and space normalizing keep the last
        // character a colon, and never make one): most lines are rejected here without copying them.
        guard let last = line.last, last == ":" || last == "：" else { return false }
        let lower = form?.value ?? normalizedSpaces(line.lowercased())
        guard lower.count >= 6 else { return false }
        let hasAddressOrDate = ASCIISearch.contains(lower, "@") || lower.contains(where: \.isNumber)
        let rules: [(opening: String?, ending: String, needsDetail: Bool)] = [
            ("on ", "wrote:", false), (nil, "wrote:", true),
            ("am ", ":", false), (nil, "schrieb:", true),
            ("le ", "a écrit :", false), ("le ", "a écrit:", false), (nil, "a écrit :", true), (nil, "a écrit:", true),
            ("op ", ":", false), (nil, "schreef:", true),
            ("el ", "escribió:", false), (nil, "escribió:", true),
            ("il ", "ha scritto:", false), (nil, "ha scritto:", true),
            ("em ", "escreveu:", false), (nil, "escreveu:", true),
            ("den ", ":", false), (nil, "skrev:", true),
            ("w dniu ", "pisze:", false), (nil, "napisał(a):", true), (nil, "napisał:", true), (nil, "napisała:", true),
        ]
        for rule in rules {
            guard lower.hasSuffix(rule.ending) else { continue }
            if rule.needsDetail && !hasAddressOrDate { continue }
            if let opening = rule.opening {
                guard lower.hasPrefix(opening) else { continue }
                // "Am/Op/Den … :" must name the verb, not just end in a colon. (ASCIISearch, not String.contains: the
                // first String search of a process builds _StringProcessing's searcher types, 0.4 M instructions.)
                switch opening {
                case "am ": if !ASCIISearch.contains(lower, " schrieb") { continue }
                case "op ": if !ASCIISearch.contains(lower, " schreef") { continue }
                case "den ": if !ASCIISearch.contains(lower, " skrev") { continue }
                default: break
                }
                if !hasAddressOrDate { continue }
            }
            return true
        }
        // Japanese clients: "2024年3月12日(火) 10:04 山田 <x@example.jp>:" or "…さんは書きました:".
        // (An ASCII line cannot hold it: most lines skip String.contains and its searcher set-up.)
        if !lower.utf8.allSatisfy({ $0 < 0x80 }), lower.contains("書きました"), lower.hasSuffix(":") || lower.hasSuffix("：")
        {
            return true
        }
        // Old Gmail and others: "2017-05-02 9:15 GMT+02:00 Acme Support <support@acme.example>:".
        if lower.first?.isNumber == true, lower.hasSuffix(">:") || lower.hasSuffix(">："),
            ASCIISearch.contains(lower, "@")
        {
            return true
        }
        return false
    }

    // MARK: Outlook and forwarding

    /// Whether the quoted history (a header block, a separator, a forwarded message) starts at `index`.
    /// - Parameter form: The line at `index` as ``LineForm`` (shared with the other checks of that line).
    static func startsQuotedHistory(_ lines: [Substring], at index: Int, form: LineForm? = nil) -> Bool {
        if let ascii = asciiStartsQuotedHistory(lines, at: index) { return ascii }
        return startsQuotedHistoryReadingCharacters(lines, at: index, form: form)
    }

    /// ``startsQuotedHistory(_:at:form:)`` on `Character`s, for any line.
    static func startsQuotedHistoryReadingCharacters(_ lines: [Substring], at index: Int, form: LineForm? = nil) -> Bool
    {
        let line = lines[index].replyTrimmingWhitespace()
        if line.count >= 20 && line.allSatisfy({ $0 == "_" }) { return true }
        let form = form ?? LineForm(lines[index])
        let words = form.value
        let withoutDashes = words.replyTrimmingCharacters(in: "-= *").replyTrimmingWhitespace()
        if words.hasPrefix("--") || words.hasPrefix("==") {
            if separatorTitles.contains(withoutDashes) { return true }
        }
        // Every introduction ends in ":" (which removing spaces before colons keeps last): check that first.
        if words.utf8.last == UInt8(ascii: ":"), forwardIntroductions.contains(words.replyRemovingSpaceBeforeColon()) {
            return true
        }
        return isHeaderBlock(lines, at: index, form: form)
    }

    /// Titles between dashes: `-----Original Message-----`, `---------- Forwarded message ---------`, localized.
    private static let separatorTitles: Set<String> = [
        "original message", "ursprüngliche nachricht", "original-nachricht", "originalnachricht",
        "message d'origine", "message original", "oorspronkelijk bericht", "origineel bericht", "mensaje original",
        "messaggio originale", "mensagem original", "ursprungligt meddelande", "originalmeddelande",
        "wiadomość oryginalna", "oryginalna wiadomość", "元のメッセージ",
        "forwarded message", "weitergeleitete nachricht", "message transféré", "doorgestuurd bericht",
        "mensaje reenviado", "messaggio inoltrato", "mensagem encaminhada", "vidarebefordrat meddelande",
        "wiadomość przekazana dalej", "転送されたメッセージ",
    ]

    /// Apple Mail's and others' forwarding introductions (lower case, no space before the colon).
    private static let forwardIntroductions: Set<String> = [
        "begin forwarded message:", "anfang der weitergeleiteten nachricht:", "début du message réexpédié:",
        "début du message transféré:", "begin doorgestuurd bericht:", "inicio del mensaje reenviado:",
        "inizio messaggio inoltrato:", "início da mensagem reencaminhada:", "início da mensagem encaminhada:",
        "vidarebefordrat brev:", "początek przekazywanej wiadomości:", "転送されたメッセージ:",
    ]

    enum HeaderLabel { case from, sent, to, subject }

    static let headerLabels: [(String, HeaderLabel)] = [
        ("from", .from), ("von", .from), ("de", .from), ("van", .from), ("da", .from), ("från", .from),
        ("od", .from), ("差出人", .from), ("发件人", .from),
        ("sent", .sent), ("date", .sent), ("gesendet", .sent), ("datum", .sent), ("envoyé", .sent),
        ("verzonden", .sent), ("verstuurd", .sent), ("enviado el", .sent), ("enviado", .sent), ("fecha", .sent),
        ("inviato", .sent), ("data", .sent), ("skickat", .sent), ("wysłano", .sent), ("wysłane", .sent),
        ("送信日時", .sent), ("日付", .sent),
        ("to", .to), ("an", .to), ("à", .to), ("a", .to), ("aan", .to), ("para", .to), ("till", .to),
        ("do", .to), ("宛先", .to),
        ("subject", .subject), ("betreff", .subject), ("objet", .subject), ("onderwerp", .subject),
        ("asunto", .subject), ("oggetto", .subject), ("assunto", .subject), ("ämne", .subject),
        ("temat", .subject), ("件名", .subject),
    ]

    private static func headerLabel(_ line: Substring, form: LineForm? = nil) -> HeaderLabel? {
        // Every label is followed by `:` or `：` (whose UTF-8 starts with 0xEF): without either byte, none is.
        guard line.utf8.contains(where: { $0 == 0x3A || $0 == 0xEF }) else { return nil }
        if let ascii = ASCIILine(line) { return asciiHeaderLabel(ascii.normalizedLowercaseTrimmed()) }
        let lower = form?.value ?? normalizedSpaces(line.replyTrimmingWhitespace().lowercased())
        let stripped = lower.drop(while: { $0 == "*" })
        for (label, kind) in headerLabels where stripped.hasPrefix(label) {
            let rest = stripped.dropFirst(label.count).drop(while: { $0 == " " })
            if rest.hasPrefix(":") || rest.hasPrefix("*:") || rest.hasPrefix("：") { return kind }
        }
        return nil
    }

    /// ``headerLabel(_:)`` of an ASCII line, given lowercased, trimmed and space-normalized: only the ASCII
    /// labels can match, in the same order.
    private static func asciiHeaderLabel(_ lower: [UInt8]) -> HeaderLabel? {
        var stripped = lower[...]
        while stripped.first == UInt8(ascii: "*") { stripped = stripped.dropFirst() }
        for (label, kind) in asciiHeaderLabels where stripped.starts(with: label) {
            var rest = stripped.dropFirst(label.count)
            while rest.first == UInt8(ascii: " ") { rest = rest.dropFirst() }
            if rest.first == UInt8(ascii: ":") || rest.starts(with: [UInt8(ascii: "*"), UInt8(ascii: ":")]) {
                return kind
            }
        }
        return nil
    }

    private static let asciiHeaderLabels: [([UInt8], HeaderLabel)] = headerLabels.compactMap { label, kind in
        label.utf8.allSatisfy { $0 < 0x80 } ? (Array(label.utf8), kind) : nil
    }

    /// `From: … / Sent: … / To: … / Subject: …` (any order after `From:`, localized), within six lines.
    static func isHeaderBlock(_ lines: [Substring], at index: Int, form: LineForm? = nil) -> Bool {
        guard headerLabel(lines[index], form: form) == .from else { return false }
        var seen: Set<HeaderLabel> = [.from]
        for line in lines[(index + 1)..<min(lines.count, index + 7)] {
            if let label = headerLabel(line) { seen.insert(label) }
        }
        return seen.contains(.sent) && (seen.contains(.to) || seen.contains(.subject))
    }

    // MARK: Signatures

    /// The `-- ` delimiter (also without its space), or a mobile client's "sent from" line.
    static func isSignatureStart(_ line: Substring) -> Bool {
        if let ascii = asciiSignatureStart(line) { return ascii }
        return isSignatureStartReadingCharacters(line)
    }

    /// ``isSignatureStart(_:)`` on `Character`s, for any line.
    static func isSignatureStartReadingCharacters(_ line: Substring) -> Bool {
        let trimmed = line.replyTrimmingWhitespace()
        if trimmed == "--" { return true }
        guard trimmed.count <= 80 else { return false }
        let lower = normalizedSpaces(trimmed.lowercased())
        return signaturePhrases.contains { lower.hasPrefix($0) }
    }

    /// Openings of the lines mobile and webmail clients append (lower case).
    static let signaturePhrases: [String] = [
        "sent from my ", "sent from mail for windows", "sent from outlook", "sent from yahoo mail",
        "sent from the all-new aol", "sent with proton mail", "sent with protonmail", "sent from proton mail",
        "sent via ", "get outlook for ios", "get outlook for android", "sent from samsung", "sent from gmail",
        "von meinem iphone gesendet", "von meinem ipad gesendet", "von meinem samsung", "von meinem smartphone",
        "gesendet von meinem", "gesendet von mail für windows", "gesendet mit der ", "gesendet von outlook",
        "outlook für ios", "outlook für android",
        "envoyé de mon ", "envoyé depuis mon ", "envoyé à partir de ", "obtenir outlook pour ",
        "verzonden vanaf mijn ", "verstuurd vanaf mijn ", "verzonden met ", "outlook voor ios", "outlook voor android",
        "enviado desde mi ", "enviado desde ", "obtener outlook para ", "descargar outlook para ",
        "inviato da ", "enviado do meu ", "enviado a partir do ", "skickat från min ", "wysłane z ",
        "iphoneから送信", "ipadから送信",
    ]

    // MARK: Helpers

    /// Non-breaking and narrow spaces as plain spaces, runs of spaces as one.
    static func normalizedSpaces(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII: the same, on bytes (only tabs and spaces are spaces there).
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            var lastWasSpace = false
            for byte in text.utf8 {
                let isSpace = byte == 0x20 || byte == 0x09
                if !isSpace { bytes.append(byte) } else if !lastWasSpace { bytes.append(0x20) }
                lastWasSpace = isSpace
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        // Runs of other characters are copied whole, not character by character. A character is one of the four
        // spaces when it is that one scalar alone: no other scalar sequence is canonically equivalent to any.
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var lastWasSpace = false
        var runStart = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            let scalars = text.unicodeScalars[index..<next]
            let scalar = scalars.first!.value
            let isSpace =
                (scalar == 0x20 || scalar == 0xA0 || scalar == 0x202F || scalar == 0x09)
                && scalars.index(after: scalars.startIndex) == scalars.endIndex
            if isSpace {
                result += text[runStart..<index]
                if !lastWasSpace { result.append(" ") }
                runStart = next
            }
            lastWasSpace = isSpace
            index = next
        }
        result += text[runStart..<text.endIndex]
        return result
    }

    /// The form of a line the `Character` checks read: `normalizedSpaces(line.replyTrimmingWhitespace()
    /// .lowercased())`, made at most once however many checks (attribution, quoted history, header label) read
    /// the same line. A class, so the checks that share a line share what was made of it.
    final class LineForm {
        private let line: Substring

        /// Prepares the form of `line` (made when first read).
        init(_ line: Substring) {
            self.line = line
        }

        /// The lowercased, trimmed, space-normalized line.
        private(set) lazy var value: String = ReplyMarkers.normalizedSpaces(line.replyTrimmingWhitespace().lowercased())
    }
}

extension StringProtocol {
    // Prefixed names: other files of this module may add their own string helpers.
    /// Without leading and trailing whitespace (spaces, tabs, non-breaking spaces, line ends).
    func replyTrimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }

    /// Without leading and trailing characters from `set`.
    func replyTrimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }

    /// `"a :"` → `"a:"` (French typography puts a space before the colon).
    func replyRemovingSpaceBeforeColon() -> String {
        var result = ""
        for character in self {
            if character == ":" || character == "：", result.last == " " { result.removeLast() }
            result.append(character)
        }
        return result
    }
}
