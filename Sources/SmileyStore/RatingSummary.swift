import SmileyCore

/// The figures for one group of feedback (everyone, one agent, one survey).
///
/// Percentages are over ratings, as SmileBack reports them:
/// - ``csatPercent``: positive ratings / all ratings × 100;
/// - ``netCSAT``: % positive − % negative (from −100 to +100);
/// - ``nps``: % promoters (9–10) − % detractors (0–6), over ratings on the 0–10 scale only.
/// Each is `nil` when there is nothing to compute it over.
public struct RatingSummary: Sendable, Hashable, Encodable {
    /// Ratings counted (after keeping only each person's latest rating per survey and ticket).
    public internal(set) var ratings = 0
    /// Ratings in the positive bucket (smiley 😀, CSAT 4–5, NPS 9–10).
    public internal(set) var positive = 0
    /// Ratings in the neutral bucket (smiley 😐, CSAT 3, NPS 7–8).
    public internal(set) var neutral = 0
    /// Ratings in the negative bucket (smiley ☹️, CSAT 1–2, NPS 0–6).
    public internal(set) var negative = 0
    /// NPS ratings of 9 or 10.
    public internal(set) var promoters = 0
    /// NPS ratings of 7 or 8.
    public internal(set) var passives = 0
    /// NPS ratings of 0 to 6.
    public internal(set) var detractors = 0
    /// Records with a non-empty comment.
    public internal(set) var comments = 0

    /// An empty summary.
    public init() {}

    /// NPS ratings counted.
    public var npsRatings: Int { promoters + passives + detractors }

    /// Positive ratings as a percentage of all ratings, or `nil` without ratings.
    public var csatPercent: Double? {
        ratings == 0 ? nil : Double(positive) * 100 / Double(ratings)
    }

    /// SmileBack's Net CSAT: % positive − % negative, or `nil` without ratings.
    public var netCSAT: Double? {
        ratings == 0 ? nil : Double(positive - negative) * 100 / Double(ratings)
    }

    /// Net Promoter Score: % promoters − % detractors of the 0–10 ratings, or `nil` without any.
    public var nps: Double? {
        npsRatings == 0 ? nil : Double(promoters - detractors) * 100 / Double(npsRatings)
    }

    mutating func count(_ rating: Rating) {
        ratings += 1
        switch rating.sentiment {
        case .positive: positive += 1
        case .neutral: neutral += 1
        case .negative: negative += 1
        }
        if rating.scale == .nps {
            switch rating.value {
            case 9...10: promoters += 1
            case 7...8: passives += 1
            default: detractors += 1
            }
        }
    }

    private enum CodingKeys: String, CodingKey {
        case ratings, positive, neutral, negative, promoters, passives, detractors, comments
        case csatPercent, netCSAT, nps
    }

    /// Encodes the counts and the three percentages (absent when `nil`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ratings, forKey: .ratings)
        try container.encode(positive, forKey: .positive)
        try container.encode(neutral, forKey: .neutral)
        try container.encode(negative, forKey: .negative)
        try container.encode(promoters, forKey: .promoters)
        try container.encode(passives, forKey: .passives)
        try container.encode(detractors, forKey: .detractors)
        try container.encode(comments, forKey: .comments)
        try container.encodeIfPresent(csatPercent, forKey: .csatPercent)
        try container.encodeIfPresent(netCSAT, forKey: .netCSAT)
        try container.encodeIfPresent(nps, forKey: .nps)
    }
}
