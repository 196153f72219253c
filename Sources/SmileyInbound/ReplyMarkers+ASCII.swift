/// Answers for pure-ASCII lines read straight from their bytes, without copying, lowercasing or decoding
/// `Character`s: most lines of a long body (a bounce, a newsletter) are plain ASCII text that none of the
/// markers can start, and ``ReplyExtractor`` keeps them after one pass over their bytes.
///
/// On ASCII every byte is a `Character` (lines hold no CR or LF), `Character.isWhitespace` is tab, line feed,
/// vertical tab, form feed, carriage return and space, lowercasing folds `A`–`Z`, and a phrase with a non-ASCII
/// character cannot match (none of the phrases holds one of the few non-ASCII characters canonically equal to an
/// ASCII one: KELVIN SIGN, GREEK QUESTION MARK, GREEK VARIA).
extension ReplyMarkers {
    /// Whether `line` is ASCII and certainly not a quoted line, nor the start of an attribution (also one wrapped
    /// over several lines) or of quoted history. `false` means: ask the full checks.
    static func isOrdinaryASCIILine(_ line: Substring) -> Bool {
        line.utf8.withContiguousStorageIfAvailable(isOrdinary) ?? false
    }

    private static func isOrdinary(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard ASCIISearch.isASCII(bytes) else { return false }
        // isQuoted: a `>` after spaces and tabs.
        var first = 0
        while first < bytes.count, ASCIILine.isSpace(bytes[first]) { first += 1 }
        if first < bytes.count, bytes[first] == UInt8(ascii: ">") { return false }
        let trimmed = trimmedWhitespace(bytes)
        // Attributions, forwarding introductions and header labels that end the line all end in a colon.
        if trimmed.last == UInt8(ascii: ":") { return false }
        // attributionSpan: a line over 300 characters never starts one; a shorter one only when it opens like one.
        if trimmed.count <= 300, opensLikeAttribution(trimmed) { return false }
        // startsQuotedHistory: an underscore rule, a `--`/`==` separator, or a `From:` header line.
        if trimmed.count >= 20, trimmed.allSatisfy({ $0 == UInt8(ascii: "_") }) { return false }
        if trimmed.count >= 2, trimmed[0] == trimmed[1],
            trimmed[0] == UInt8(ascii: "-") || trimmed[0] == UInt8(ascii: "=")
        {
            return false
        }
        return !startsWithFromLabel(trimmed)
    }

    /// ``attributionSpan(in:at:)`` read from the bytes when every line it reads is ASCII; `.some(nil)` for no
    /// attribution, `nil` when a line it would read is not ASCII (ask the full check).
    ///
    /// On ASCII the joined line's `Character` count is its byte count, and it can only be an attribution when it
    /// ends in a colon: only then is it joined and given to ``isAttribution(_:)``.
    static func asciiAttributionSpan(in lines: [Substring], at index: Int) -> Int?? {
        var trimmedLines: [String] = []
        var joinedCount = 0
        for span in 1...3 where index + span - 1 < lines.count {
            enum Step { case notASCII, noAttribution, attribution, next }
            let step =
                lines[index + span - 1].utf8.withContiguousStorageIfAvailable { bytes -> Step in
                    guard ASCIISearch.isASCII(bytes) else { return .notASCII }
                    if span > 1 {
                        // isBlank, isQuoted
                        if bytes.allSatisfy(ASCIILine.isWhitespace) { return .noAttribution }
                        if bytes.first(where: { !ASCIILine.isSpace($0) }) == UInt8(ascii: ">") { return .noAttribution }
                    }
                    let trimmed = trimmedWhitespace(bytes)
                    joinedCount += (span > 1 ? 1 : 0) + trimmed.count
                    if joinedCount > 300 { return .noAttribution }
                    trimmedLines.append(String(decoding: trimmed, as: UTF8.self))
                    if trimmed.last == UInt8(ascii: ":"), isAttribution(trimmedLines.joined(separator: " ")) {
                        return .attribution
                    }
                    if span == 1 && !opensLikeAttribution(trimmed) { return .noAttribution }
                    return .next
                } ?? .notASCII
            switch step {
            case .notASCII: return nil
            case .noAttribution: return .some(nil)
            case .attribution: return span
            case .next: continue
            }
        }
        return .some(nil)
    }

    /// ``startsQuotedHistory(_:at:)`` for an ASCII line, when its bytes decide; nil when the full check must
    /// (a line that is not ASCII, starts with `--` or `==`, or ends in a colon).
    static func asciiStartsQuotedHistory(_ lines: [Substring], at index: Int) -> Bool? {
        let startsFromLabel: Bool?? = lines[index].utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            guard ASCIISearch.isASCII(bytes) else { return nil }
            let trimmed = trimmedWhitespace(bytes)
            if trimmed.count >= 20, trimmed.allSatisfy({ $0 == UInt8(ascii: "_") }) { return nil }
            if trimmed.count >= 2, trimmed[0] == trimmed[1],
                trimmed[0] == UInt8(ascii: "-") || trimmed[0] == UInt8(ascii: "=")
            {
                return nil
            }
            if trimmed.last == UInt8(ascii: ":") { return nil }
            return startsWithFromLabel(trimmed)
        }
        guard let startsFromLabel = startsFromLabel ?? nil else { return nil }
        // Not a rule, separator or introduction: only a header block can start here, and only at a `From:` line.
        return startsFromLabel && isHeaderBlock(lines, at: index)
    }

    /// ``isSignatureStart(_:)`` for an ASCII line; nil for any other line.
    static func asciiSignatureStart(_ line: Substring) -> Bool? {
        line.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            guard ASCIISearch.isASCII(bytes) else { return nil }
            let trimmed = trimmedWhitespace(bytes)
            if trimmed.count == 2, trimmed[0] == UInt8(ascii: "-"), trimmed[1] == UInt8(ascii: "-") { return true }
            guard trimmed.count <= 80 else { return false }
            return asciiSignaturePhrases.contains { ASCIILine.hasNormalizedPrefix(trimmed, $0) }
        } ?? nil
    }

    /// The signature phrases an ASCII line can start with.
    private static let asciiSignaturePhrases = signaturePhrases.filter { $0.utf8.allSatisfy { $0 < 0x80 } }

    /// The bytes without `Character.isWhitespace` at either end (``replyTrimmingWhitespace()`` on ASCII).
    private static func trimmedWhitespace(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = bytes.count
        while start < end, ASCIILine.isWhitespace(bytes[start]) { start += 1 }
        while end > start, ASCIILine.isWhitespace(bytes[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// ``opensLikeAttribution(_:)`` on trimmed ASCII bytes.
    private static func opensLikeAttribution(_ trimmed: UnsafeBufferPointer<UInt8>) -> Bool {
        if let first = trimmed.first, first >= 0x30, first <= 0x39 { return true }
        return trimmed.contains(UInt8(ascii: "@")) || openings.contains { ASCIILine.hasNormalizedPrefix(trimmed, $0) }
    }

    /// The ASCII labels of the `From:` line. (A line has at most one label: no label is another followed by
    /// spaces or a colon, so their order does not matter.)
    private static let asciiFromLabels: [[UInt8]] = headerLabels.compactMap { label, kind in
        kind == .from && label.utf8.allSatisfy { $0 < 0x80 } ? Array(label.utf8) : nil
    }

    /// Whether ``headerLabel(_:)`` is `.from` for trimmed ASCII bytes: after leading `*`s, a from-label, optional
    /// spaces and tabs, then `:` or `*:`.
    private static func startsWithFromLabel(_ trimmed: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0
        while start < trimmed.count, trimmed[start] == UInt8(ascii: "*") { start += 1 }
        labels: for label in asciiFromLabels {
            guard trimmed.count - start >= label.count else { continue }
            for (offset, wanted) in label.enumerated() {
                let byte = trimmed[start + offset]
                if (byte &- 0x41 < 26 ? byte | 0x20 : byte) != wanted { continue labels }
            }
            var rest = start + label.count
            while rest < trimmed.count, ASCIILine.isSpace(trimmed[rest]) { rest += 1 }
            guard rest < trimmed.count else { continue }
            if trimmed[rest] == UInt8(ascii: ":") { return true }
            if trimmed[rest] == UInt8(ascii: "*"), rest + 1 < trimmed.count, trimmed[rest + 1] == UInt8(ascii: ":") {
                return true
            }
        }
        return false
    }
}
