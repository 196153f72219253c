import Foundation

/// Byte-level searches for lower-case ASCII phrases in text, giving the same answers as
/// `text.lowercased().contains(phrase)` and `text.lowercased().hasPrefix(phrase)` without lowercasing (or even
/// copying) the text and without comparing `Character` by `Character`.
///
/// Equivalence with the `Character` searches: ASCII bytes are folded to lower case; the KELVIN SIGN (U+212A, whose
/// lower case is `k`) counts as `k`; a match only counts when it starts and ends on `Character` boundaries (a
/// combining mark after its last letter, or a prepended mark before its first, makes it no match, as it does
/// for `String.contains`). Phrases must be lower-case ASCII without `;` and `` ` `` (which have non-ASCII
/// canonical equivalents).
enum ASCIISearch {
    /// Where `needle` first starts in `bytes[from..<to]` (`to` defaults to the end), compared byte for byte: a
    /// plain loop where the standard library's generic `firstRange(of:)` allocates and instantiates type metadata
    /// on every call. Used by attribution patterns and by captured webhook requests.
    static func firstOffset(of needle: [UInt8], in bytes: [UInt8], from: Int = 0, to: Int? = nil) -> Int? {
        let to = to ?? bytes.count
        guard needle.count <= to - from else { return nil }
        guard let first = needle.first else { return from }
        var start = from
        while start + needle.count <= to {
            if bytes[start] == first, bytes[start..<(start + needle.count)].elementsEqual(needle) { return start }
            start += 1
        }
        return nil
    }

    /// Whether `text.lowercased()` contains `phrase` (lower-case ASCII).
    static func contains(_ text: some StringProtocol, _ phrase: StaticString) -> Bool {
        find(text, phrase, anchored: false)
    }

    /// Whether `text.lowercased()` starts with `phrase` (lower-case ASCII).
    static func hasPrefix(_ text: some StringProtocol, _ phrase: StaticString) -> Bool {
        find(text, phrase, anchored: true)
    }

    /// Whether `text.lowercased()` starts with the lower-case ASCII `phrase` bytes.
    static func hasPrefix(_ text: some StringProtocol, _ phrase: [UInt8]) -> Bool {
        phrase.withUnsafeBufferPointer { search(text, $0, anchored: true) }
    }

    /// The first of `phrases` (in list order) that `text.lowercased()` contains, or nil. Phrases with non-ASCII
    /// characters are looked for in the lowercased text, made only when the text has non-ASCII bytes (an ASCII
    /// text cannot contain them).
    ///
    /// `Character` comparison of non-ASCII text is canonical equivalence, which costs a normalization check per
    /// comparison. So a non-ASCII phrase is first looked for as bytes in the NFC form of the lowercased text:
    /// characters that are canonically equivalent have the same NFC form, so a text that holds the phrase
    /// holds its NFC bytes too. Only when those bytes are there does the exact `Character` search run.
    static func firstContained(in text: some StringProtocol, of list: PhraseList) -> String? {
        firstContained(in: LoweredText(text), of: list)
    }

    /// ``firstContained(in:of:)`` on a text whose lower case may already be made (and is kept for later lists).
    static func firstContained(in text: LoweredText, of list: PhraseList) -> String? {
        // The ASCII phrases in one pass over the text; a non-ASCII phrase listed before the one found still wins.
        let firstASCII = firstASCIIPhrase(in: text.text, of: list)
        guard !list.otherPhrases.isEmpty, firstASCII != 0, text.hasNonASCII else {
            return firstASCII.map { list.phrases[$0] }
        }
        for phrase in list.otherPhrases {
            if let firstASCII, phrase.index > firstASCII { break }
            guard containsBytes(text.loweredNFC, phrase.nfcBytes) else { continue }
            let candidate = list.phrases[phrase.index]
            if containsCharacters(text.loweredCharacters, Array(candidate)) { return candidate }
        }
        return firstASCII.map { list.phrases[$0] }
    }

    /// The place of the first of the list's ASCII phrases (in list order) that `text.lowercased()` contains,
    /// found in one pass over the text: at each byte, only the phrases starting with it are tried.
    private static func firstASCIIPhrase(in text: some StringProtocol, of list: PhraseList) -> Int? {
        guard let firstASCIIIndex = list.firstASCIIIndex else { return list.firstEmptyIndex }
        // Read through buffers: a slice of the phrases at every byte of the text retained and released the array.
        func scan(_ hay: UnsafeBufferPointer<UInt8>) -> Int? {
            list.asciiStarts.withUnsafeBufferPointer { starts in
                list.asciiPhrases.withUnsafeBufferPointer { phrases in
                    scan(hay, starts: starts, phrases: phrases)
                }
            }
        }
        func scan(
            _ hay: UnsafeBufferPointer<UInt8>,
            starts: UnsafeBufferPointer<Int>,
            phrases: UnsafeBufferPointer<PhraseList.ASCIIPhrase>
        ) -> Int? {
            let kelvinPhrases = starts[0x6B]..<starts[0x6C]
            var best = list.firstEmptyIndex ?? Int.max
            for start in 0..<hay.count {
                let byte = fold(hay[start])
                let candidates: Range<Int>
                if byte < 0x80 {
                    candidates = starts[Int(byte)]..<starts[Int(byte) + 1]
                } else if byte == 0xE2, !kelvinPhrases.isEmpty, isKelvin(hay, at: start) {
                    candidates = kelvinPhrases
                } else {
                    continue
                }
                for position in candidates {
                    let candidate = phrases[position]
                    guard candidate.index < best else { break }
                    let matched = candidate.bytes.withUnsafeBufferPointer { needle in
                        matchEnd(hay, needle, from: start).map {
                            onBoundaries(hay, start: start, end: $0, needle: needle)
                        } ?? false
                    }
                    if matched {
                        best = candidate.index
                        break
                    }
                }
                if best <= firstASCIIIndex { break }
            }
            return best == Int.max ? nil : best
        }
        if let found = text.utf8.withContiguousStorageIfAvailable(scan) { return found }
        return Array(text.utf8).withUnsafeBufferPointer(scan)
    }

    /// Whether `needle` occurs in `hay`, byte for byte.
    private static func containsBytes(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        guard hay.count >= needle.count else { return false }
        return hay.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { needle in
                start: for start in 0...(hay.count - needle.count) where hay[start] == first {
                    for offset in 1..<needle.count where hay[start + offset] != needle[offset] { continue start }
                    return true
                }
                return false
            }
        }
    }

    /// Whether `needle` occurs in `characters` (`String.contains` on `Character`s, without building a search
    /// table for every call).
    private static func containsCharacters(_ characters: [Character], _ needle: [Character]) -> Bool {
        guard let first = needle.first else { return true }
        guard characters.count >= needle.count else { return false }
        for start in 0...(characters.count - needle.count) where characters[start] == first {
            if characters[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    // MARK: Foundation's case-insensitive search

    /// Where `text.range(of: phrase, options: .caseInsensitive)` starts, or nil when it finds nothing.
    ///
    /// On ASCII text (every byte below 0x80) case-insensitive comparison is folding `A`–`Z`, and every byte is a
    /// character, so the first byte-level match is the one Foundation finds; only other text goes to Foundation.
    /// `phrase` must be lower-case ASCII.
    ///
    /// Other text holds a match only where its bytes match too, unless it has one of the few characters whose
    /// case folding or canonical decomposition is ASCII (`ß`, long `s`, `ẞ`, KELVIN SIGN, the `ﬀ`–`ﬆ` ligatures,
    /// GREEK QUESTION MARK, GREEK VARIA): every other non-ASCII character folds to something non-ASCII, which
    /// an ASCII phrase cannot match. So Foundation is only asked when the bytes match or such a character is there.
    static func caseInsensitiveStart(of phrase: StaticString, in text: String) -> String.Index? {
        let probe: Int?? =
            text.utf8.withContiguousStorageIfAvailable { bytes in
                let match = phrase.withUTF8Buffer { needle in firstMatch(bytes, needle) }
                if isASCII(bytes) { return match }
                if match == nil, !hasASCIIFoldingCharacter(bytes) { return Int?.none }
                return Int??.none
            } ?? nil
        guard let offset = probe else {
            return text.range(of: phrase.description, options: .caseInsensitive)?.lowerBound
        }
        return offset.map { text.utf8.index(text.startIndex, offsetBy: $0) }
    }

    /// Whether UTF-8 `bytes` hold `ß` (C3 9F), long `s` (C5 BF), GREEK QUESTION MARK (CD BE), `ẞ` (E1 BA 9E),
    /// GREEK VARIA (E1 BF AF), KELVIN SIGN (E2 84 AA) or a ligature `ﬀ`–`ﬆ` (EF AC 80–86).
    static func hasASCIIFoldingCharacter(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index + 1 < bytes.count {
            let lead = bytes[index]
            let next = bytes[index + 1]
            switch lead {
            case 0xC3 where next == 0x9F, 0xC5 where next == 0xBF, 0xCD where next == 0xBE:
                return true
            case 0xE1 where index + 2 < bytes.count:
                if (next == 0xBA && bytes[index + 2] == 0x9E) || (next == 0xBF && bytes[index + 2] == 0xAF) {
                    return true
                }
            case 0xE2 where index + 2 < bytes.count:
                if next == 0x84 && bytes[index + 2] == 0xAA { return true }
            case 0xEF where index + 2 < bytes.count:
                if next == 0xAC && (0x80...0x86).contains(bytes[index + 2]) { return true }
            default:
                break
            }
            index += 1
        }
        return false
    }

    /// Whether every byte is ASCII.
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // Eight bytes at a time: no byte has its high bit set.
        var index = 0
        let count = bytes.count
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= count {
                if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 {
                    return false
                }
                index += 8
            }
        }
        while index < count {
            if bytes[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }

    /// The offset of the first match of `needle` (lower-case ASCII) in `hay`, `A`–`Z` folded; nil when none.
    private static func firstMatch(_ hay: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = needle.first else { return 0 }
        guard hay.count >= needle.count else { return nil }
        let filter = FirstByteFilter(first, kelvin: false)
        let last = hay.count - needle.count
        var start = 0
        start: while start <= last {
            if start + 8 <= hay.count, !filter.mayHold(hay, at: start) {
                start += 8
                continue
            }
            defer { start += 1 }
            guard fold(hay[start]) == first else { continue }
            for offset in 1..<needle.count where fold(hay[start + offset]) != needle[offset] { continue start }
            return start
        }
        return nil
    }

    private static func find(_ text: some StringProtocol, _ phrase: StaticString, anchored: Bool) -> Bool {
        phrase.withUTF8Buffer { needle in search(text, needle, anchored: anchored) }
    }

    private static func search(
        _ text: some StringProtocol,
        _ needle: UnsafeBufferPointer<UInt8>,
        anchored: Bool
    ) -> Bool {
        assert(needle.allSatisfy { $0 < 0x80 && !(0x41...0x5A).contains($0) && $0 != 0x3B && $0 != 0x60 })
        if let found = text.utf8.withContiguousStorageIfAvailable({ search($0, needle, anchored: anchored) }) {
            return found
        }
        return Array(text.utf8).withUnsafeBufferPointer { search($0, needle, anchored: anchored) }
    }

    private static func search(
        _ hay: UnsafeBufferPointer<UInt8>,
        _ needle: UnsafeBufferPointer<UInt8>,
        anchored: Bool
    ) -> Bool {
        guard let first = needle.first else { return true }
        let count = hay.count
        let filter = FirstByteFilter(first, kelvin: true)
        var start = 0
        while start < count {
            // Eight bytes none of which can start a match are passed over at once.
            if !anchored, start + 8 <= count, !filter.mayHold(hay, at: start) {
                start += 8
                continue
            }
            let byte = hay[start]
            if fold(byte) == first || (first == 0x6B && byte == 0xE2) {
                if let end = matchEnd(hay, needle, from: start),
                    onBoundaries(hay, start: start, end: end, needle: needle)
                {
                    return true
                }
            }
            if anchored { return false }
            start += 1
        }
        return false
    }

    /// Which bytes can start a match of a phrase: those that fold to its first byte (and, for a `k`, the first
    /// byte of a KELVIN SIGN), tested eight at a time. Scanning a long text for a phrase byte by byte cost several
    /// comparisons a byte; most words of eight bytes hold no candidate and are passed over with a few operations.
    private struct FirstByteFilter {
        /// OR-ed into every byte before comparing: `0x20` for a letter (so `A`–`Z` and `a`–`z` both match it).
        private let caseBits: UInt64
        private let pattern: UInt64
        private let kelvin: Bool

        init(_ first: UInt8, kelvin: Bool) {
            let isLetter = first &- 0x61 < 26
            caseBits = isLetter ? Self.repeated(0x20) : 0
            pattern = Self.repeated(first)
            self.kelvin = kelvin && first == 0x6B
        }

        /// Whether one of the eight bytes from `offset` (which must all be in `hay`) may start a match.
        @inline(__always)
        func mayHold(_ hay: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
            let word = UnsafeRawPointer(hay.baseAddress!).loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            return Self.hasZeroByte((word | caseBits) ^ pattern)
                || (kelvin && Self.hasZeroByte(word ^ Self.repeated(0xE2)))
        }

        @inline(__always)
        private static func repeated(_ byte: UInt8) -> UInt64 {
            UInt64(byte) &* 0x0101_0101_0101_0101
        }

        /// Whether a byte of `word` is zero (exact: no false answer either way).
        @inline(__always)
        private static func hasZeroByte(_ word: UInt64) -> Bool {
            (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0
        }
    }

    @inline(__always)
    private static func fold(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }

    /// Where the match of `needle` starting at `start` ends (exclusive), or nil when it does not match.
    @inline(__always)
    private static func matchEnd(
        _ hay: UnsafeBufferPointer<UInt8>,
        _ needle: UnsafeBufferPointer<UInt8>,
        from start: Int
    ) -> Int? {
        var position = start
        for wanted in needle {
            guard position < hay.count else { return nil }
            let byte = hay[position]
            if fold(byte) == wanted {
                position += 1
            } else if wanted == 0x6B, isKelvin(hay, at: position) {
                position += 3
            } else {
                return nil
            }
        }
        return position
    }

    private static func isKelvin(_ hay: UnsafeBufferPointer<UInt8>, at position: Int) -> Bool {
        position + 2 < hay.count && hay[position] == 0xE2 && hay[position + 1] == 0x84 && hay[position + 2] == 0xAA
    }

    /// Whether the match `start..<end` begins and ends on `Character` boundaries. Only non-ASCII neighbours
    /// (combining marks after, prepended marks before) can join a `Character` with an ASCII letter.
    private static func onBoundaries(
        _ hay: UnsafeBufferPointer<UInt8>,
        start: Int,
        end: Int,
        needle: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        if end < hay.count, hay[end] >= 0x80 {
            // The last matched character: one byte, or three for a KELVIN SIGN.
            let lastStart = needle.last == 0x6B && end - 3 >= start && isKelvin(hay, at: end - 3) ? end - 3 : end - 1
            let slice = UnsafeBufferPointer(rebasing: hay[lastStart..<min(hay.count, end + 32)])
            guard String(decoding: slice, as: UTF8.self).first?.utf8.count == end - lastStart else { return false }
        }
        if start > 0, hay[start - 1] >= 0x80 {
            let firstEnd = hay[start] == 0xE2 ? start + 3 : start + 1
            let slice = UnsafeBufferPointer(rebasing: hay[max(0, start - 4)..<firstEnd])
            guard String(decoding: slice, as: UTF8.self).last?.utf8.count == firstEnd - start else { return false }
        }
        return true
    }
}
