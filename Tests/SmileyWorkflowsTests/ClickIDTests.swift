import SmileyCore
import SmileyStore
import Testing

@testable import SmileyWorkflows

@Suite("Click record ids")
struct ClickIDTests {
    /// A click's id is the hash of `click␀token␀rating␀confirmation␀second␀comment`: the same bytes as every
    /// release before the id was written as bytes, so a click repeated across an upgrade is still found stored.
    @Test(arguments: [nil, "", "Fast and friendly — merci !"])
    func clickIDKeepsItsContent(comment: String?) throws {
        let rating = try #require(Rating(scale: .smiley, code: "positive"))
        let id = WebFeedback.clickID(
            token: "AQEF2w3xAAAAAAAAAAFpMuyA4cM9b2kD1QbXr0Ht",
            rating: rating,
            confirmation: .provisional,
            second: 1_764_900_000,
            comment: comment
        )
        let content =
            "click\u{0}AQEF2w3xAAAAAAAAAAFpMuyA4cM9b2kD1QbXr0Ht\u{0}positive\u{0}provisional\u{0}1764900000\u{0}"
            + (comment ?? "")
        #expect(id == RecordID(content: Array(content.utf8)))
        let other = WebFeedback.clickID(
            token: "AQEF2w3xAAAAAAAAAAFpMuyA4cM9b2kD1QbXr0Ht",
            rating: rating,
            confirmation: .interaction,
            second: 1_764_900_000,
            comment: comment
        )
        #expect(id != other, "the confirmation is part of the id")
    }
}
