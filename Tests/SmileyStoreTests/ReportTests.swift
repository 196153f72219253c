import Foundation
import SmileyCore
import SmileyStore
import Testing

@Suite("Reports")
struct ReportTests {
    /// Hand-made feedback for days 0–10, with noise that must not count.
    static let records: [FeedbackRecord] = [
        // Ann, survey s1, smileys. p6 first says negative, then changes to positive: only the latest counts.
        reply(messageID: "a1", person: "p1@example.com", agent: "Ann", rating: smiley("positive"), at: day(1)),
        reply(messageID: "a2", person: "p2@example.com", agent: "Ann", rating: smiley("positive"), at: day(1)),
        reply(
            messageID: "a3",
            person: "p3@example.com",
            agent: "Ann",
            rating: smiley("positive"),
            comment: "Great",
            at: day(2)
        ),
        reply(messageID: "a4", person: "p4@example.com", agent: "Ann", rating: smiley("neutral"), at: day(2)),
        reply(messageID: "a5", person: "p5@example.com", agent: "Ann", rating: smiley("negative"), at: day(3)),
        reply(messageID: "a6", person: "p6@example.com", agent: "Ann", rating: smiley("negative"), at: day(1)),
        reply(messageID: "a7", person: "p6@example.com", agent: "Ann", rating: smiley("positive"), at: day(4)),
        reply(
            messageID: "a8",
            person: "p1@example.com",
            agent: "Ann",
            comment: "  \n ",
            classification: .comment,
            at: day(2)
        ),
        // Bob, survey s2, NPS: promoters 10, 9; passive 8; detractors 6, 0, 3.
        reply(messageID: "b1", survey: "s2", person: "q1@example.com", agent: "Bob", rating: nps(10), at: day(1)),
        reply(messageID: "b2", survey: "s2", person: "q2@example.com", agent: "Bob", rating: nps(9), at: day(1)),
        reply(messageID: "b3", survey: "s2", person: "q3@example.com", agent: "Bob", rating: nps(8), at: day(1)),
        reply(
            messageID: "b4",
            survey: "s2",
            person: "q4@example.com",
            agent: "Bob",
            rating: nps(6),
            comment: "Slow",
            at: day(1)
        ),
        reply(messageID: "b5", survey: "s2", person: "q5@example.com", agent: "Bob", rating: nps(0), at: day(1)),
        reply(messageID: "b6", survey: "s2", person: "q6@example.com", agent: "Bob", rating: nps(3), at: day(1)),
        // Cy, survey s1, CSAT 1–5: 5 and 4 positive, 3 neutral, 2 negative.
        reply(messageID: "c1", person: "r1@example.com", agent: "Cy", rating: csat(5), at: day(5)),
        reply(messageID: "c2", person: "r2@example.com", agent: "Cy", rating: csat(4), at: day(5)),
        reply(messageID: "c3", person: "r3@example.com", agent: "Cy", rating: csat(3), at: day(5)),
        reply(messageID: "c4", person: "r4@example.com", agent: "Cy", rating: csat(2), at: day(5)),
        // A rating that cannot be tied to a survey or person: counts once, overall and under no agent.
        reply(messageID: "n4", survey: nil, rating: smiley("negative"), at: day(5)),
        // Noise: an auto-reply with a rating, a rating outside the period, a bounce.
        reply(
            messageID: "n1",
            person: "p9@example.com",
            agent: "Ann",
            rating: smiley("positive"),
            classification: .autoReply,
            at: day(1)
        ),
        reply(messageID: "n2", survey: "s2", person: "q9@example.com", agent: "Bob", rating: nps(10), at: day(12)),
        reply(messageID: "n3", person: "r9@example.com", agent: "Cy", classification: .bounce, at: day(2)),
    ]

    static let report = Report(records: records, from: day(0), until: day(10))

    private func close(_ value: Double?, _ expected: Double) -> Bool {
        guard let value else { return false }
        return abs(value - expected) < 1e-9
    }

    @Test("per agent: counts, CSAT %, Net CSAT and NPS match the hand computation")
    func perAgent() throws {
        let ann = try #require(Self.report.byAgent["Ann"])
        #expect((ann.ratings, ann.positive, ann.neutral, ann.negative, ann.comments) == (6, 4, 1, 1, 1))
        #expect(close(ann.csatPercent, 400.0 / 6))  // 4 of 6 positive
        #expect(close(ann.netCSAT, 50))  // (4 − 1) / 6
        #expect(ann.nps == nil)  // no 0–10 ratings

        let bob = try #require(Self.report.byAgent["Bob"])
        #expect((bob.ratings, bob.promoters, bob.passives, bob.detractors, bob.comments) == (6, 2, 1, 3, 1))
        #expect(close(bob.nps, -100.0 / 6))  // (2 − 3) / 6
        #expect(close(bob.csatPercent, 100.0 / 3))  // 2 of 6
        #expect(close(bob.netCSAT, -100.0 / 6))

        let cy = try #require(Self.report.byAgent["Cy"])
        #expect((cy.ratings, cy.positive, cy.neutral, cy.negative) == (4, 2, 1, 1))
        #expect(close(cy.csatPercent, 50))
        #expect(close(cy.netCSAT, 25))
        #expect(cy.nps == nil)

        let none = try #require(Self.report.byAgent[""])
        #expect((none.ratings, none.negative) == (1, 1))
        #expect(close(none.netCSAT, -100))
        #expect(Set(Self.report.byAgent.keys) == ["Ann", "Bob", "Cy", ""])
    }

    @Test("overall and per survey")
    func overallAndSurvey() throws {
        let all = Self.report.overall
        #expect((all.ratings, all.positive, all.neutral, all.negative, all.comments) == (17, 8, 3, 6, 2))
        #expect(close(all.csatPercent, 800.0 / 17))
        #expect(close(all.netCSAT, 200.0 / 17))
        #expect(close(all.nps, -100.0 / 6))
        let s1 = try #require(Self.report.bySurvey["s1"])
        #expect((s1.ratings, s1.positive, s1.neutral, s1.negative) == (10, 6, 2, 2))
        #expect(close(s1.netCSAT, 40))
        #expect(Set(Self.report.bySurvey.keys) == ["s1", "s2"])
    }

    @Test("an empty period has no percentages rather than zeros")
    func emptyPeriod() {
        let empty = Report(records: Self.records, from: day(20), until: day(30))
        #expect(empty.overall.ratings == 0)
        #expect(empty.overall.csatPercent == nil && empty.overall.netCSAT == nil && empty.overall.nps == nil)
        #expect(empty.table(by: .agent).rows == [["All", "0", "0", "0", "0", "n/a", "n/a", "n/a", "0"]])
    }

    @Test("the agent table has one row per agent, then All, laid out in aligned columns")
    func table() {
        let table = Self.report.table(by: .agent)
        #expect(
            table.rows == [
                ["(none)", "1", "0", "0", "1", "0.0", "-100.0", "n/a", "0"],
                ["Ann", "6", "4", "1", "1", "66.7", "+50.0", "n/a", "1"],
                ["Bob", "6", "2", "1", "3", "33.3", "-16.7", "-16.7", "1"],
                ["Cy", "4", "2", "1", "1", "50.0", "+25.0", "n/a", "0"],
                ["All", "17", "8", "3", "6", "47.1", "+11.8", "-16.7", "2"],
            ]
        )
        #expect(
            table.description == """
                Feedback by agent, 2025-03-01T00:00:00Z to 2025-03-11T00:00:00Z
                Agent   Ratings  Positive  Neutral  Negative  CSAT %  Net CSAT    NPS  Comments
                ------  -------  --------  -------  --------  ------  --------  -----  --------
                (none)        1         0        0         1     0.0    -100.0    n/a         0
                Ann           6         4        1         1    66.7     +50.0    n/a         1
                Bob           6         2        1         3    33.3     -16.7  -16.7         1
                Cy            4         2        1         1    50.0     +25.0    n/a         0
                All          17         8        3         6    47.1     +11.8  -16.7         2

                """
        )
    }

    @Test("reports over records read back from the file store equal reports over the originals")
    func fromFileStore() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = makeStore(scratch)
        for record in Self.records { try store.save(record) }
        let stored = try store.records(matching: RecordQuery(from: day(0), until: day(10)))
        #expect(Report(records: stored, from: day(0), until: day(10)) == Self.report)
    }
}
