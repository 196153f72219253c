public import SmileyCore

/// What a reply says about the rating: the rating (if it opens with one) and the rest as the comment.
public struct RatingDetection: Sendable, Hashable {
    /// The rating the reply opens with, or `nil` when it does not open with one (or only with a negated one
    /// that says nothing clear, like "not bad").
    public let rating: Rating?
    /// The reply without the rating words, trimmed, leading punctuation (`:`, `,`, `-`, `!`, …) removed.
    public let comment: String
    /// The text that was read as the rating, exactly as written (`Sehr gut`, `5/5`, `👍`), or `nil`.
    public let matched: String?

    /// Creates a detection result.
    public init(rating: Rating?, comment: String, matched: String?) {
        self.rating = rating
        self.comment = comment
        self.matched = matched
    }
}
