import Foundation
import SmileyCore
import Testing

@testable import SmileyStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The corners of erasure and of the frequency cap that the CLI tests do not reach.
@Suite("Data store: erasure corners and the frequency cap")
struct DataStoreErasureTests {
    static func store(_ scratch: ScratchDirectory) -> DataStore { makeDataStore(scratch) }

    @Test("the frequency cap counts recipients a journal shows as accepted, and never the send's own journal")
    func frequencyCapCountsAcceptedOnly() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = Self.store(scratch)
        let ana = Recipient(email: email("ana@example.com"), ticketID: "T-1")
        let bo = Recipient(email: email("bo@example.com"), ticketID: "T-2")
        for person in [ana, bo] {
            try store.sentIndex.remember(survey: "s1", recipient: person, messageID: "<m@x>", at: day(10))
        }
        let path = store.journalsDirectory + "/s1-survey-list.jsonl"
        let journal = try store.openJournal(path: path)
        try journal.record(.init(event: .queued, key: ana.id(inSurvey: "s1").description))
        try journal.record(.init(event: .accepted, key: ana.id(inSurvey: "s1").description))
        try journal.record(.init(event: .queued, key: bo.id(inSurvey: "s1").description))
        try journal.record(.init(event: .deferred, key: bo.id(inSurvey: "s1").description, code: 451))
        try journal.close()
        #expect(try store.recentlySurveyed(since: day(5)) == ["ana@example.com": day(10)])
        #expect(try store.recentlySurveyed(since: day(11)).isEmpty)
        #expect(
            try store.recentlySurveyed(since: day(5), excludingJournal: path).isEmpty,
            "a resumed send is not capped by itself"
        )
    }

    @Test(
        "erasure reaches messages that name only the recipient id, lost sidecars, reminders, old temporary files and other entries' details"
    )
    func erasureCorners() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = Self.store(scratch)
        let ana = Recipient(email: email("ana@example.com"), ticketID: "T-1")
        let rid = ana.id(inSurvey: "s1").description
        try store.sentIndex.remember(
            survey: "s1",
            recipient: ana,
            messageID: "<smiley.s1.\(rid)@example.org>",
            at: day(1)
        )
        // A bounce quoting only the survey's Message-ID, kept in quarantine; then its sidecar lost.
        let bounce = Array("Subject: failure\r\n\r\nIn-Reply-To: <smiley.s1.\(rid)@example.org>\r\n".utf8)
        let kept = try store.quarantine.keep(bounce, reason: .noSurvey(tokenProblem: nil), receivedAt: day(1))
        try #require(unlink(store.quarantine.path + "/" + kept.sha256 + ".json") == 0)
        // A reminder in the outbox, and a temporary file an earlier version left there.
        try store.outbox.prepare()
        try store.outbox.write(Array("To: someone\r\n".utf8), messageID: "<smiley.s1.\(rid).reminder@example.org>")
        try Data("To: ana@example.com\r\n".utf8).write(
            to: URL(fileURLWithPath: store.outbox.directory + "/.smiley.s1.x.eml.123.tmp")
        )
        // Another person's bounce detail that quotes her address.
        try store.suppressionList.add(
            email("bo@example.com"),
            reason: .hardBounce,
            at: day(1),
            detail: "550 forwarded to ana@example.com failed"
        )
        // A journal from long ago keeps its date through the rewrite.
        let journalPath = store.journalsDirectory + "/s1-survey-old.jsonl"
        let journal = try store.openJournal(path: journalPath)
        try journal.record(.init(event: .accepted, key: rid))
        try journal.record(.init(event: .accepted, key: "0000000000000001"))
        try journal.close()
        try System.setModificationTime(journalPath, 1_000_000_000)

        let report = try store.erase(email: email("ana@example.com"), now: day(2))
        #expect(
            report.quarantinedRemoved == 1 && report.outboxRemoved == 1 && report.journalLinesRemoved == 1,
            "\(report)"
        )
        #expect(try store.outbox.fileNames().isEmpty)
        #expect(try System.listDirectory(store.outbox.directory).isEmpty, "the old temporary file is gone too")
        #expect(try store.quarantine.messageDigests().isEmpty)
        #expect(try System.modificationTime(journalPath) == 1_000_000_000)
        let list = try String(contentsOfFile: scratch.path + "/data/suppression.jsonl", encoding: .utf8)
        #expect(!list.contains("ana@example.com") && list.contains("forwarded to <address> failed"), "\(list)")
        #expect(try store.suppressionList.load().entry(for: email("ana@example.com"))?.reason == .erased)
    }

    @Test("a suppression line this version cannot read survives a rewrite; a torn last line does not")
    func unknownLinesSurvive() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = Self.store(scratch)
        try store.suppressionList.add(email("a@example.com"), reason: .complaint, at: day(0))
        let path = scratch.path + "/data/suppression.jsonl"
        let future =
            #"{"at":"2027-01-01T00:00:00Z","hash":"\#(String(repeating: "cd", count: 32))","key":1,"reason":"gdprObjection"}"#
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((future + "\n{\"at\":\"20").utf8))
        try handle.close()
        try store.suppressionList.rewrite()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("gdprObjection") && !text.contains("{\"at\":\"20\n") && text.hasSuffix("\n"), "\(text)")
        #expect(try store.suppressionList.contains(email("a@example.com")))
    }
}

/// Help-desk triggers queued for a person (not sent yet) are part of what is kept about them.
@Suite("Queued triggers in access and erasure")
struct TriggerQueuePrivacyTests {
    @Test("a pending trigger naming the address is listed by access and removed by erasure; others stay")
    func pendingTriggers() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = makeDataStore(scratch)
        let queue = store.triggerQueue
        let csv = { (email: String) in Array("email,name\r\n\"\(email)\",\"Jane\"\r\n".utf8) }
        #expect(try queue.enqueue(name: "support.a.csv", bytes: csv("jane.doe@example.com")))
        #expect(try queue.enqueue(name: "support.b.csv", bytes: csv("ken@example.jp")))
        #expect(try !queue.enqueue(name: "support.a.csv", bytes: csv("jane.doe@example.com")), "queued once")

        let jane = try EmailAddress("Jane.Doe@example.com")
        let data = try store.access(email: jane)
        #expect(data.pendingTriggers.map(\.file) == [queue.pendingDirectory + "/support.a.csv"])
        #expect(data.pendingTriggers.first?.message.contains("jane.doe@example.com") == true)

        let report = try store.erase(email: jane)
        #expect(report.triggersRemoved == 1 && report.foundAnything)
        #expect(queue.pending() == ["support.b.csv"], "only Jane's trigger is gone")
        #expect(try store.access(email: jane).pendingTriggers.isEmpty)
    }
}
