public import Foundation
public import SmileyCore

/// When a stored click on a rating link counts as a person's rating: the one rule every report, export and
/// server applies, kept as data (two durations) and decided by one function, ``verdict(of:among:now:)``.
///
/// Mail gateways (Safe Links, Mimecast, Proofpoint, Barracuda) open every link of a message before the person
/// does. The server refuses what it can tell at once (HEAD requests, known scanner user agents and address
/// ranges: they are never stored); every other click is stored as
/// ``FeedbackRecord/Confirmation/provisional``, and this rule decides later, from the stored clicks alone:
///
/// 1. a click the page confirmed (``FeedbackRecord/Confirmation/interaction`` or
///    ``FeedbackRecord/Confirmation/comment``) counts;
/// 2. a provisional click with a provisional click for a *different* rating of the same survey and person
///    less than ``burst`` apart is a scanner opening every link, and never counts;
/// 3. any other provisional click counts once ``quiet`` has passed since it (a person whose browser ran no
///    script), and is pending until then.
///
/// Because the rule reads only stored records, it gives the same answer in every process and after a restart.
public struct ClickRule: Sendable, Hashable {
    /// Different ratings clicked for one survey and person within this span are a scanner. Default 60 s.
    public var burst: Duration
    /// A provisional click nothing contradicts counts after this long. Default 5 minutes.
    public var quiet: Duration

    /// Creates a rule.
    public init(burst: Duration = .seconds(60), quiet: Duration = .seconds(300)) {
        self.burst = burst
        self.quiet = quiet
    }

    /// The rule Smiley applies unless `smiley.json` sets another.
    public static let standard = ClickRule()

    /// The rule of `smiley.json`'s `server` section (`clickBurstSeconds`, `clickQuietSeconds`).
    public init(settings: ServerSettings) {
        self.init(burst: .seconds(settings.clickBurstSeconds), quiet: .seconds(settings.clickQuietSeconds))
    }

    /// What the rule makes of one click.
    public enum Verdict: Sendable, Hashable {
        /// The click is a person's rating.
        case counted
        /// Nothing contradicts the click yet; it counts from this moment on unless a contradicting click arrives.
        case pending(until: Date)
        /// The click was one of several different ratings within ``ClickRule/burst``: a link scanner.
        case scanner
    }

    /// Decides about one click.
    /// - Parameters:
    ///   - click: a record with ``FeedbackRecord/source`` `click` (any other record is ``Verdict/counted``).
    ///   - clicks: the stored clicks of the same survey and person (may include `click` itself).
    ///   - now: the moment of the decision.
    public func verdict(of click: FeedbackRecord, among clicks: [FeedbackRecord], now: Date) -> Verdict {
        guard click.source == .click, click.confirmation == .provisional else { return .counted }
        let window = Self.seconds(burst)
        let contradicted = clicks.contains { other in
            other.confirmation == .provisional && other.rating != click.rating
                && abs(other.receivedAt.timeIntervalSince(click.receivedAt)) < window
        }
        if contradicted { return .scanner }
        let countsFrom = click.receivedAt.addingTimeInterval(Self.seconds(quiet))
        return now >= countsFrom ? .counted : .pending(until: countsFrom)
    }

    /// The records that count at `now`: every record that is not a click, and the clicks the rule counts.
    public func counted(_ records: [FeedbackRecord], now: Date) -> [FeedbackRecord] {
        var clicksByPerson: [String: [FeedbackRecord]] = [:]
        for record in records where record.confirmation == .provisional {
            clicksByPerson[Self.personKey(record), default: []].append(record)
        }
        guard !clicksByPerson.isEmpty else { return records }
        return records.filter { record in
            guard record.confirmation == .provisional else { return true }
            return verdict(of: record, among: clicksByPerson[Self.personKey(record)] ?? [], now: now) == .counted
        }
    }

    /// Clicks of one survey and person share a key; a click without either (erased) stands alone.
    static func personKey(_ record: FeedbackRecord) -> String {
        guard let survey = record.surveyID, let recipient = record.recipientID else { return "i" + record.id.rawValue }
        return "r\u{0}" + survey + "\u{0}" + recipient.description
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        let parts = duration.components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}
