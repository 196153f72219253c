import Foundation
import Testing

/// Many `smiley ingest` processes at once, as a busy relay runs them: every message is stored exactly once.
@Suite("concurrent ingest", .serialized)
struct ConcurrentIngestTests {
    @Test("200 concurrent ingest processes over 50 Message-IDs → exactly 50 records, all exit 0, no temp files")
    func twoHundredProcesses() async throws {
        let workspace = try await Workspace.initialized()
        var csv = "email,name,ticket_id\n"
        for i in 0..<50 { csv += "customer\(i)@example.com,Customer \(i),T-\(1000 + i)\n" }
        let list = try workspace.write("fifty.csv", csv)
        let outbox = workspace.path("out")
        let send = try await workspace.run([
            "send", "--survey", "support", "--recipients", list.path, "--to", "outbox:" + outbox.path,
        ])
        #expect(send.status == 0, "\(send)")
        let surveys = try workspace.emlFiles(in: outbox).map(SentSurvey.init(file:))
        try #require(surveys.count == 50)

        let ratings = ["positive", "neutral", "negative"]
        let replies: [[UInt8]] = surveys.enumerated().map { index, survey in
            replyMessage(
                from: "<\(survey.to)>",
                to: IngestTests.ratedAddress(survey, ratings[index % 3]),
                messageID: "concurrent-\(index)@mail.example.com",
                body: "Reply number \(index)."
            )
        }
        // Spawn all 200 first (each Message-ID four times, interleaved), then wait for all.
        var processes: [(index: Int, process: SmileyProcess)] = []
        let started = ContinuousClock.now
        for round in 0..<4 {
            for index in 0..<50 {
                let order = round % 2 == 0 ? index : 49 - index
                processes.append(
                    (
                        order,
                        try SmileyProcess(
                            ["ingest", "--config", workspace.configPath],
                            in: workspace.root,
                            stdin: replies[order]
                        )
                    )
                )
            }
        }
        var results: [(Int, RunResult)] = []
        for (index, process) in processes { results.append((index, await process.wait(timeout: 90))) }
        let elapsed = ContinuousClock.now - started
        for (index, result) in results {
            #expect(result.status == 0 && !result.signaled, "reply \(index): \(result)")
            #expect(result.stdout.isEmpty, "reply \(index): \(result)")
        }
        let records = try workspace.records()
        #expect(records.count == 50, "one record per Message-ID")
        let messageIDs = Set(records.compactMap { $0["messageID"] as? String })
        #expect(
            messageIDs == Set((0..<50).map { "<concurrent-\($0)@mail.example.com>" }),
            "\(messageIDs.sorted().prefix(3))"
        )
        let rated = records.filter { ($0["rating"] as? [String: Any])?["value"] != nil }
        #expect(rated.count == 50, "each record keeps its link rating")
        // Nothing half-written or temporary is left anywhere in the data folder.
        let leftovers = workspace.allFiles(below: workspace.data).filter { path in
            let name = (path as NSString).lastPathComponent
            return (name.hasPrefix(".") && name != ".lock") || name.hasSuffix(".tmp") || name.contains(".tmp.")
        }
        #expect(leftovers.isEmpty, "temporary files left: \(leftovers.prefix(5))")
        #expect(try workspace.emlFiles(in: workspace.data.appendingPathComponent("quarantine")).isEmpty)
        print("200 concurrent ingests: \(elapsed)")
    }

    @Test("30 concurrent bounces for 3 addresses → 30 records, each address suppressed exactly once")
    func concurrentBounces() async throws {
        let (workspace, sent) = try await IngestTests.surveyed()
        let bounced = try ["jane.doe@example.com", "pieter@example.nl", "ken@example.jp"].map { try #require(sent[$0]) }
        var processes: [SmileyProcess] = []
        for copy in 0..<10 {
            for survey in bounced {
                let dsn = IngestTests.dsn(for: survey, messageID: "dsn-\(copy)-\(survey.to)")
                processes.append(
                    try SmileyProcess(["ingest", "--config", workspace.configPath], in: workspace.root, stdin: dsn)
                )
            }
        }
        for process in processes {
            let result = await process.wait(timeout: 60)
            #expect(result.status == 0 && !result.signaled && result.stdout.isEmpty, "\(result)")
        }
        let lines = try String(contentsOf: workspace.data.appendingPathComponent("suppression.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        #expect(lines.count == 3, "one line per address: \(lines)")
        #expect(
            Set(lines.map { $0.split(separator: ",").first { $0.hasPrefix("\"hash\"") } }).count == 3,
            "three different hashes: \(lines)"
        )
        for survey in bounced {
            #expect(!lines.contains { $0.contains(survey.to) }, "the list names no one: \(lines)")
            #expect(try await workspace.suppressionReason(survey.to) == "hardBounce", "\(survey.to)")
        }
        let records = try workspace.records()
        #expect(records.count == 30)
        #expect(records.allSatisfy { $0["classification"] as? String == "bounce" })
    }
}
