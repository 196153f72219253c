import Foundation
import SmileyCore
import SmileyStore
import Testing

/// Every branch of the click rule, and the report applying it.
@Suite struct ClickRuleTests {
    static let start = Date(timeIntervalSince1970: 1_780_000_000)
    static let person = RecipientID(rawValue: 0x0123_4567_89ab_cdef)

    static func click(
        _ code: Int,
        at seconds: Double,
        _ confirmation: FeedbackRecord.Confirmation = .provisional,
        person: RecipientID = person,
        comment: String? = nil
    ) -> FeedbackRecord {
        FeedbackRecord(
            id: RecordID(content: Array("\(code) \(seconds) \(confirmation) \(person)".utf8)),
            surveyID: "support",
            recipientID: person,
            agent: "Ana",
            rating: Rating(scale: .csat5, value: code),
            comment: comment,
            source: .click,
            classification: .surveyReply,
            receivedAt: start.addingTimeInterval(seconds),
            confirmation: confirmation
        )
    }

    @Test func aConfirmedClickCountsAtOnce() {
        let rule = ClickRule.standard
        for confirmation in [FeedbackRecord.Confirmation.interaction, .comment] {
            let click = Self.click(5, at: 0, confirmation)
            #expect(rule.verdict(of: click, among: [click], now: Self.start) == .counted)
        }
    }

    @Test func theRuleOfTheServerSettings() {
        let rule = ClickRule(settings: ServerSettings(clickBurstSeconds: 5, clickQuietSeconds: 20))
        #expect(rule == ClickRule(burst: .seconds(5), quiet: .seconds(20)))
        let clicks = [Self.click(5, at: 0), Self.click(1, at: 6)]
        // 6 s apart: not a burst for this rule (it is for the standard one).
        #expect(rule.verdict(of: clicks[0], among: clicks, now: Self.start.addingTimeInterval(20)) == .counted)
        #expect(
            ClickRule.standard.verdict(of: clicks[0], among: clicks, now: Self.start.addingTimeInterval(999))
                == .scanner
        )
    }

    @Test func aLoneProvisionalClickIsPendingThenCounts() {
        let rule = ClickRule(burst: .seconds(60), quiet: .seconds(300))
        let click = Self.click(4, at: 0)
        #expect(
            rule.verdict(of: click, among: [click], now: Self.start.addingTimeInterval(299))
                == .pending(until: Self.start.addingTimeInterval(300))
        )
        #expect(rule.verdict(of: click, among: [click], now: Self.start.addingTimeInterval(300)) == .counted)
    }

    @Test func differentRatingsWithinTheBurstAreAScanner() {
        let rule = ClickRule(burst: .seconds(60), quiet: .seconds(300))
        let clicks = [Self.click(5, at: 0), Self.click(3, at: 1), Self.click(1, at: 2)]
        let later = Self.start.addingTimeInterval(3600)
        for click in clicks { #expect(rule.verdict(of: click, among: clicks, now: later) == .scanner) }
    }

    @Test func theSameRatingTwiceIsNotAContradiction() {
        let rule = ClickRule.standard
        let clicks = [Self.click(5, at: 0), Self.click(5, at: 1)]
        let later = Self.start.addingTimeInterval(3600)
        #expect(clicks.allSatisfy { rule.verdict(of: $0, among: clicks, now: later) == .counted })
    }

    @Test func aPersonChangingTheirMindAfterTheBurstIsNotAScanner() {
        let rule = ClickRule(burst: .seconds(60), quiet: .seconds(300))
        let first = Self.click(2, at: 0)
        let second = Self.click(4, at: 120)
        let later = Self.start.addingTimeInterval(3600)
        #expect(rule.verdict(of: first, among: [first, second], now: later) == .counted)
        #expect(rule.verdict(of: second, among: [first, second], now: later) == .counted)
    }

    @Test func anotherPersonsClicksDoNotContradict() {
        let rule = ClickRule.standard
        let mine = Self.click(5, at: 0)
        let theirs = Self.click(1, at: 1, person: RecipientID(rawValue: 42))
        let counted = rule.counted([mine, theirs], now: Self.start.addingTimeInterval(3600))
        #expect(counted == [mine, theirs])
    }

    @Test func recordsThatAreNotClicksAlwaysCount() {
        let reply = FeedbackRecord(
            id: RecordID(messageID: "<a@b>"),
            surveyID: "support",
            recipientID: Self.person,
            rating: Rating(scale: .csat5, value: 1),
            source: .reply,
            classification: .surveyReply,
            receivedAt: Self.start
        )
        #expect(ClickRule.standard.verdict(of: reply, among: [], now: Self.start) == .counted)
        #expect(ClickRule.standard.counted([reply], now: Self.start) == [reply])
    }

    /// A scanner opened all five links, then the person clicked 4 and the page saw them act: the report counts
    /// one rating, 4 (positive); without the confirmation it counts 4 only after the quiet time.
    @Test func theReportCountsThePersonNotTheScanner() {
        let scanner = (1...5).map { Self.click($0, at: Double($0) * 0.5) }
        let person = Self.click(4, at: 600)
        let confirmed = Self.click(4, at: 605, .interaction)
        let soon = Self.start.addingTimeInterval(700)
        let unconfirmed = Report(records: scanner + [person], now: soon)
        #expect(unconfirmed.overall.ratings == 0)
        let withConfirmation = Report(records: scanner + [person, confirmed], now: soon)
        #expect(withConfirmation.overall.ratings == 1)
        #expect(withConfirmation.overall.positive == 1)
        let later = Report(records: scanner + [person], now: Self.start.addingTimeInterval(600 + 300))
        #expect(later.overall.ratings == 1)
        #expect(later.overall.positive == 1)
    }

    /// A reply after a click replaces the click's rating, and a click after a reply replaces the reply's.
    @Test func aReplyAndAClickMergeTheLaterWinning() {
        let click = Self.click(2, at: 0, .interaction)
        let reply = FeedbackRecord(
            id: RecordID(messageID: "<reply@example.com>"),
            surveyID: "support",
            recipientID: Self.person,
            rating: Rating(scale: .csat5, value: 5),
            source: .reply,
            classification: .surveyReply,
            receivedAt: Self.start.addingTimeInterval(60)
        )
        #expect(Report(records: [click, reply], now: Self.start.addingTimeInterval(120)).overall.positive == 1)
        let laterClick = Self.click(3, at: 90, .comment, comment: "ok")
        let merged = Report(records: [click, reply, laterClick], now: Self.start.addingTimeInterval(120))
        #expect(merged.overall.ratings == 1)
        #expect(merged.overall.neutral == 1)
        #expect(merged.overall.comments == 1)
    }

    /// A click, its confirmation and the comment form within one second: the comment's rating is the latest.
    @Test func withinOneSecondTheCommentFormIsTheLatest() {
        let click = Self.click(1, at: 0)
        let confirmed = Self.click(1, at: 0, .interaction)
        let commented = Self.click(4, at: 0, .comment, comment: "better than I said")
        for order in [[click, confirmed, commented], [commented, confirmed, click], [confirmed, commented, click]] {
            let report = Report(records: order, now: Self.start)
            #expect(report.overall.ratings == 1)
            #expect(report.overall.positive == 1)
        }
    }
}
