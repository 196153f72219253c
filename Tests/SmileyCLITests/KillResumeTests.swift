import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A send to a real SMTP server (Postfix's smtp-sink) interrupted twice — `kill -9`, then Ctrl-C (SIGINT) — and
/// run again each time: every recipient gets the survey, and each interruption re-sends at most one message per
/// connection (the documented window: a message the server accepted whose acceptance was not yet journaled).
///
/// One list of 5,000 serves both interruptions so the test stays near a minute on a busy two-core machine.
@Suite("kill and resume a send")
struct KillResumeTests {
    static let total = 5_000
    static let connections = 4

    @Test(
        "5,000 recipients, 4 connections: kill -9 and SIGINT mid-send, re-run; everyone once, ≤ 4 duplicates per interruption"
    )
    func interruptAndResume() async throws {
        // Memory-backed when possible: the test is about resume semantics, not about the disk (see memoryBacked).
        let workspace = try await Workspace.initialized(base: Workspace.memoryBacked)
        let sink = try DumpingSMTPSink(in: workspace.root)
        defer { sink.stop() }
        var csv = "email,name,ticket_id\n"
        for i in 0..<Self.total { csv += "person\(i)@example.net,Person \(i),T-\(i)\n" }
        let list = try workspace.write("five-thousand.csv", csv)
        let command = [
            "send", "--survey", "support", "--recipients", list.path, "--to", sink.url,
            "--connections", String(Self.connections), "--config", workspace.configPath,
            // Paced, so each interruption lands mid-way even when the machine is busy (a browser test may run
            // beside it) and the SMTP sink writes its files late: ~8 s for the whole list.
            "--rate", "600",
        ]
        let started = ContinuousClock.now

        /// Runs the send until the server holds `threshold` more dump files than before, then sends `signal`.
        func interrupted(by signal: Int32, after threshold: Int) async throws -> (result: RunResult, files: Set<String>)
        {
            let before = sink.fileCount()
            let process = try SmileyProcess(command, in: workspace.root)
            let sink = sink
            process.signal(signal, when: { sink.fileCount() - before >= threshold + Self.connections }, within: 45)
            let result = await process.wait(timeout: 65)
            return (result, try sink.fileNames())
        }

        // 1. kill -9 after at least 500 accepted messages.
        let (killed, filesAfterKill) = try await interrupted(by: SIGKILL, after: 500)
        #expect(killed.signaled && killed.status == SIGKILL, "kill -9 must stop the send mid-way: \(killed)")
        let phase1 = try sink.transactions(filesAfterKill)

        // 2. The same command resumes; Ctrl-C it after at least 500 more.
        let (stopped, filesAfterInterrupt) = try await interrupted(by: SIGINT, after: 500)
        // SIGINT ends the process (or, should Smiley ever catch it, a "re-run to resume" exit status).
        #expect(
            (stopped.signaled && stopped.status == SIGINT) || [75, 130].contains(stopped.status),
            "Ctrl-C must stop the send mid-way: \(stopped)"
        )
        let phase2 = try sink.transactions(filesAfterInterrupt.subtracting(filesAfterKill))

        // 3. The same command again runs to the end.
        let finished = try await SmileyProcess(command, in: workspace.root).wait(timeout: 90)
        #expect(finished.status == 0 && !finished.signaled, "\(finished)")
        let resumedSkips = SendOutboxTests.summaryCount("already accepted earlier (resumed)", in: finished.out) ?? -1
        let resumedAccepted = SendOutboxTests.summaryCount("accepted", in: finished.out) ?? -1
        #expect(
            resumedSkips >= 1_000 - 2 * Self.connections && resumedSkips + resumedAccepted == Self.total,
            "\(finished)"
        )
        let phase3 = try sink.transactions(try sink.fileNames().subtracting(filesAfterInterrupt))

        func delivered(_ phase: [String: DumpingSMTPSink.Transaction]) -> [String] {
            phase.values.filter(\.complete).flatMap(\.recipients)
        }
        let (d1, d2, d3) = (delivered(phase1), delivered(phase2), delivered(phase3))
        #expect(d1.count >= 500 && d2.count >= 500, "each interruption came mid-send: \(d1.count), \(d2.count)")
        let all = d1 + d2 + d3
        let expected = Set((0..<Self.total).map { "person\($0)@example.net" })
        let missing = expected.subtracting(all)
        #expect(missing.isEmpty, "\(missing.count) never delivered, e.g. \(missing.sorted().prefix(3))")
        #expect(Set(all).subtracting(expected).isEmpty, "only listed addresses are delivered")
        #expect(all.count <= Self.total + 2 * Self.connections, "\(all.count) deliveries in all")
        // Each interruption's window: what the server had accepted before it and got again after.
        let seen1 = Set(d1)
        let repeatedAfterKill = (d2 + d3).filter(seen1.contains)
        let seen2 = Set(d2)
        let repeatedAfterInterrupt = d3.filter(seen2.contains)
        #expect(repeatedAfterKill.count <= Self.connections, "kill -9 re-sent \(repeatedAfterKill)")
        #expect(repeatedAfterInterrupt.count <= Self.connections, "SIGINT re-sent \(repeatedAfterInterrupt)")
        #expect(Set(d2).count == d2.count && Set(d3).count == d3.count, "no address twice within one run")
        let partial = [phase1, phase2, phase3].map { $0.values.filter { !$0.complete }.count }
        #expect(partial.allSatisfy { $0 <= Self.connections }, "cut-off transactions per run: \(partial)")
        print(
            "kill -9 after \(d1.count), SIGINT after \(d2.count) more, then \(d3.count): \(all.count) deliveries, "
                + "re-sent \(repeatedAfterKill.count) + \(repeatedAfterInterrupt.count), partial \(partial); \(ContinuousClock.now - started)"
        )
    }
}
