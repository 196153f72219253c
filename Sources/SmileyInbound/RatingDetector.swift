import Foundation
public import SmileyCore

/// Reads the rating a customer typed at the start of a reply ("Great!", "Sehr gut", "4/5", "👍", "Rating: 9").
///
/// Only a leading rating counts: the first words of the reply. Words are looked up in the reply's language and
/// in English (with no locale: English first, then German, Dutch, French and Spanish), case and accents ignored.
/// A negated word is never read as positive ("not good", "nicht gut", "niet goed", "pas bien", "no bueno" are
/// negative; "not bad" gives no rating). Greetings that start with a rating word ("Good morning", "Bonjour",
/// "Buenos días", "Bien reçu") are not ratings. Numbers count on CSAT (1–5) and NPS (0–10) surveys, also as
/// `5/5`, `10 out of 10`, `4 von 5`, `4 stars` — a denominator that is not the scale's maximum gives no rating, and
/// neither does a number followed by a unit (`3 days later…`).
public enum RatingDetector {
    /// Detects a leading rating and separates the comment.
    ///
    /// - Parameters:
    ///   - reply: the new text of the reply (see ``ReplyExtractor``).
    ///   - scale: the survey's scale; words map to its values (smiley: positive/neutral/negative; CSAT: 5 very
    ///     good … 1 very bad; NPS: numbers only).
    ///   - locale: the recipient's locale (`de`, `fr-CH`, `nl_NL`), or `nil`.
    /// - Returns: the rating or `nil`, the comment (the reply without the rating), and the matched text.
    public static func detect(in reply: String, scale: RatingScale, locale: String?) -> RatingDetection {
        detect(in: PreparedReply(reply), scale: scale, locale: locale)
    }

    /// A reply trimmed and split into characters once, for detecting in several languages.
    struct PreparedReply {
        /// The reply without surrounding whitespace.
        let text: String
        /// Its characters, plain and folded.
        let scanner: RatingScanner

        init(_ reply: String) {
            text = reply.replyTrimmingWhitespace()
            scanner = RatingScanner(text)
        }
    }

    /// ``detect(in:scale:locale:)`` on a reply prepared once.
    static func detect(in reply: PreparedReply, scale: RatingScale, locale: String?) -> RatingDetection {
        let text = reply.text
        let scanner = reply.scanner
        let lexicons = lexicons(for: locale)
        let afterLabel = scanner.skipLabel(lexicons.flatMap(\.labels))
        var position = afterLabel ?? 0

        var found: (rating: Rating?, end: Int)? =
            scanner.number(at: position, scale: scale)
            ?? scanner.stars(at: position, scale: scale)
            ?? scanner.emoji(at: position, scale: scale)
        if found == nil, let words = scanner.words(at: position, lexicons: lexicons) {
            found = (words.level.flatMap { rating(level: $0, scale: scale) }, words.end)
        }
        guard let found, let rating = found.rating else {
            return RatingDetection(rating: nil, comment: text, matched: nil)
        }
        position = found.end
        let matched = String(scanner.characters[0..<position]).replyTrimmingWhitespace()
        return RatingDetection(rating: rating, comment: cleanComment(scanner.characters[position...]), matched: matched)
    }

    /// The lexicons to try, in order: the locale's language, then English; with no locale, all of them.
    static func lexicons(for locale: String?) -> [RatingLexicon] {
        guard let locale else { return RatingLexicon.all }
        let language =
            locale.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? ""
        var result: [RatingLexicon] = []
        if let own = RatingLexicon.forLanguage(language) { result.append(own) }
        if language != "en" { result.append(RatingLexicon.english) }
        return result
    }

    /// Folds the five-level ladder onto the survey's scale (NPS has no words).
    static func rating(level: Int, scale: RatingScale) -> Rating? {
        switch scale {
        case .smiley: return Rating(scale: .smiley, value: level >= 4 ? 3 : level == 3 ? 2 : 1)
        case .csat5: return Rating(scale: .csat5, value: level)
        case .nps: return nil
        }
    }

    /// The rest of the reply, trimmed, without the punctuation that separated it from the rating.
    static func cleanComment(_ rest: ArraySlice<Character>) -> String {
        var rest = rest
        let separators: Set<Character> = [":", ",", ";", "-", "–", "—", "!", ".", ")", "=", "/", "|"]
        while let first = rest.first, first.isWhitespace || separators.contains(first) { rest.removeFirst() }
        return String(rest).replyTrimmingWhitespace()
    }
}
