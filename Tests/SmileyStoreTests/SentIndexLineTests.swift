import Foundation
import SmileyCore
import Testing

@testable import SmileyStore

/// The sent index's own line reader (`SentIndex.entry(line:)`) gives what `JSONDecoder` gives, or gives up: on
/// lines written from the shared corpus's strings, and on those lines damaged every way a crash, a disk or an
/// editor can; and a lookup (`lastEntry`) finds the same entry as decoding every line with `JSONDecoder` did.
struct SentIndexLineTests {
    /// What a lookup found before the own reader: the last line with the id's prefix that `JSONDecoder` decodes.
    static func referenceLastEntry(for recipient: RecipientID, in bytes: [UInt8]) -> SentIndex.Entry? {
        let prefix = Array("{\"id\":\"\(recipient)\",".utf8)
        let decoder = SentIndex.decoder()
        var found: SentIndex.Entry?
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            if end - start > prefix.count, bytes[start..<start + prefix.count].elementsEqual(prefix),
                let entry = try? decoder.decode(SentIndex.Entry.self, from: Data(bytes[start..<end]))
            {
                found = entry
            }
            start = end + 1
        }
        return found
    }

    static let id = RecipientID(rawValue: 0x0123_4567_89AB_CDEF)

    /// Entries from the corpus's strings, with dates the store writes (and one before 1970).
    static func entries() throws -> [SentIndex.Entry] {
        let strings = try RecordJSONTests.corpusStrings()
        var generator = SplitMix(seed: 5)
        func pick() -> String { strings[Int(generator.next() % UInt64(strings.count))] }
        let seconds: [Double] = [0, 1_700_000_000.999, -86_399.5, 253_402_300_799, 951_782_400, 1_709_251_199]
        return (0..<max(500, strings.count / 2)).map { index in
            SentIndex.Entry(
                email: pick(),
                name: pick(),
                ticketID: pick(),
                agent: pick(),
                company: pick(),
                messageID: pick(),
                sentAt: Date(timeIntervalSince1970: seconds[index % seconds.count])
            )
        }
    }

    /// A line without its `\n`.
    static func line(_ entry: SentIndex.Entry) -> [UInt8] {
        var dates = JSONDateCache()
        return Array(SentIndex.line(id: id, entry: entry, dates: &dates).dropLast())
    }

    /// Damaged and hand-edited forms of `line`: every cut, byte changes, spaces, other escapes and date forms,
    /// keys moved, doubled, dropped or added.
    static func variants(of line: [UInt8], using generator: inout SplitMix) -> [[UInt8]] {
        let text = String(decoding: line, as: UTF8.self)
        var out: [[UInt8]] = []
        for cut in stride(from: 0, to: line.count, by: max(1, line.count / 25)) { out.append(Array(line[..<cut])) }
        for _ in 0..<12 {
            var bytes = line
            for _ in 0...(generator.next() % 3) {
                let at = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 3 {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: generator.next())
                case 1: bytes.remove(at: at)
                default:
                    let pool: [UInt8] = Array(" \\\"/u0{},:\u{1}\t".utf8) + [0xC3, 0xA9, 0xFF, 0xED, 0xA0, 0x80]
                    bytes.insert(pool[Int(generator.next() % UInt64(pool.count))], at: at)
                }
            }
            out.append(bytes)
        }
        let edits: [(String, String)] = [
            (",\"", ", \""), (":\"", ": \""), ("{", "{ "), ("}", " }"), ("}", "}\r"), ("/", "\\/"),
            ("a", "\\u0061"), ("e", "\\u0065\\u00e9"), ("e", "\\u00E9"), ("e", "\\ud83d\\ude00"), ("e", "\\ud83d"),
            ("e", "\\ude00x"), ("e", "\\x"), ("e", "\\u12"), ("e", "\\uZZZZ"), ("e", "\\'"), ("n", "\\n\\r\\t\\b\\f"),
            ("Z\"", ".5Z\""), ("Z\"", "+01:00\""), ("Z\"", "z\""), ("T", "t"), ("-", "+"), ("\"email\"", "\"Email\""),
            ("\"name\"", "\"nam\""), ("\"sentAt\":", "\"x\":1,\"sentAt\":"), ("{\"id\"", "{\"id\":\"x\",\"id\""),
            (",\"company\"", ",\"company\":\"dup\",\"company\""), ("}", ",\"extra\":null}"), ("}", ",}"),
            ("\"agent\":", "\"agent\":null,\"a\":"), (":\"", ":\"\u{0}"), (":\"", ":\"\u{7F}\u{1F}"),
        ]
        for (from, to) in edits {
            if let range = text.range(of: from) {
                out.append(Array(text.replacingCharacters(in: range, with: to).utf8))
            }
            if let range = text.range(of: from, options: .backwards) {
                out.append(Array(text.replacingCharacters(in: range, with: to).utf8))
            }
        }
        if let sentAt = text.range(of: ",\"sentAt\"") {  // a key dropped, and two swapped
            out.append(Array((text[..<sentAt.lowerBound] + "}").utf8))
            if let agent = text.range(of: ",\"agent\""), let company = text.range(of: ",\"company\"") {
                let swapped =
                    text[..<agent.lowerBound] + text[company.lowerBound..<sentAt.lowerBound]
                    + text[agent.lowerBound..<company.lowerBound] + text[sentAt.lowerBound...]
                out.append(Array(swapped.utf8))
            }
        }
        return out
    }

    @Test func theReaderGivesWhatJSONDecoderGivesOrGivesUp() throws {
        let decoder = SentIndex.decoder()
        var generator = SplitMix(seed: 11)
        var good = 0
        var damaged = 0
        var readDamaged = 0
        var refusedByBoth = 0
        for entry in try Self.entries() {
            let line = Self.line(entry)
            // Every line the writer makes is read by the own reader, as written (dates to the second).
            var expected = entry
            expected.sentAt = Date(timeIntervalSince1970: entry.sentAt.timeIntervalSince1970.rounded(.down))
            #expect(SentIndex.entry(line: line[...]) == expected)
            #expect(try decoder.decode(SentIndex.Entry.self, from: Data(line)) == expected)
            good += 1
            for variant in Self.variants(of: line, using: &generator) {
                damaged += 1
                let reference = try? decoder.decode(SentIndex.Entry.self, from: Data(variant))
                guard let own = SentIndex.entry(line: variant[...]) else {
                    if reference == nil { refusedByBoth += 1 }
                    continue
                }
                readDamaged += 1
                #expect(own == reference, "\(String(decoding: variant, as: UTF8.self))")
            }
        }
        #expect(good >= 500)
        #expect(damaged > good * 40)
        // Escapes the writer does not use (\/, \u0061, \u00E9, \b) and byte changes inside values still read.
        #expect(readDamaged > good)
        #expect(refusedByBoth > good * 10)
    }

    @Test func aLookupFindsWhatDecodingEveryLineFound() throws {
        var generator = SplitMix(seed: 12)
        let entries = try Self.entries()
        let other = RecipientID(rawValue: 0x01FF_0000_0000_0000)
        var dates = JSONDateCache()
        var files = 0
        var found = 0
        for start in stride(from: 0, to: entries.count - 4, by: 3) {
            // A bucket: lines of this recipient and another, some damaged, in a seeded order, maybe a torn tail.
            var lines: [[UInt8]] = []
            for entry in entries[start..<start + 4] {
                let line = Self.line(entry)
                let variants = Self.variants(of: line, using: &generator)
                lines.append(line)
                lines.append(variants[Int(generator.next() % UInt64(variants.count))])
                lines.append(Array(SentIndex.line(id: other, entry: entry, dates: &dates).dropLast()))
            }
            for _ in 0..<lines.count {
                lines.swapAt(
                    Int(generator.next() % UInt64(lines.count)),
                    Int(generator.next() % UInt64(lines.count))
                )
            }
            var bytes: [UInt8] = lines.flatMap { $0 + [UInt8(0x0A)] }
            if generator.next() % 2 == 0 { bytes.removeLast(Int(generator.next() % 40)) }
            for recipient in [Self.id, other, RecipientID(rawValue: 7)] {
                let reference = Self.referenceLastEntry(for: recipient, in: bytes)
                #expect(SentIndex.lastEntry(for: recipient, in: bytes) == reference)
                if reference != nil { found += 1 }
            }
            files += 1
        }
        #expect(files > 100)
        #expect(found > files)
        #expect(SentIndex.lastEntry(for: Self.id, in: []) == nil)
        #expect(SentIndex.lastEntry(for: Self.id, in: [0x0A, 0x0A]) == nil)
    }
}
