/// The scale a survey asks its question on.
///
/// - `smiley`: three smileys, positive / neutral / negative (SmileBack's scale, the default).
/// - `csat5`: 1 (very unsatisfied) to 5 (very satisfied).
/// - `nps`: 0 to 10, "how likely are you to recommend us".
public enum RatingScale: String, Sendable, Hashable, Codable, CaseIterable {
    case smiley
    case csat5
    case nps

    /// Every value a rating on this scale can take, lowest first.
    public var values: ClosedRange<Int> {
        switch self {
        case .smiley: return 1...3
        case .csat5: return 1...5
        case .nps: return 0...10
        }
    }

    /// The ratings of this scale, in the order a survey shows them (best first, as SmileBack does).
    public var ratingsForDisplay: [Rating] {
        values.reversed().map { Rating(uncheckedScale: self, value: $0) }
    }
}
