import Foundation
import SmileyCore
import Testing

@testable import SmileyStore

/// A record's file, written by hand (`StoreJSON.encode(_: FeedbackRecord, …)`), is byte for byte what
/// `JSONEncoder` with the store's settings writes, over records built from the shared corpus's real headers.
struct RecordJSONTests {
    /// Strings from the shared corpus's expected headers (subjects, names, addresses, Message-IDs, defects), plus
    /// the escaping cases JSON has.
    static func corpusStrings() throws -> [String] {
        let environment = ProcessInfo.processInfo.environment["SMILEY_SHARED"].flatMap { $0.isEmpty ? nil : $0 }
        let shared =
            environment
            ?? URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appending(path: "shared").path
        let folder = shared + "/corpus/expected"
        var strings = [
            "", "plain", "quote \" backslash \\ slash / done",
            "controls \u{0}\u{1}\u{7}\u{8}\t\n\u{B}\u{C}\r\u{1F} end",
            "del \u{7F} é ß 中文 😀 \u{2028}\u{2029}\u{FEFF}", "\u{301}combining first", "trailing \\",
        ]
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".jsonl") }
            .sorted()
        for name in names {
            let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
            for line in text.split(separator: "\n") {
                guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                    let headers = object["headers"] as? [String: Any]
                else { continue }
                for key in ["subject", "message_id", "in_reply_to", "content_type"] {
                    if let value = headers[key] as? String { strings.append(value) }
                }
                if let from = headers["from"] as? [String: Any] {
                    for key in ["name", "address"] { if let value = from[key] as? String { strings.append(value) } }
                }
                for defect in object["defects"] as? [String] ?? [] { strings.append(defect) }
            }
        }
        return strings
    }

    static func records(from strings: [String]) -> [FeedbackRecord] {
        var generator = SplitMix(seed: 9)
        func pick() -> String { strings[Int(generator.next() % UInt64(strings.count))] }
        func maybe() -> String? { generator.next() % 3 == 0 ? nil : pick() }
        let scales = RatingScale.allCases
        var records: [FeedbackRecord] = []
        for index in 0..<max(600, strings.count) {
            let scale = scales[index % scales.count]
            let values = (0...10).compactMap { Rating(scale: scale, value: $0) }
            let seconds = [0, 1_700_000_000.999, -1.5, 253_402_300_799, 951_782_400, 1_709_251_199.0001][index % 6]
            let warnings = (0..<Int(generator.next() % 4)).map { _ in pick() }
            records.append(
                FeedbackRecord(
                    id: RecordID(messageID: pick() + String(index)),
                    surveyID: maybe(),
                    recipientID: generator.next() % 2 == 0 ? RecipientID(rawValue: generator.next()) : nil,
                    recipientEmail: generator.next() % 2 == 0 ? try? EmailAddress("c\(index)@example.com") : nil,
                    ticketID: pick(),
                    agent: pick(),
                    company: pick(),
                    rating: generator.next() % 4 == 0 ? nil : values[index % values.count],
                    comment: maybe(),
                    source: FeedbackRecord.Source.allCases[index % 3],
                    classification: FeedbackRecord.Classification.allCases[index % 6],
                    receivedAt: Date(timeIntervalSince1970: seconds),
                    messageID: maybe(),
                    inReplyTo: maybe(),
                    parserWarnings: warnings,
                    bounce: generator.next() % 3 == 0
                        ? FeedbackRecord.Bounce(statusCode: pick(), diagnostic: maybe()) : nil,
                    writer: generator.next() % 5 == 0 ? nil : SmileyVersion.writer,
                    confirmation: generator.next() % 2 == 0 ? nil : FeedbackRecord.Confirmation.allCases[index % 3]
                )
            )
        }
        return records
    }

    @Test func recordFilesAndLogLinesMatchJSONEncoder() throws {
        let strings = try Self.corpusStrings()
        #expect(strings.count > 1_000, "the shared corpus gave only \(strings.count) strings")
        let encoder = StoreJSON.encoder()
        let compact = StoreJSON.encoder()
        compact.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var withBounce = 0
        var withConfirmation = 0
        for record in Self.records(from: strings) {
            let expected = [UInt8](try encoder.encode(record)) + [0x0A]
            let written = try StoreJSON.encode(record, path: "-")
            #expect(written == expected, "\(String(decoding: written, as: UTF8.self))")
            #expect(try StoreJSON.decode(FeedbackRecord.self, from: written, path: "-") == record)
            // The record log's line: the compact form, one line.
            let line = StoreJSON.encodeLine(record)
            #expect(line == [UInt8](try compact.encode(record)) + [0x0A], "\(String(decoding: line, as: UTF8.self))")
            #expect(line.firstIndex(of: 0x0A) == line.count - 1)
            #expect(try StoreJSON.decode(FeedbackRecord.self, from: Array(line.dropLast()), path: "-") == record)
            if record.bounce != nil { withBounce += 1 }
            if record.confirmation != nil { withConfirmation += 1 }
        }
        #expect(withBounce > 100 && withConfirmation > 100)
    }

    @Test func theGenericPathStillUsesJSONEncoder() throws {
        let record = Self.records(from: ["a", "b\"c"])[0]
        let generic: some Encodable = record
        #expect(try StoreJSON.encode(generic, path: "-") == StoreJSON.encode(record, path: "-"))
    }
}

/// A small seeded generator, so the records are the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
