import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A send to a real SMTP server (Postfix's smtp-sink) interrupted half-way and run again: every recipient gets
/// the survey, and duplicates stay within the documented window of at most one message per connection.
@Suite("kill and resume a send", .serialized)
struct KillResumeTests {
    static let total = 5_000
    static let connections = 4

    @Test("a send interrupted after ≥ 500 deliveries and re-run reaches everyone, at most 5,000 + 4 deliveries",
          arguments: [SIGKILL, SIGINT])
    func interruptAndResume(_ signal: Int32) throws {
        let workspace = try Workspace.initialized()
        let sink = try DumpingSMTPSink(in: workspace.root)
        defer { sink.stop() }
        var csv = "email,name,ticket_id\n"
        for i in 0..<Self.total { csv += "person\(i)@example.net,Person \(i),T-\(i)\n" }
        let list = try workspace.write("five-thousand.csv", csv)
        let command = ["send", "--survey", "support", "--recipients", list.path, "--to", sink.url,
                       "--connections", String(Self.connections), "--config", workspace.configPath]

        let started = ContinuousClock.now
        let first = try SmileyProcess(command, in: workspace.root)
        var seenAtSignal = 0
        let deadline = Date().addingTimeInterval(40)
        while first.isRunning, Date() < deadline {
            seenAtSignal = sink.fileCount()
            if seenAtSignal >= 500 + Self.connections { break }
            usleep(10_000)
        }
        first.signal(signal)
        let interrupted = first.wait(timeout: 20)
        let name = signal == SIGKILL ? "SIGKILL" : "SIGINT"
        // Killed by the signal (or, if Smiley ever handles SIGINT, stopped with a "re-run to resume" status).
        let stoppedBySignal = interrupted.signaled && interrupted.status == signal
        #expect(stoppedBySignal || (signal == SIGINT && [75, 130].contains(interrupted.status)),
                "\(name) must stop the send mid-way (server had \(seenAtSignal) files): \(interrupted)")
        let atInterrupt = try sink.deliveries().recipients.count
        #expect(atInterrupt >= 500 && atInterrupt < Self.total, "interrupted mid-send: \(atInterrupt) delivered")

        // The same command again resumes.
        let second = try SmileyProcess(command, in: workspace.root).wait(timeout: 300)
        #expect(second.status == 0 && !second.signaled, "\(second)")
        let resumedSkips = SendOutboxTests.summaryCount("already accepted earlier (resumed)", in: second.out) ?? -1
        let resumedAccepted = SendOutboxTests.summaryCount("accepted", in: second.out) ?? -1
        #expect(resumedSkips > 0 && resumedSkips + resumedAccepted == Self.total, "\(second)")

        let (recipients, partial) = try sink.deliveries()
        let counts = Dictionary(recipients.map { ($0, 1) }, uniquingKeysWith: +)
        let expected = Set((0..<Self.total).map { "person\($0)@example.net" })
        let missing = expected.subtracting(counts.keys)
        #expect(missing.isEmpty, "\(missing.count) never delivered, e.g. \(missing.sorted().prefix(3))")
        #expect(Set(counts.keys).subtracting(expected).isEmpty, "only listed addresses are delivered")
        let duplicates = counts.filter { $0.value > 1 }
        #expect(recipients.count <= Self.total + Self.connections,
                "\(recipients.count) deliveries: at most one duplicate per connection; duplicated: \(duplicates.keys.sorted().prefix(8))")
        #expect(partial <= Self.connections, "at most one cut-off transaction per connection: \(partial)")
        print("\(name) after \(atInterrupt) deliveries; resumed \(resumedAccepted), skipped \(resumedSkips); "
            + "\(recipients.count) deliveries, \(duplicates.count) duplicated, \(partial) partial; \(ContinuousClock.now - started)")
    }
}
