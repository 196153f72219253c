import Foundation
import SmileyCore
import Testing

@testable import SmileyStore

/// The store's line readers take whatever a crash, a disk error or a hand edit left in their files: damaged,
/// truncated and random lines are skipped or reported, never a crash, and whole lines around them still count.
@Suite("Store parsers on damaged input")
struct StoreParserRobustnessTests {
    /// Real lines of each log, to mutate.
    static func seeds() -> [[UInt8]] {
        var dates = JSONDateCache()
        let entry = SendJournalEntry(
            event: .accepted,
            key: "0123456789abcdef",
            at: Date(timeIntervalSince1970: 1_700_000_000),
            attempt: 1,
            code: 250,
            text: "Ok: queued as X",
            queueID: "X"
        )
        let sent = SentIndex.line(
            id: RecipientID(rawValue: 0x0123_4567_89AB_CDEF),
            entry: .init(
                email: "a@example.com",
                name: "Ana",
                ticketID: "T-1",
                agent: "Ken",
                company: "ACME",
                messageID: "<m@x>",
                sentAt: Date(timeIntervalSince1970: 1_700_000_000)
            ),
            dates: &dates
        )
        let suppression = SuppressionList.line(
            .init(
                hash: String(repeating: "ab", count: 32),
                keyID: 1,
                reason: .complaint,
                at: Date(timeIntervalSince1970: 1_700_000_000),
                detail: "x",
                isClear: false
            )
        )
        return [entry.jsonLine(dates: &dates), sent, suppression]
    }

    /// A seed with a few random bytes changed, cut, or repeated.
    static func mutate(_ bytes: [UInt8], using random: inout SystemRandomNumberGenerator) -> [UInt8] {
        var out = bytes
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            switch Int.random(in: 0..<4, using: &random) {
            case 0 where !out.isEmpty:
                out[Int.random(in: 0..<out.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            case 1 where !out.isEmpty: out.removeSubrange(Int.random(in: 0..<out.count, using: &random)...)
            case 2:
                out.insert(
                    contentsOf: bytes.prefix(Int.random(in: 0...bytes.count, using: &random)),
                    at: Int.random(in: 0...out.count, using: &random)
                )
            default: out.append(UInt8.random(in: 0...255, using: &random))
            }
        }
        return out
    }

    @Test("10,000 mutated files through the journal replay, the suppression list and the sent index")
    func mutatedInput() throws {
        var random = SystemRandomNumberGenerator()
        let seeds = Self.seeds()
        let list = SuppressionList(file: URL(fileURLWithPath: "/nonexistent/s.jsonl"), key: testSuppressionKey)
        let id = RecipientID(rawValue: 0x0123_4567_89AB_CDEF)
        for _ in 0..<10_000 {
            let good = seeds.randomElement(using: &random)!
            let damaged = Self.mutate(good, using: &random)
            let file = good + damaged + [0x0A] + good
            // A mutation may paste whole lines in, so the bound is the file's line count, not three.
            let lineCount = file.filter { $0 == 0x0A }.count + 1
            // The journal refuses a damaged line before the last one with an error naming it, or reads it if it is whole.
            do {
                let replay = try SendJournalReplay(bytes: file, path: "j.jsonl")
                #expect(replay.entryCount <= lineCount)
            } catch {
                #expect(error.description.contains("line"))
            }
            let snapshot = list.parse(file)
            #expect(snapshot.entries.count <= lineCount)
            if good == seeds[2] { #expect(snapshot.entries.contains { $0.hash == String(repeating: "ab", count: 32) }) }
            if good == seeds[1] { #expect(SentIndex.lastEntry(for: id, in: file)?.email == "a@example.com") }
        }
    }
}
