/// Corpus messages where SmileyMIME deliberately reads something differently from Python's `email` package,
/// with the reason. `CorpusTests` skips them in the agreement rate and fails if one of them starts agreeing
/// (so the list cannot go stale).
enum KnownDifferences {
    static let files: [String: String] = [:]
}
