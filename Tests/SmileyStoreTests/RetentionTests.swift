import Foundation
import SmileyCore
import Testing

@testable import SmileyStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `prune` applies each kind's own retention period, and only that kind's.
@Suite("Retention")
struct RetentionTests {
    /// A store holding one old and one new item of every kind (old: 100 days before `now`, new: 1 day).
    static func populated(_ scratch: ScratchDirectory, now: Date) throws -> DataStore {
        let store = DataStore(
            configuration: .init(
                dataDirectory: scratch.path + "/data",
                outboxDirectory: scratch.path + "/outbox",
                suppressionKey: testSuppressionKey,
                synchronizes: false,
                lockTimeout: .seconds(2)
            )
        )
        let old = now.addingTimeInterval(-100 * 86_400)
        let new = now.addingTimeInterval(-86_400)
        for (name, date) in [("old", old), ("new", new)] {
            try store.records.save(
                reply(messageID: "\(name)@x", address: "\(name)@example.com", rating: csat(4), at: date)
            )
            try store.sentIndex.remember(
                survey: "s1",
                recipient: Recipient(email: email("\(name)@example.com"), ticketID: "T-\(name)"),
                messageID: "<smiley.s1.\(name)@x>",
                at: date
            )
            try store.quarantine.keep(
                Array("message \(name)".utf8),
                reason: .noSurvey(tokenProblem: nil),
                receivedAt: date
            )
            try store.suppressionList.add(email("\(name)@example.com"), reason: .unsubscribed, at: date)
            let journal = try store.openJournal(path: store.journalsDirectory + "/s1-survey-\(name).jsonl")
            try journal.record(.init(event: .accepted, key: name, at: date))
            try journal.close()
            try store.outbox.prepare()
            try store.outbox.write(Array("To: \(name)@example.com\r\n\r\n".utf8), messageID: "<\(name)@x>")
            for file in [
                store.journalsDirectory + "/s1-survey-\(name).jsonl", store.outbox.directory + "/\(name)@x.eml",
            ] {
                var times = [
                    timespec(tv_sec: Int(date.timeIntervalSince1970), tv_nsec: 0),
                    timespec(tv_sec: Int(date.timeIntervalSince1970), tv_nsec: 0),
                ]
                try #require(utimensat(AT_FDCWD, file, &times, 0) == 0)
            }
        }
        return store
    }

    static let kinds = ["records", "sent", "journals", "quarantine", "outbox", "suppression"]

    /// What is left of each kind: old and new items present.
    static func remaining(_ store: DataStore) throws -> [String: Set<String>] {
        [
            "records": Set(try store.records.records(matching: .all).compactMap { $0.recipientEmail?.localPart }),
            "sent": Set(try store.sentIndex.entries().map(\.entry.ticketID).map { String($0.dropFirst(2)) }),
            "journals": Set(try store.journalFiles().map { String($0.split(separator: "-").last!.dropLast(6)) }),
            "quarantine": Set(
                try store.quarantine.entries().compactMap { entry in
                    try store.quarantine.message(sha256: entry.sha256).map {
                        String(decoding: $0, as: UTF8.self).split(separator: " ").last.map(String.init)!
                    }
                }
            ),
            "outbox": Set(try store.outbox.fileNames().map { String($0.prefix(3)) }),
            "suppression": Set(
                try ["old", "new"].filter { try store.suppressionList.contains(email("\($0)@example.com")) }
            ),
        ]
    }

    @Test("each kind with a period loses only its old items; a kind without one keeps everything", arguments: kinds)
    func onePeriod(kind: String) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let now = day(400)
        let store = try Self.populated(scratch, now: now)
        #expect(try Self.remaining(store) == Dictionary(uniqueKeysWithValues: Self.kinds.map { ($0, ["old", "new"]) }))
        var policy = RetentionPolicy(
            records: nil,
            sent: nil,
            journals: nil,
            quarantine: nil,
            outbox: nil,
            suppression: nil
        )
        switch kind {
        case "records": policy.records = 30
        case "sent": policy.sent = 30
        case "journals": policy.journals = 30
        case "quarantine": policy.quarantine = 30
        case "outbox": policy.outbox = 30
        default: policy.suppression = 30
        }
        let dry = try store.prune(policy, now: now, dryRun: true)
        #expect(try Self.remaining(store)[kind] == ["old", "new"], "a dry run removes nothing")
        let report = try store.prune(policy, now: now)
        #expect(report == dry, "the dry run counted what the real one removed")
        let counts = [
            report.records, report.sentEntries, report.journals, report.quarantined, report.outbox,
            report.suppressionEntries,
        ]
        #expect(counts.reduce(0, +) == 1 && counts[Self.kinds.firstIndex(of: kind)!] == 1, "\(report)")
        let left = try Self.remaining(store)
        for other in Self.kinds {
            #expect(left[other] == (other == kind ? ["new"] : ["old", "new"]), "\(other) after pruning \(kind)")
        }
    }

    @Test(
        "the defaults keep a year of sent index and journals, 30 days of quarantine and outbox, the suppression list for ever"
    )
    func defaults() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try Self.populated(scratch, now: day(400))
        let report = try store.prune(RetentionPolicy(), now: day(400))
        #expect(report.records == 0 && report.sentEntries == 0 && report.journals == 0)
        #expect(report.quarantined == 1 && report.outbox == 1 && report.suppressionEntries == 0)
        let uniform = try store.prune(.uniform(days: 50), now: day(400))
        #expect(
            uniform.records == 1 && uniform.sentEntries == 1 && uniform.journals == 1 && uniform.suppressionEntries == 0
        )
    }

    @Test(
        "retention in smiley.json: a kind left out keeps its default, null keeps it for ever, less than a day is refused"
    )
    func configuration() throws {
        func parse(_ retention: String) throws -> RetentionPolicy {
            let json = #"{"surveys": [], "retention": \#(retention)}"#
            return try SmileyConfig.parse(Data(json.utf8), path: "smiley.json").retention
        }
        #expect(try parse(#"{"quarantine": 7}"#) == RetentionPolicy(quarantine: 7))
        #expect(try parse(#"{"records": null}"#).records == nil)
        #expect(try parse("{}") == RetentionPolicy())
        #expect(throws: ConfigError.self) { try parse(#"{"outbox": 0}"#) }
    }
}
