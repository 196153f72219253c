extension ReplyExtractor {
    /// One pass over a reply's lines: which are kept, and the cuts made.
    struct Reading {
        let lines: [Substring]
        private var matcher: QuoteMatcher
        /// Indices of the kept lines, in order.
        private(set) var kept: [Int] = []
        private(set) var cuts: [ReplyCut] = []
        private(set) var removedQuote = false
        private(set) var removedSignature = false

        init(lines: [Substring]) {
            self.lines = lines
            self.matcher = QuoteMatcher(lines: lines)
        }

        private mutating func note(_ rule: ReplyCut.Rule, _ form: Int?, at line: Int) {
            cuts.append(
                ReplyCut(rule: rule, form: form.map { matcher.book.formNames[$0] }, line: line + 1, text: lines[line])
            )
        }

        /// Whether a kept line holds text (not only blank lines so far).
        private var hasText: Bool { kept.contains { !QuoteRuleBook.isBlank(lines[$0]) } }

        /// Keeps the reply's lines, stopping at the quoted history.
        mutating func scan() {
            var index = 0
            // A gateway's warning opening the message goes with its paragraph.
            if let first = lines.firstIndex(where: { !QuoteRuleBook.isBlank($0) }), let form = matcher.banner(at: first)
            {
                note(.banner, form, at: first)
                index = lines[first...].firstIndex(where: QuoteRuleBook.isBlank) ?? lines.count
            }
            var keptRun = 0
            while index < lines.count {
                if QuoteMatcher.isQuoted(lines[index]) || ReplyExtractor.isWrappedQuote(lines, at: index) {
                    if cuts.last?.rule != .quotedLines {
                        dropAttributionLeftAbove()
                        note(.quotedLines, nil, at: index)
                    }
                    removedQuote = true
                    keptRun = 0
                    index += 1
                    continue
                }
                guard let start = matcher.quoteStart(at: index, keptAbove: keptRun) else {
                    kept.append(index)
                    keptRun = QuoteRuleBook.isBlank(lines[index]) ? 0 : keptRun + 1
                    index += 1
                    continue
                }
                removedQuote = true
                kept.removeLast(index - start.line)
                note(start.rule, start.form, at: start.line)
                var end = start.rule == .headerBlock ? matcher.headerBlockEnd(from: index) : start.end
                var next = lines[end...].firstIndex { !QuoteRuleBook.isBlank($0) }
                // A separator or an introduction over a header block ("-----Original Message-----", "From: …"):
                // what follows the block tells whether the quote goes on in `>` lines.
                if start.rule != .headerBlock, let first = next, matcher.headerField(first) != nil {
                    end = matcher.headerBlockEnd(from: first)
                    next = lines[end...].firstIndex { !QuoteRuleBook.isBlank($0) }
                }
                // Bottom-posting or interleaving: the marker introduces `>` lines and the reply goes on after.
                let quotes = next.map { QuoteMatcher.isQuoted(lines[$0]) } ?? false
                // An attribution at the very top over text that is not indented as a quote: the text is the reply.
                let answersBelow =
                    (start.rule == .attribution || start.rule == .datedAddress) && !hasText
                    && next.map { !Self.isIndented(lines[$0]) } ?? false
                if quotes || answersBelow {
                    index = end
                    keptRun = 0
                    continue
                }
                // A rule of dashes, underscores or `=`, or an attribution without its colon, just above the marker
                // belongs to it.
                while let last = kept.last, ReplyExtractor.isRuleOrBlank(lines[last]) { kept.removeLast() }
                if let last = kept.last, matcher.isAttributionWithoutColon(last...last) { kept.removeLast() }
                return
            }
        }

        /// Removes the kept line (or two) right above a `>` block when they are an attribution that lost its colon.
        private mutating func dropAttributionLeftAbove() {
            var tail = kept.count
            while tail > 0, QuoteRuleBook.isBlank(lines[kept[tail - 1]]) { tail -= 1 }
            guard tail > 0, kept.count - tail <= 1 else { return }
            let last = kept[tail - 1]
            if tail > 1, kept[tail - 2] == last - 1, !QuoteRuleBook.isBlank(lines[last - 1]),
                matcher.isAttributionWithoutColon((last - 1)...last)
            {
                kept.removeSubrange((tail - 2)...)
                removedQuote = true
            } else if matcher.isAttributionWithoutColon(last...last) {
                kept.removeSubrange((tail - 1)...)
                removedQuote = true
            }
        }

        /// Cuts a client's signature line and what follows it, or what follows a sign-off and the name under it.
        /// A signature line above any text ("Sent from iPhone" at the top) goes alone.
        mutating func cutSignature() {
            var position = 0
            var seenText = false
            while position < kept.count {
                let index = kept[position]
                if let signature = matcher.signature(at: index) {
                    note(signature.rule, signature.form, at: index)
                    removedSignature = true
                    // A client's line above any text ("Sent from iPhone" at the top) goes alone; the `-- `
                    // delimiter always takes what follows.
                    if seenText || signature.rule == .signatureDelimiter {
                        kept.removeSubrange(position...)
                        return
                    }
                    kept.remove(at: position)
                    continue
                }
                if seenText, let form = matcher.isSignOff(at: index) {
                    // The name may stand a blank line below the sign-off, or below a second one ("Thanks,/Regards,").
                    var end = position + 1
                    var search = end
                    while let name = kept[search...].prefix(3).firstIndex(where: { !QuoteRuleBook.isBlank(lines[$0]) }),
                        QuoteMatcher.isName(lines[kept[name]].trimming(" \t")),
                        matcher.signature(at: kept[name]) == nil
                    {
                        end = name + 1
                        guard matcher.isSignOff(at: kept[name]) != nil else { break }
                        search = end
                    }
                    if end < kept.count, kept[end...].contains(where: { !QuoteRuleBook.isBlank(lines[$0]) }) {
                        note(.signOff, form, at: index)
                        removedSignature = true
                        kept.removeSubrange(end...)
                    }
                    return
                }
                if seenText, isFooter(from: position) {
                    note(.footerRule, nil, at: index)
                    removedSignature = true
                    kept.removeSubrange(position...)
                    return
                }
                seenText = seenText || !QuoteRuleBook.isBlank(lines[index])
                position += 1
            }
        }

        /// Whether the kept line at `position` is a short rule (three or more of `-_=*.~•·`, nothing else but
        /// spaces) under which a footer ends the message: at most twelve lines holding a link, an address or an
        /// unsubscribe line.
        private func isFooter(from position: Int) -> Bool {
            let line = lines[kept[position]]
            // Most lines open with a letter: one byte answers.
            if let first = line.utf8.first(where: { $0 != 0x20 && $0 != 0x09 }), first < 0x80,
                !"-_=*.~".utf8.contains(first)
            {
                return false
            }
            var marks = 0
            for character in line where !character.isWhitespace {
                guard Self.footerRuleCharacters.contains(character) else { return false }
                marks += 1
            }
            guard marks >= 3 else { return false }
            let below = kept[(position + 1)...].filter { !QuoteRuleBook.isBlank(lines[$0]) }
            guard !below.isEmpty, below.count <= 12 else { return false }
            return below.contains { index in
                let text = lines[index].lowercased()
                return Self.footerMarks.contains { text.contains($0) }
            }
        }

        static let footerRuleCharacters: Set<Character> = ["-", "_", "=", "*", ".", "~", "•", "·", "—", "–"]
        /// What a footer holds and a customer's comment seldom does.
        static let footerMarks = ["http://", "https://", "www.", "@", "unsubscribe", "abmelden", "désabonner", "©"]

        /// Indented as Outlook for Mac quotes: a tab or two spaces first.
        static func isIndented(_ line: Substring) -> Bool {
            line.hasPrefix("\t") || line.hasPrefix("  ")
        }
    }
}
