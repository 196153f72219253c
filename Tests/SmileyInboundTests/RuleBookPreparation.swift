@testable import SmileyInbound

/// ``QuoteForms/all`` prepared the way the rule book reads lines — the work `QuoteRuleBook` did in every process
/// until 4 December, kept here to check and to write `QuoteRuleBook+Prepared.swift`: every phrase normalized
/// (``QuoteRuleBook/normalized(_:)``), attribution patterns split at their `*`, separators and sign-offs longest
/// first, labels and introductions claimed by the first form that writes them.
struct RuleBookPreparation {
    let formNames: [QuoteRuleBook.FormName]
    let patterns: [QuoteRuleBook.Pattern]
    let separators: [QuoteRuleBook.Phrase]
    /// Each introduction once, with the first form that writes it, in bytewise order.
    let introductions: [QuoteRuleBook.Phrase]
    /// Each label once, with its field and every form that writes it, in bytewise order.
    let labels: [QuoteRuleBook.Label]
    let signatures: [QuoteRuleBook.Phrase]
    let signOffs: [QuoteRuleBook.Phrase]
    let banners: [QuoteRuleBook.Phrase]

    init(_ forms: [QuoteForms]) {
        func normalized(_ phrase: String) -> String { QuoteRuleBook.normalized(Substring(phrase)) }
        func phrases(_ list: (QuoteForms) -> [String]) -> [QuoteRuleBook.Phrase] {
            forms.enumerated().flatMap { index, form in
                list(form).map { QuoteRuleBook.Phrase(phrase: normalized($0), form: index) }
            }
        }
        func longestFirst(_ list: [QuoteRuleBook.Phrase]) -> [QuoteRuleBook.Phrase] {
            // Stable: of two phrases of one length, the earlier form's first.
            list.enumerated().sorted { left, right in
                let (l, r) = (left.element.phrase.utf8.count, right.element.phrase.utf8.count)
                return l != r ? l > r : left.offset < right.offset
            }.map(\.element)
        }
        func bytewise(_ left: String, _ right: String) -> Bool { left.utf8.lexicographicallyPrecedes(right.utf8) }

        formNames = forms.map { QuoteRuleBook.FormName(language: $0.language, client: $0.client) }
        patterns = forms.enumerated().flatMap { index, form in
            [(form.attributions, false), (form.bareAttributions, true)].flatMap { list, isBare in
                list.map { QuoteRuleBook.Pattern(pieces: Self.pieces(of: normalized($0)), form: index, isBare: isBare) }
            }
        }
        separators = longestFirst(phrases(\.separators))
        var introductions: [QuoteRuleBook.Phrase] = []
        for introduction in phrases(\.introductions)
        where !introductions.contains(where: { $0.phrase == introduction.phrase }) {
            introductions.append(introduction)
        }
        self.introductions = introductions.sorted { bytewise($0.phrase, $1.phrase) }
        var labels: [QuoteRuleBook.Label] = []
        for (index, form) in forms.enumerated() {
            for field in Self.fieldOrder {
                for (named, names) in form.fields where named == field {
                    for label in names.map(normalized) {
                        if let known = labels.firstIndex(where: { $0.label == label }) {
                            if labels[known].forms.last != index { labels[known].forms.append(index) }
                        } else {
                            labels.append(QuoteRuleBook.Label(label: label, field: field, forms: [index]))
                        }
                    }
                }
            }
        }
        self.labels = labels.sorted { bytewise($0.label, $1.label) }
        // A signature's trailing space is kept: "sent from my " must be followed by more.
        signatures = forms.enumerated().flatMap { index, form in
            form.signatures.map {
                QuoteRuleBook.Phrase(phrase: normalized($0) + ($0.hasSuffix(" ") ? " " : ""), form: index)
            }
        }
        signOffs = longestFirst(phrases(\.signOffs))
        banners = phrases(\.banners)
    }

    /// The fields in the order of their names: the order a label shared by two fields of one form is first
    /// claimed in.
    static let fieldOrder: [QuoteHeaderField] = [.cc, .date, .from, .subject, .to]

    /// A normalized pattern split at its `*` bytes, empty pieces kept.
    static func pieces(of pattern: String) -> [String] {
        pattern.utf8.split(separator: UInt8(ascii: "*"), omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    /// The Swift files holding these tables, by name (in `Sources/SmileyInbound/Reply/`): the attribution
    /// patterns, separators and introductions; the header labels; the signatures, sign-offs and banners.
    var swiftSources: [(name: String, source: String)] {
        [
            (
                "QuoteRuleBook+Prepared.swift",
                Self.file(
                    opening: [
                        "extension QuoteRuleBook {",
                        "    /// ``QuoteForms/all`` prepared for reading lines, written out ahead so that no `smiley ingest`",
                        "    /// process normalizes, splits and sorts ~600 phrases at start (that was a third of its instructions).",
                        "    enum Prepared {",
                    ],
                    body: formNameLines + patternLines
                        + Self.phraseList("separators", separators, "Separator titles, longest first.")
                        + Self.phraseList(
                            "introductions",
                            introductions,
                            "Introductions, each with the first form that writes it, in bytewise order."
                        )
                )
            ),
            ("QuoteRuleBook+PreparedLabels.swift", Self.file(opening: Self.extensionOpening, body: labelLines)),
            (
                "QuoteRuleBook+PreparedSignatures.swift",
                Self.file(
                    opening: Self.extensionOpening,
                    body: Self.phraseList(
                        "signatures",
                        signatures,
                        "Openings of client signature lines, in form order."
                    )
                        + Self.phraseList("signOffs", signOffs, "Sign-offs, longest first.")
                        + Self.phraseList("banners", banners, "Openings of gateway banners, in form order.")
                )
            ),
        ]
    }

    private static let extensionOpening = ["extension QuoteRuleBook.Prepared {"]

    private static func file(opening: [String], body: [String]) -> String {
        let header = [
            "// Generated from QuoteForms (QuoteForms+*.swift) by the test \"the prepared rule book is QuoteForms",
            "// prepared now\": do not edit. After changing a form, run",
            "//     SMILEY_WRITE_RULE_BOOK=1 swift test --filter QuoteRuleBookPreparedTests && scripts/format",
            "// (the test fails while this file is stale).",
            "",
        ]
        let closing = opening.count > 1 ? ["    }", "}", ""] : ["}", ""]
        return (header + opening + body + closing).joined(separator: "\n")
    }

    private var formNameLines: [String] {
        ["        /// Each form's language and client, in form order.", "        static let formNames: [FormName] = ["]
            + formNames.map {
                "            .init(language: \(Self.literal($0.language)), client: \(Self.literal($0.client))),"
            }
            + ["        ]"]
    }

    private var patternLines: [String] {
        ["        /// Attribution patterns, in form order.", "        static let patterns: [Pattern] = ["]
            + patterns.map { pattern in
                let pieces = pattern.pieces.map(Self.literal).joined(separator: ", ")
                return "            Pattern(pieces: [\(pieces)], form: \(pattern.form), isBare: \(pattern.isBare)),"
            } + ["        ]"]
    }

    private var labelLines: [String] {
        [
            "    /// Header labels, each with its field and the forms that write it, in bytewise order.",
            "    static let labels: [QuoteRuleBook.Label] = [",
        ]
            + labels.map { label in
                let forms = label.forms.map(String.init).joined(separator: ", ")
                return "        .init(label: \(Self.literal(label.label)), field: .\(label.field), forms: [\(forms)]),"
            } + ["    ]"]
    }

    private static func phraseList(_ name: String, _ list: [QuoteRuleBook.Phrase], _ comment: String) -> [String] {
        let (indent, type) =
            name == "separators" || name == "introductions" ? ("        ", "Phrase") : ("    ", "QuoteRuleBook.Phrase")
        return ["\(indent)/// \(comment)", "\(indent)static let \(name): [\(type)] = ["]
            + list.map { "\(indent)    .init(phrase: \(literal($0.phrase)), form: \($0.form))," } + ["\(indent)]"]
    }

    /// A Swift string literal of `text`: quotes and backslashes escaped, control and format characters as `\u{…}`.
    private static func literal(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar.properties.generalCategory == .format:
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
