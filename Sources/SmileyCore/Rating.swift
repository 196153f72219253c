/// One answer on a ``RatingScale``.
///
/// A smiley rating is stored as 3 (positive), 2 (neutral) or 1 (negative); its ``code`` in links and tokens is
/// the word (`positive`, `neutral`, `negative`). Numeric scales use the number as value and code.
public struct Rating: Sendable, Hashable, Codable {
    /// The scale the rating belongs to.
    public let scale: RatingScale
    /// The value, within `scale.values`.
    public let value: Int

    /// Creates a rating, or returns `nil` when `value` is outside the scale.
    public init?(scale: RatingScale, value: Int) {
        guard scale.values.contains(value) else { return nil }
        self.init(uncheckedScale: scale, value: value)
    }

    init(uncheckedScale scale: RatingScale, value: Int) {
        self.scale = scale
        self.value = value
    }

    /// Parses a link or token code (`positive`, `4`, `10`) for a scale, or returns `nil`.
    public init?(scale: RatingScale, code: String) {
        switch scale {
        case .smiley:
            switch code.lowercased() {
            case "positive": self.init(uncheckedScale: .smiley, value: 3)
            case "neutral": self.init(uncheckedScale: .smiley, value: 2)
            case "negative": self.init(uncheckedScale: .smiley, value: 1)
            default: return nil
            }
        case .csat5, .nps:
            guard code.count <= 2, let number = Int(code) else { return nil }
            self.init(scale: scale, value: number)
        }
    }

    /// The rating as it appears in links and plus-addresses: `positive`, `neutral`, `negative`, or the number.
    public var code: String {
        switch scale {
        case .smiley:
            switch value {
            case 3: return "positive"
            case 2: return "neutral"
            default: return "negative"
            }
        case .csat5, .nps:
            return String(value)
        }
    }

    /// Where the rating falls for reports: SmileBack's positive / neutral / negative buckets.
    ///
    /// Smiley maps directly; CSAT 4–5 is positive, 3 neutral, 1–2 negative; NPS 9–10 (promoters) positive,
    /// 7–8 (passives) neutral, 0–6 (detractors) negative.
    public var sentiment: Sentiment {
        switch scale {
        case .smiley:
            return value == 3 ? .positive : value == 2 ? .neutral : .negative
        case .csat5:
            return value >= 4 ? .positive : value == 3 ? .neutral : .negative
        case .nps:
            return value >= 9 ? .positive : value >= 7 ? .neutral : .negative
        }
    }

    /// The three report buckets every scale maps onto.
    public enum Sentiment: String, Sendable, Hashable, Codable, CaseIterable {
        case positive, neutral, negative
    }
}
