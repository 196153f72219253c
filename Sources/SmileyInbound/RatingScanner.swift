import Foundation
import SmileyCore

/// Character-level matching at the start of a reply, case- and accent-insensitive.
struct RatingScanner {
    let characters: [Character]
    /// Each character lower-cased and without accents, index for index with `characters`.
    let folded: FoldedCharacters

    init(_ text: String) {
        characters = Array(text)
        folded = FoldedCharacters(characters)
    }

    /// The folded form of each character, made when first read: only the first words of a reply are compared
    /// with the lexicons, and folding every character of a long reply up front was most of the cost of reading
    /// it. A class, so that every copy of a scanner shares what was folded.
    final class FoldedCharacters {
        private let characters: [Character]
        private var cache: [String?]

        init(_ characters: [Character]) {
            self.characters = characters
            cache = Array(repeating: nil, count: characters.count)
        }

        /// `RatingScanner.fold(characters[index])`.
        subscript(index: Int) -> String {
            if let known = cache[index] { return known }
            let value = RatingScanner.fold(characters[index])
            cache[index] = value
            return value
        }

        /// The folded forms of the characters in `range`.
        subscript(range: Range<Int>) -> [String] {
            range.map { self[$0] }
        }
    }

    static func fold(_ character: Character) -> String {
        // A one-byte (ASCII) character has no accent and folds to its lower case: no Foundation round trip.
        if character.utf8.count == 1, let byte = character.utf8.first {
            return asciiFolded[Int(byte)]
        }
        // Latin-1 and Latin Extended-A letters (the accents of the languages Smiley reads), by table: Foundation's
        // folding costs about 17,000 instructions a character, and building the lexicons folds dozens.
        let scalars = character.unicodeScalars
        if let scalar = scalars.first, scalars.index(after: scalars.startIndex) == scalars.endIndex,
            (0xC0...0x17F).contains(scalar.value)
        {
            return latinFolded[Int(scalar.value) - 0xC0]
        }
        return String(character).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// The folded form of each ASCII character, by code.
    private static let asciiFolded: [String] = (0..<128).map { code in
        String(UnicodeScalar(UInt8((0x41...0x5A).contains(code) ? code | 0x20 : code)))
    }

    /// The folded form of U+00C0…U+017F, as Foundation's case- and diacritic-insensitive folding gives it (a test
    /// compares every entry with Foundation).
    static let latinFolded: [String] = [
        "a", "a", "a", "a", "a", "a", "æ", "c", "e", "e", "e", "e", "i", "i", "i", "i", "ð", "n", "o", "o", "o", "o",
        "o", "×", "ø", "u", "u", "u", "u", "y", "þ", "ss", "a", "a", "a", "a", "a", "a", "æ", "c", "e", "e", "e",
        "e", "i", "i", "i", "i", "ð", "n", "o", "o", "o", "o", "o", "÷", "ø", "u", "u", "u", "u", "y", "þ", "y", "a",
        "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d", "đ", "đ", "e", "e", "e", "e", "e",
        "e", "e", "e", "e", "e", "g", "g", "g", "g", "g", "g", "g", "g", "h", "h", "ħ", "ħ", "i", "i", "i", "i", "i",
        "i", "i", "i", "i", "ı", "ĳ", "ĳ", "j", "j", "k", "k", "ĸ", "l", "l", "l", "l", "l", "l", "ŀ", "ŀ", "ł", "ł",
        "n", "n", "n", "n", "n", "n", "ʼn", "ŋ", "ŋ", "o", "o", "o", "o", "o", "o", "œ", "œ", "r", "r", "r", "r",
        "r", "r", "s", "s", "s", "s", "s", "s", "s", "s", "t", "t", "t", "t", "ŧ", "ŧ", "u", "u", "u", "u", "u", "u",
        "u", "u", "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
    ]

    /// The folded form of an ASCII byte.
    static func foldASCII(_ byte: UInt8) -> String { asciiFolded[Int(byte)] }

    // MARK: Phrases

    /// Where `phrase` ends when it starts at `start` and is followed by a word boundary; spaces in the phrase match
    /// any run of whitespace.
    func match(_ phrase: FoldedPhrase, at start: Int) -> Int? {
        var index = start
        for foldedCharacter in phrase.folded {
            guard let foldedCharacter else {
                guard index < characters.count, characters[index].isWhitespace else { return nil }
                while index < characters.count, characters[index].isWhitespace { index += 1 }
                continue
            }
            guard index < characters.count, folded[index] == foldedCharacter else { return nil }
            index += 1
        }
        if index < characters.count, phrase.endsInLetterOrNumber {
            let next = characters[index]
            if next.isLetter || next.isNumber || next == "'" || next == "’" { return nil }
        }
        return index
    }

    func skipSpaces(from start: Int) -> Int {
        var index = start
        while index < characters.count, characters[index].isWhitespace { index += 1 }
        return index
    }

    /// After "Rating:", "Note :", "Bewertung =" (or "Rating 4"), where the rating starts; `nil` without a label.
    func skipLabel(_ labels: [FoldedPhrase]) -> Int? {
        for label in labels.sorted(by: { $0.count > $1.count }) {
            guard let end = match(label, at: 0) else { continue }
            var index = skipSpaces(from: end)
            if index < characters.count, [":", "=", "-", "："].contains(characters[index]) {
                return skipSpaces(from: index + 1)
            }
            if index > end, index < characters.count, characters[index].isNumber { return index }
            index = end
        }
        return nil
    }

    // MARK: Words

    /// A rating word or phrase at `start`: `level` is `nil` for a negated non-positive word ("not bad").
    func words(at start: Int, lexicons: [RatingLexicon]) -> (level: Int?, end: Int)? {
        for lexicon in lexicons {
            for exclusion in lexicon.exclusions where match(exclusion, at: start) != nil { return nil }
        }
        for lexicon in lexicons {
            if let (level, end) = phrase(at: start, in: lexicon) { return (level, end) }
            for negation in lexicon.negationsLongestFirst {
                guard let end = match(negation, at: start), end < characters.count, characters[end].isWhitespace
                else { continue }
                let afterIntensifiers = skipIntensifiers(from: skipSpaces(from: end), in: lexicon)
                guard let (level, wordEnd) = phrase(at: afterIntensifiers, in: lexicon) else { continue }
                // "not good" is negative; "not bad" and "not okay" say nothing clear.
                return (level >= 4 ? 2 : nil, wordEnd)
            }
            let afterIntensifiers = skipIntensifiers(from: start, in: lexicon)
            if afterIntensifiers > start, let (level, end) = phrase(at: afterIntensifiers, in: lexicon) {
                return (level, end)
            }
        }
        return nil
    }

    private func phrase(at start: Int, in lexicon: RatingLexicon) -> (Int, Int)? {
        for entry in lexicon.phrases {
            if let end = match(entry.phrase, at: start) { return (entry.level, end) }
        }
        return nil
    }

    private func skipIntensifiers(from start: Int, in lexicon: RatingLexicon) -> Int {
        var index = start
        var progressed = true
        while progressed {
            progressed = false
            for word in lexicon.intensifiers {
                if let end = match(word, at: index), end < characters.count, characters[end].isWhitespace {
                    index = skipSpaces(from: end)
                    progressed = true
                }
            }
        }
        return index
    }
}

/// A phrase of a rating list folded once (``RatingScanner/fold(_:)`` of each character), for
/// ``RatingScanner/match(_:at:)``: lists are fixed, so their characters are not folded again for every reply.
struct FoldedPhrase: Sendable, ExpressibleByStringLiteral {
    /// The phrase as written (lower case).
    let text: String
    /// Each character folded; nil for a space, which matches any run of whitespace.
    let folded: [String?]
    /// The phrase's length in characters.
    let count: Int
    /// Whether its last character is a letter or a number (then it must end at a word boundary).
    let endsInLetterOrNumber: Bool

    /// Folds a phrase.
    init(_ text: String) {
        self.text = text
        // Most phrases are ASCII: one character per byte, folded by table (no grapheme breaking, no Foundation).
        if text.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
            folded = text.utf8.map { $0 == 0x20 ? nil : RatingScanner.foldASCII($0) }
            count = text.utf8.count
            endsInLetterOrNumber =
                text.utf8.last.map { byte in
                    (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                } ?? false
            return
        }
        folded = text.map { $0 == " " ? nil : RatingScanner.fold($0) }
        count = text.count
        endsInLetterOrNumber = text.last.map { $0.isLetter || $0.isNumber } ?? false
    }

    /// Folds a phrase written as a literal.
    init(stringLiteral text: String) {
        self.init(text)
    }
}
