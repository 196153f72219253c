/// How long Smiley keeps each kind of file about people, in days (`retention` in `smiley.json`); `nil` keeps
/// that kind until erased. `smiley prune` applies it; `smiley prune --older-than DAYS` uses one period for every
/// kind but the suppression list.
///
/// The defaults follow what a service desk needs: feedback for two years of trends, the sent index and send
/// journals for a year (replies and reminders need them while a survey can still be answered), quarantined
/// messages and outbox files for 30 days (long enough to look at them), DMARC aggregate reports for 180 days (half
/// a year of deliverability trends), and the suppression list for ever (it holds only keyed hashes, and
/// forgetting it would survey people who asked not to be).
public struct RetentionPolicy: Sendable, Hashable, Codable {
    /// Feedback records (`data/records/`), by when they were received.
    public var records: Int?
    /// The sent index (`data/sent/`), by when each survey was sent.
    public var sent: Int?
    /// Send journals (`data/journals/`), by their last change (an erasure's rewrite keeps the date).
    public var journals: Int?
    /// Quarantined messages (`data/quarantine/`), by when they were received.
    public var quarantine: Int?
    /// Outbox messages (the outbox folder), by when they were written.
    public var outbox: Int?
    /// Suppression-list entries, by when they were added; `nil` (the default) keeps them.
    public var suppression: Int?
    /// DMARC aggregate reports (`data/dmarc/`), by when they were received.
    public var dmarc: Int?

    /// The defaults: records 730 days, sent index and journals 365, DMARC reports 180, quarantine and outbox 30,
    /// suppression for ever.
    public init(
        records: Int? = 730,
        sent: Int? = 365,
        journals: Int? = 365,
        quarantine: Int? = 30,
        outbox: Int? = 30,
        suppression: Int? = nil,
        dmarc: Int? = 180
    ) {
        self.records = records
        self.sent = sent
        self.journals = journals
        self.quarantine = quarantine
        self.outbox = outbox
        self.suppression = suppression
        self.dmarc = dmarc
    }

    /// One period for every kind but the suppression list (`--older-than DAYS`).
    public static func uniform(days: Int) -> RetentionPolicy {
        RetentionPolicy(
            records: days,
            sent: days,
            journals: days,
            quarantine: days,
            outbox: days,
            suppression: nil,
            dmarc: days
        )
    }

    private enum CodingKeys: String, CodingKey {
        case records, sent, journals, quarantine, outbox, suppression, dmarc
    }

    /// Reads `retention` from `smiley.json`: a kind left out keeps its default, `null` keeps it for ever.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = RetentionPolicy()
        // A kind left out keeps its default; `null` keeps that kind for ever.
        func days(_ key: CodingKeys, _ fallback: Int?) throws -> Int? {
            guard c.contains(key) else { return fallback }
            return try c.decodeNil(forKey: key) ? nil : c.decode(Int.self, forKey: key)
        }
        records = try days(.records, defaults.records)
        sent = try days(.sent, defaults.sent)
        journals = try days(.journals, defaults.journals)
        quarantine = try days(.quarantine, defaults.quarantine)
        outbox = try days(.outbox, defaults.outbox)
        suppression = try days(.suppression, defaults.suppression)
        dmarc = try days(.dmarc, defaults.dmarc)
    }

    /// Every period that is set, by its setting's name, for checks and messages.
    public var periods: [(name: String, days: Int)] {
        [
            ("records", records), ("sent", sent), ("journals", journals), ("quarantine", quarantine),
            ("outbox", outbox),
            ("suppression", suppression), ("dmarc", dmarc),
        ].compactMap { name, days in days.map { (name, $0) } }
    }
}
