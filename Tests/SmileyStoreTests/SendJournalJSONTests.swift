import Foundation
import Testing

@testable import SmileyStore

/// The journal's hand-written JSON lines are byte for byte what `JSONEncoder` wrote before.
struct SendJournalJSONTests {
    static let awkward = [
        "", "plain", "250 2.0.0 Ok: queued as 4Xyz", "quote \" backslash \\ slash / done",
        "controls \u{0}\u{1}\u{7}\u{8}\t\n\u{B}\u{C}\r\u{E}\u{1F} end", "del \u{7F} é ß 中文 😀 \u{2028}\u{2029}\u{FEFF}",
        "\u{301}combining first", "trailing \\",
    ]

    static func entries() -> [SendJournalEntry] {
        var result: [SendJournalEntry] = []
        let dates = [0, 1_700_000_000.999, -1.5, 253_402_300_799, 951_782_400, 1_709_251_199.0001].map(
            Date.init(timeIntervalSince1970:)
        )
        for (i, text) in awkward.enumerated() {
            let date = dates[i % dates.count]
            result.append(.init(event: .queued, key: text, at: date, messageID: "<\(text)@x>", attempt: 1))
            result.append(
                .init(event: .accepted, key: "k\(i)", at: date, attempt: i, code: 250, text: text, queueID: text)
            )
            result.append(
                .init(
                    event: .deferred,
                    key: "k",
                    at: date,
                    attempt: 2,
                    code: -451,
                    text: text,
                    next: dates[(i + 1) % dates.count]
                )
            )
            result.append(.init(event: .gaveUp, key: text, at: date))
            result.append(.init(event: .failed, key: "k", at: date, code: 550))
        }
        return result
    }

    @Test func linesMatchJSONEncoder() throws {
        let encoder = SendJournal.makeEncoder()
        var cache = JSONDateCache()
        for entry in Self.entries() {
            let expected = try encoder.encode(entry) + Data([0x0A])
            let line = entry.jsonLine(dates: &cache)
            #expect(String(decoding: line, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
            #expect(Data(line) == expected)
            let decoded = try SendJournal.makeDecoder().decode(SendJournalEntry.self, from: Data(line.dropLast()))
            #expect(decoded.key == entry.key && decoded.text == entry.text && decoded.event == entry.event)
        }
    }

    @Test func theDateCacheFollowsTheClock() {
        var cache = JSONDateCache()
        var out: [UInt8] = []
        for seconds in [0.0, 0.5, 0.99, 1, 59.9, 60, 3599.5, 86_399, 86_400, -0.5, 1_709_164_800] {
            out.removeAll()
            cache.append(Date(timeIntervalSince1970: seconds), to: &out)
            let formatter = ISO8601DateFormatter()
            #expect(
                String(decoding: out, as: UTF8.self)
                    == formatter.string(from: Date(timeIntervalSince1970: seconds.rounded(.down)))
            )
        }
    }
}
