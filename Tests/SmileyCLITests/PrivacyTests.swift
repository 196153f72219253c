import Foundation
import Testing

/// Access, erasure and retention over every kind of file Smiley keeps, run through the real binary.
@Suite("privacy")
struct PrivacyTests {
    /// Every file below the folders, read whole and lowercased (there must be some: a grep over nothing proves nothing).
    static func contents(below folders: [URL], workspace: Workspace) -> [(path: String, text: String)] {
        let files = folders.flatMap { folder in
            workspace.allFiles(below: folder).map { folder.appendingPathComponent($0) }
        }
        #expect(files.count >= 5, "the folders hold the store's files: \(files)")
        return files.map { file in
            let bytes = (try? Data(contentsOf: file)) ?? Data()
            #expect(!bytes.isEmpty || file.lastPathComponent == ".lock", "\(file.path) is readable")
            return (file.path, String(decoding: bytes, as: UTF8.self).lowercased())
        }
    }

    /// A workspace that sent the example survey into its configured outbox, then received Jane's reply, a bounce
    /// for Pieter, and a message about Jane that could not be used (quarantined).
    static func populated() async throws -> (Workspace, [String: SentSurvey]) {
        let workspace = try await Workspace.initialized()
        let outbox = workspace.path("outbox")
        let send = try await workspace.run([
            "send", "--survey", "support", "--recipients", SendOutboxTests.recipientsCSV,
            "--to", "outbox:" + outbox.path,
        ])
        #expect(send.status == 0, "\(send)")
        let sent = Dictionary(
            uniqueKeysWithValues: try workspace.emlFiles(in: outbox).map(SentSurvey.init(file:)).map { ($0.to, $0) }
        )
        let jane = try #require(sent["jane.doe@example.com"])
        #expect(try await workspace.ingest(janesReply(jane)).status == 0)
        let stray = replyMessage(
            from: "Jane Doe <jane.doe@example.com>",
            to: "support@example.com",
            messageID: "stray-jane@mail.example.com",
            subject: "T-10421",
            body: ""
        )
        #expect(try await workspace.ingest(stray).status == 0)
        #expect(try await workspace.ingest(IngestTests.dsn(for: try #require(sent["pieter@example.nl"]))).status == 0)
        return (workspace, sent)
    }

    /// Jane's reply, byte for byte the same each time.
    static func janesReply(_ jane: SentSurvey) -> [UInt8] {
        replyMessage(
            from: "Jane Doe <jane.doe@example.com>",
            to: IngestTests.ratedAddress(jane, "negative"),
            messageID: "reply-jane@mail.example.com",
            body: "Ticket T-10421 is still open; the VPN drops. Jane Doe, 555-0100"
        )
    }

    @Test("access lists every kind; erase leaves the address, name and ticket in no file under data and outbox")
    func erasureProvenByGrep() async throws {
        let (workspace, sent) = try await Self.populated()
        let folders = [workspace.data, workspace.path("outbox")]
        let traces = ["jane.doe@example.com", "jane doe", "t-10421"]
        // Before: she is everywhere, and access shows all of it.
        for trace in traces {
            #expect(
                Self.contents(below: folders, workspace: workspace).contains { $0.text.contains(trace) },
                "\(trace) before erasure"
            )
        }
        let before = try await workspace.accessData("Jane.Doe@example.com")
        #expect((before["records"] as? [Any])?.count == 1, "\(before)")
        #expect((before["sent"] as? [Any])?.count == 1, "\(before)")
        #expect(((before["journalLines"] as? [Any])?.count ?? 0) >= 2, "queued and accepted: \(before)")
        #expect((before["quarantined"] as? [Any])?.count == 1, "\(before)")
        #expect((before["outbox"] as? [Any])?.count == 1, "\(before)")
        #expect(before["suppression"] == nil)
        let recordsBefore = try workspace.records().count

        let erase = try await workspace.run(["erase", "jane.doe@example.com"])
        #expect(erase.status == 0 && erase.out.contains("1 record(s) anonymized"), "\(erase)")

        // After: grep finds her nowhere; everyone else is untouched.
        for (path, text) in Self.contents(below: folders, workspace: workspace) {
            for trace in traces { #expect(!text.contains(trace), "\(trace) is still in \(path)") }
        }
        let after = try await workspace.accessData("jane.doe@example.com")
        for kind in ["records", "sent", "journalLines", "quarantined", "outbox"] {
            #expect((after[kind] as? [Any])?.isEmpty == true, "\(kind): \(after)")
        }
        #expect((after["suppression"] as? [String: Any])?["reason"] as? String == "erased")
        #expect(((try await workspace.accessData("pieter@example.nl"))["sent"] as? [Any])?.count == 1)
        #expect(try workspace.emlFiles(in: workspace.path("outbox")).count == sent.count - 1)
        // Her rating stays for the reports, without identity or comment.
        let records = try workspace.records()
        #expect(records.count == recordsBefore)
        let anonymous = try #require(records.first { $0["classification"] as? String == "surveyReply" })
        #expect(anonymous["comment"] == nil && anonymous["recipientEmail"] == nil && anonymous["recipientID"] == nil)
        #expect(anonymous["ticketID"] as? String == "" && anonymous["company"] as? String == "")
        #expect((anonymous["rating"] as? [String: Any])?["value"] != nil)

        // Her reply delivered again brings nothing back, and a new send skips her.
        #expect(try await workspace.ingest(Self.janesReply(try #require(sent["jane.doe@example.com"]))).status == 0)
        #expect(
            try workspace.records().count == recordsBefore,
            "the same Message-ID is a duplicate of the anonymized record"
        )
        #expect(!Self.contents(below: [workspace.data], workspace: workspace).contains { $0.text.contains("t-10421") })
        let resend = try await workspace.run([
            "send", "--survey", "support", "--recipients", SendOutboxTests.recipientsCSV,
            "--to", "outbox:" + workspace.path("second").path,
        ])
        #expect(SendOutboxTests.summaryCount("skipped: suppressed", in: resend.out) == 2, "Jane and Pieter: \(resend)")
    }

    @Test("erasing an address nothing is stored about says so and exits 0; damaged files are named and skipped")
    func unknownAddressAndDamagedFiles() async throws {
        let (workspace, _) = try await Self.populated()
        let shard = workspace.data.appendingPathComponent("records/00")
        try FileManager.default.createDirectory(at: shard, withIntermediateDirectories: true)
        try Data("{half a rec".utf8).write(to: shard.appendingPathComponent("00000000000000000000000000000000.json"))
        let erase = try await workspace.run(["erase", "nobody@example.org"])
        #expect(erase.status == 0 && erase.out.contains("Nothing was stored about nobody@example.org"), "\(erase)")
        #expect(
            erase.err.contains("skipped:") && erase.err.contains("00000000000000000000000000000000.json"),
            "\(erase)"
        )
        let access = try await workspace.run(["access", "jane.doe@example.com"])
        #expect(access.status == 0 && access.out.contains("00000000000000000000000000000000.json"), "\(access)")
        let prune = try await workspace.run(["prune", "--older-than", "1"])
        #expect(prune.status == 0 && prune.out.contains("Deleted: 0 record(s)"), "\(prune)")
    }

    @Test("ingests running beside an erasure lose nothing, and the erased person comes back in no file")
    func erasureBesideIngests() async throws {
        let (workspace, sent) = try await Self.populated()
        let claire = try #require(sent["claire.dubois@example.fr"])
        var processes: [SmileyProcess] = []
        for index in 0..<40 {
            let reply = replyMessage(
                from: "Claire <claire.dubois@example.fr>",
                to: IngestTests.ratedAddress(claire, "positive"),
                messageID: "claire-\(index)@mail.example.fr",
                body: "Merci \(index)"
            )
            processes.append(
                try SmileyProcess(["ingest", "--config", workspace.configPath], in: workspace.root, stdin: reply)
            )
            if index == 10 {
                processes.append(
                    try SmileyProcess(
                        ["erase", "--config", workspace.configPath, "jane.doe@example.com"],
                        in: workspace.root
                    )
                )
            }
        }
        for process in processes {
            let result = await process.wait(timeout: 60)
            #expect(result.status == 0 && !result.signaled, "\(result)")
        }
        let records = try workspace.records()
        #expect(records.filter { $0["recipientEmail"] as? String == "claire.dubois@example.fr" }.count == 40)
        for (path, text) in Self.contents(below: [workspace.data, workspace.path("outbox")], workspace: workspace) {
            #expect(!text.contains("jane.doe@example.com"), "\(path)")
        }
    }

    @Test(
        "two sends of the same list started together reach every recipient once: the second waits its turn or refuses"
    )
    func overlappingSends() async throws {
        let workspace = try await Workspace.initialized()
        let sink = try DumpingSMTPSink(in: workspace.root)
        defer { sink.stop() }
        let list = try workspace.numberedList(count: 2_000)
        let command = [
            "send", "--survey", "support", "--recipients", list.path, "--to", sink.url, "--config",
            workspace.configPath,
        ]
        let first = try SmileyProcess(command, in: workspace.root)
        let second = try SmileyProcess(command, in: workspace.root)
        let results = [await first.wait(timeout: 120), await second.wait(timeout: 120)]
        for result in results {
            #expect(!result.signaled && [0, 75].contains(result.status), "\(result)")
            if result.status == 75 { #expect(result.err.contains("another 'smiley send'"), "\(result)") }
        }
        #expect(results.contains { $0.status == 0 })
        print("overlapping sends exited \(results.map(\.status))")
        // A third run after both finishes the list if one refused, and sends no one twice.
        let third = try await SmileyProcess(command, in: workspace.root).wait(timeout: 120)
        #expect(third.status == 0, "\(third)")
        let recipients = try sink.transactions().values.flatMap(\.recipients)
        #expect(recipients.count == 2_000, "each recipient exactly once, not \(recipients.count)")
        #expect(Set(recipients).count == 2_000)
    }
}

/// Data folders written by earlier versions, and erasure beside a running send.
@Suite("privacy: upgrades and sends")
struct PrivacyUpgradeTests {
    @Test("a send rewrites an old clear suppression list as hashes, honours it, and removes the old contact log")
    func migration() async throws {
        let workspace = try await Workspace.initialized()
        try FileManager.default.createDirectory(at: workspace.data, withIntermediateDirectories: true)
        let old =
            #"{"address":"jane.doe@example.com","at":"2025-01-01T00:00:00Z","detail":"550 jane.doe@example.com unknown","reason":"hardBounce"}"#
        try Data((old + "\n").utf8).write(to: workspace.data.appendingPathComponent("suppression.jsonl"))
        try Data(#"{"at":"2025-01-01T00:00:00Z","email":"pieter@example.nl"}"#.utf8 + [10]).write(
            to: workspace.data.appendingPathComponent("contacts.jsonl")
        )
        let send = try await workspace.run([
            "send", "--survey", "support", "--recipients", SendOutboxTests.recipientsCSV,
            "--to", "outbox:" + workspace.path("out").path,
        ])
        #expect(send.status == 0, "\(send)")
        #expect(SendOutboxTests.summaryCount("skipped: suppressed", in: send.out) == 1, "\(send)")
        let list = try String(contentsOf: workspace.data.appendingPathComponent("suppression.jsonl"), encoding: .utf8)
        #expect(!list.contains("jane") && list.contains("\"hash\"") && list.contains("<address> unknown"), "\(list)")
        #expect(!FileManager.default.fileExists(atPath: workspace.data.appendingPathComponent("contacts.jsonl").path))
        #expect(try await workspace.suppressionReason("jane.doe@example.com") == "hardBounce")
    }

    @Test("an erasure started during a send waits for it, then erases what the send wrote too")
    func erasureDuringSend() async throws {
        let workspace = try await Workspace.initialized()
        let sink = try DumpingSMTPSink(in: workspace.root)
        defer { sink.stop() }
        let list = try workspace.numberedList(count: 1_500)
        let send = try SmileyProcess(
            [
                "send", "--survey", "support", "--recipients", list.path, "--to", sink.url,
                "--config", workspace.configPath,
            ],
            in: workspace.root
        )
        // Once the send is under way (its journal exists), erase someone near the end of its list.
        let journals = workspace.data.appendingPathComponent("journals")
        let deadline = Date().addingTimeInterval(30)
        while send.isRunning, Date() < deadline, workspace.allFiles(below: journals).isEmpty {
            try await Task.sleep(for: .milliseconds(5))
        }
        let erase = try await workspace.run(["erase", "person1499@example.net"], timeout: 120)
        let sent = await send.wait(timeout: 120)
        #expect(sent.status == 0, "\(sent)")
        #expect(erase.status == 0 || erase.status == 75, "\(erase)")
        if erase.status == 75 {  // the send outlasted the wait: the erasure is simply run again
            #expect(try await workspace.run(["erase", "person1499@example.net"]).status == 0)
        }
        #expect(try sink.transactions().values.flatMap(\.recipients).count == 1_500, "the send lost nothing")
        for file in workspace.allFiles(below: workspace.data) {
            let text = (try? String(contentsOf: workspace.data.appendingPathComponent(file), encoding: .utf8)) ?? ""
            #expect(!text.contains("person1499@example.net") && !text.contains("T-1499\""), "\(file)")
        }
        #expect(try await workspace.suppressionReason("person1499@example.net") == "erased")
    }
}
