import SmileyCore

extension RatingScanner {
    // MARK: Numbers

    /// Words after a number that make it a quantity, not a rating ("3 days later").
    private static let units: Set<String> = [
        "day", "days", "hour", "hours", "hrs", "week", "weeks", "minute", "minutes", "mins", "month", "months",
        "time", "times", "year", "years", "ticket", "tickets", "email", "emails", "mails", "calls", "people",
        "tag", "tage", "tagen", "stunde", "stunden", "woche", "wochen", "minuten", "monate", "mal", "jahre",
        "dag", "dagen", "uur", "weken", "minuten", "keer", "maanden",
        "jour", "jours", "heure", "heures", "semaine", "semaines", "mois", "fois", "ans",
        "día", "días", "dias", "hora", "horas", "semana", "semanas", "minutos", "meses", "veces", "años",
    ]

    /// Words that may sit between a number and the scale's maximum ("4 out of 5", "4 von 5").
    private static let denominators: [FoldedPhrase] = ["out of", "of", "von", "sur", "de", "van", "uit", "su"]

    /// Words that may follow a rating number ("4 stars", "9 points").
    private static let numberSuffixes: [FoldedPhrase] = [
        "stars", "star", "points", "pts", "sterne", "stern", "punkte", "étoiles", "étoile", "points",
        "sterren", "punten", "estrellas", "puntos",
    ]

    /// A number at `start` on a CSAT or NPS survey: `4`, `4/5`, `10 out of 10`, `4 stars`.
    func number(at start: Int, scale: RatingScale) -> (rating: Rating?, end: Int)? {
        guard scale != .smiley else { return nil }
        var index = start
        while index < characters.count, characters[index].isASCII, characters[index].isNumber, index - start < 3 {
            index += 1
        }
        guard index > start, index - start <= 2, let value = Int(String(characters[start..<index])) else { return nil }
        if index < characters.count, characters[index].isNumber { return nil }
        // A decimal ("4.5", "4,5") is not a value on the scale.
        if index + 1 < characters.count, characters[index] == "." || characters[index] == ",",
            characters[index + 1].isNumber
        {
            return nil
        }
        var end = index
        if let (maximum, afterDenominator) = denominator(at: index) {
            guard maximum == scale.values.upperBound else { return nil }
            end = afterDenominator
        }
        let afterSpaces = skipSpaces(from: end)
        if let suffixEnd = Self.numberSuffixes.lazy.compactMap({ match($0, at: afterSpaces) }).first {
            end = suffixEnd
        } else if end < characters.count, characters[end].isLetter {
            return nil
        } else if afterSpaces > end, let word = wordAt(afterSpaces), Self.units.contains(word) {
            return nil
        }
        return (Rating(scale: scale, value: value), end)
    }

    private func denominator(at start: Int) -> (Int, Int)? {
        var index = skipSpaces(from: start)
        if index < characters.count, characters[index] == "/" {
            index = skipSpaces(from: index + 1)
        } else if index > start, let end = Self.denominators.lazy.compactMap({ match($0, at: index) }).first {
            index = skipSpaces(from: end)
        } else {
            return nil
        }
        let digitsStart = index
        while index < characters.count, characters[index].isASCII, characters[index].isNumber { index += 1 }
        guard index > digitsStart, let maximum = Int(String(characters[digitsStart..<index])) else { return nil }
        return (maximum, index)
    }

    private func wordAt(_ start: Int) -> String? {
        var index = start
        while index < characters.count, characters[index].isLetter { index += 1 }
        guard index > start else { return nil }
        return folded[start..<index].joined()
    }

    // MARK: Stars, emoji, emoticons

    /// `★★★★☆` or `⭐⭐⭐⭐`: the number of filled stars.
    func stars(at start: Int, scale: RatingScale) -> (rating: Rating?, end: Int)? {
        var index = start
        var filled = 0
        while index < characters.count {
            let scalars = characters[index].unicodeScalars.filter { $0.value != 0xFE0F }.map(\.value)
            if scalars == [0x2605] || scalars == [0x2B50] || scalars == [0x1F31F] {
                filled += 1
            } else if scalars != [0x2606] {
                break
            }
            index += 1
        }
        guard filled > 0 else { return nil }
        switch scale {
        case .csat5: return (Rating(scale: .csat5, value: filled), index)
        case .smiley: return filled <= 5 ? (RatingDetector.rating(level: filled, scale: .smiley), index) : nil
        case .nps: return nil
        }
    }

    /// Emoji (skin tones and variation selectors ignored) and emoticons, with their level.
    private static let symbols: [String: Int] = {
        var table: [String: Int] = [:]
        for emoji in ["😍", "🤩", "🥰", "💯", "🏆", "❤", "💖", "🌟"] { table[emoji] = 5 }
        for emoji in [
            "😀", "😃", "😄", "😁", "😊", "🙂", "☺", "👍", "👌", "👏", "🙌", "✅", "😎", "🎉", "✔",
            ":)", ":-)", ":d", ":-d", "=)", ";)", ";-)",
        ] {
            table[emoji] = 4
        }
        for emoji in ["😐", "😑", "😶", "🤷", "🤷‍♂", "🤷‍♀", "🙃", ":|", ":-|"] { table[emoji] = 3 }
        for emoji in ["🙁", "☹", "😕", "😞", "😟", "👎", "😒", "😔", "😩", "😫", "❌", ":(", ":-(", ":/", ":-/"] {
            table[emoji] = 2
        }
        for emoji in ["😡", "😠", "🤬", "😤", "😭", "😢", "💩"] { table[emoji] = 1 }
        return table
    }()

    func emoji(at start: Int, scale: RatingScale) -> (rating: Rating?, end: Int)? {
        guard scale != .nps, start < characters.count else { return nil }
        var level: Int?
        var end = start
        for length in [3, 2] where start + length <= characters.count {
            let emoticon = folded[start..<start + length].joined()
            if let found = Self.symbols[emoticon] {
                level = found
                end = start + length
                break
            }
        }
        if level == nil {
            let base = String(
                String.UnicodeScalarView(
                    characters[start].unicodeScalars.filter {
                        $0.value != 0xFE0F && !(0x1F3FB...0x1F3FF).contains($0.value)
                    }
                )
            )
            guard let found = Self.symbols[base] else { return nil }
            level = found
            end = start + 1
            // "👍👍👍": the repeats belong to the rating, not the comment.
            while end < characters.count, characters[end] == characters[start] { end += 1 }
        }
        guard let level else { return nil }
        return (RatingDetector.rating(level: level, scale: scale), end)
    }
}
