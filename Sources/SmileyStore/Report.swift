public import Foundation
import SmileyCore

/// Satisfaction figures over a period: for everyone, per agent and per survey.
///
/// What counts:
/// - only records classified ``FeedbackRecord/Classification/surveyReply`` or ``FeedbackRecord/Classification/comment``
///   and received in `[from, until)`;
/// - a rating counts once per person, survey and ticket: when someone changes their mind (clicks again, or replies
///   after clicking), the latest rating replaces the earlier one, as in SmileBack; a click counts only as
///   ``ClickRule`` says (scanners' clicks never, unconfirmed clicks after a quiet time). Records without a survey or
///   recipient id cannot be matched up and each count on their own;
/// - every non-empty comment counts.
/// A rating is credited to the agent and survey of the record that carries it; records without an agent are
/// grouped under the empty string.
public struct Report: Sendable, Hashable, Encodable {
    /// The start of the period (inclusive), or `nil` for "since the beginning".
    public let from: Date?
    /// The end of the period (exclusive), or `nil` for "until now".
    public let until: Date?
    /// Everyone.
    public let overall: RatingSummary
    /// Per agent name.
    public let byAgent: [String: RatingSummary]
    /// Per survey id (records without a survey are only in ``overall`` and ``byAgent``).
    public let bySurvey: [String: RatingSummary]

    /// Computes the report.
    /// - Parameters:
    ///   - records: The records to count (others in the list are ignored by the rules above).
    ///   - from: The start of the period, inclusive.
    ///   - until: The end of the period, exclusive.
    ///   - clickRule: Which clicks on rating links count.
    ///   - now: The moment the click rule decides at.
    public init(
        records: [FeedbackRecord],
        from: Date? = nil,
        until: Date? = nil,
        clickRule: ClickRule = .standard,
        now: Date = Date()
    ) {
        self.from = from
        self.until = until
        let period = RecordQuery(from: from, until: until)
        let counted = clickRule.counted(records, now: now).filter {
            period.matches($0) && ($0.classification == .surveyReply || $0.classification == .comment)
        }

        var latest: [String: FeedbackRecord] = [:]
        for record in counted where record.rating != nil {
            let key: String
            if let survey = record.surveyID, let recipient = record.recipientID {
                key = "r\u{0}" + survey + "\u{0}" + recipient.description
            } else {
                key = "i\u{0}" + record.id.rawValue
            }
            if let previous = latest[key],
                (previous.receivedAt, Self.rank(previous), previous.id) > (
                    record.receivedAt, Self.rank(record), record.id
                )
            {
                continue
            }
            latest[key] = record
        }

        var overall = RatingSummary()
        var byAgent: [String: RatingSummary] = [:]
        var bySurvey: [String: RatingSummary] = [:]
        for record in latest.values {
            guard let rating = record.rating else { continue }
            overall.count(rating)
            byAgent[record.agent, default: RatingSummary()].count(rating)
            if let survey = record.surveyID { bySurvey[survey, default: RatingSummary()].count(rating) }
        }
        for record in counted {
            guard let comment = record.comment, comment.contains(where: { !$0.isWhitespace }) else { continue }
            overall.comments += 1
            byAgent[record.agent, default: RatingSummary()].comments += 1
            if let survey = record.surveyID { bySurvey[survey, default: RatingSummary()].comments += 1 }
        }
        self.overall = overall
        self.byAgent = byAgent
        self.bySurvey = bySurvey
    }

    /// Within one second (records keep whole seconds), what happened later: a click before the page's
    /// confirmation before the comment form, which the person can only send after the page was shown.
    static func rank(_ record: FeedbackRecord) -> Int {
        switch record.confirmation {
        case .provisional: 0
        case nil, .interaction: 1
        case .comment: 2
        }
    }

    /// How to break a report down in a table.
    public enum Grouping: String, Sendable, Hashable, CaseIterable {
        /// One row per agent.
        case agent
        /// One row per survey.
        case survey
    }

    /// The report as a table: one row per agent or survey (sorted by name), then a row for everyone.
    public func table(by grouping: Grouping) -> ReportTable {
        let groups = grouping == .agent ? byAgent : bySurvey
        let label = grouping == .agent ? "Agent" : "Survey"
        var rows = groups.keys.sorted().map { name in
            Self.row(name.isEmpty ? "(none)" : name, groups[name]!)
        }
        rows.append(Self.row("All", overall))
        return ReportTable(
            title: "Feedback by \(grouping.rawValue)" + Self.describePeriod(from: from, until: until),
            header: [label, "Ratings", "Positive", "Neutral", "Negative", "CSAT %", "Net CSAT", "NPS", "Comments"],
            rows: rows
        )
    }

    private static func row(_ name: String, _ summary: RatingSummary) -> [String] {
        [
            name, String(summary.ratings), String(summary.positive), String(summary.neutral), String(summary.negative),
            format(summary.csatPercent), format(summary.netCSAT, signed: true), format(summary.nps, signed: true),
            String(summary.comments),
        ]
    }

    private static func format(_ value: Double?, signed: Bool = false) -> String {
        guard let value else { return "n/a" }
        let text = String(format: "%.1f", value)
        return signed && value > 0 ? "+" + text : text
    }

    private static func describePeriod(from: Date?, until: Date?) -> String {
        let style = Date.ISO8601FormatStyle()
        switch (from, until) {
        case (nil, nil): return ""
        case (let from?, nil): return ", from \(from.formatted(style))"
        case (nil, let until?): return ", until \(until.formatted(style))"
        case (let from?, let until?): return ", \(from.formatted(style)) to \(until.formatted(style))"
        }
    }
}
