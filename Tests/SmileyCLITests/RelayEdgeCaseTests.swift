import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What a mail relay and an admin run into at the edges: a binary installed away from the source tree, a broken
/// recipient list, a read error on standard input, and line ends other than CRLF and LF — each through the real
/// `smiley` process.
@Suite("relay edge cases")
struct RelayEdgeCaseTests {
    /// Runs `executable arguments…` in `directory` with exactly `environment` (nothing inherited), standard input
    /// read from `stdinPath`; returns the exit status and standard error.
    static func run(
        _ executable: String,
        _ arguments: [String],
        in directory: URL,
        stdinPath: String,
        environment: [String: String]
    ) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        guard let input = FileHandle(forReadingAtPath: stdinPath) else {
            throw HarnessError("cannot open \(stdinPath)")
        }
        defer { try? input.close() }
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stderr, as: UTF8.self))
    }

    /// The environment of a relay's pipe: a PATH and nothing of the developer's (no SMILEY_TEMPLATES).
    static let relayEnvironment = ["PATH": "/usr/bin:/bin", "LANG": "C"]

    @Test("ingest runs from a binary moved away from the source tree, without templates; send says what is missing")
    func ingestNeedsNoTemplates() async throws {
        let (workspace, sent) = try await IngestTests.surveyed()
        let jane = try #require(sent["jane.doe@example.com"])
        let bin = workspace.path("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let moved = bin.appendingPathComponent("smiley").path
        try FileManager.default.copyItem(atPath: smileyExecutable, toPath: moved)
        let reply = try workspace.write(
            "reply.eml",
            String(
                decoding: replyMessage(
                    from: "Jane Doe <jane.doe@example.com>",
                    to: IngestTests.ratedAddress(jane, "positive"),
                    messageID: "moved-binary@mail.example.com",
                    body: "Quick and friendly."
                ),
                as: UTF8.self
            )
        )
        let ingest = try Self.run(
            moved,
            ["ingest", "--config", workspace.configPath],
            in: workspace.root,
            stdinPath: reply.path,
            environment: Self.relayEnvironment
        )
        #expect(ingest.status == 0, "ingest must not need the templates: \(ingest.stderr)")
        #expect(try workspace.records().count == 1)

        let send = try Self.run(
            moved,
            [
                "send", "--survey", "support", "--recipients", SendOutboxTests.recipientsCSV, "--config",
                workspace.configPath,
            ],
            in: workspace.root,
            stdinPath: "/dev/null",
            environment: Self.relayEnvironment
        )
        #expect(send.status == 78, "\(send.stderr)")
        #expect(send.stderr.contains("SMILEY_TEMPLATES"), "says how to point at the templates: \(send.stderr)")
    }

    @Test("a read error on standard input exits 75 and stores nothing (the relay retries)")
    func standardInputReadError() async throws {
        let workspace = try await Workspace.initialized()
        // A directory as standard input: open() succeeds, every read() fails with EISDIR.
        let folder = try workspace.write("input/placeholder", "x").deletingLastPathComponent()
        var environment = Self.relayEnvironment
        environment["SMILEY_TEMPLATES"] = packageRoot.appendingPathComponent("templates").path
        for arguments in [["ingest"], ["ingest", "--max-size", "1000000", "--verbose"]] {
            let result = try Self.run(
                smileyExecutable,
                arguments + ["--config", workspace.configPath],
                in: workspace.root,
                stdinPath: folder.path,
                environment: environment
            )
            #expect(result.status == 75, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("standard input"), "\(result.stderr)")
        }
        let kept = workspace.allFiles(below: workspace.data).filter { !$0.hasSuffix(".lock") }
        #expect(kept.isEmpty, "nothing stored or quarantined: \(kept)")
    }

    /// A 21-row list (people 0…20, lines 2…22) with `line`'s row replaced by `row`.
    static func list(_ workspace: Workspace, brokenLine line: Int, row: [UInt8]) throws -> URL {
        var bytes = Array("email,name,ticket_id\n".utf8)
        for i in 0..<21 {
            bytes += i + 2 == line ? row : Array("person\(i)@example.net,Person \(i),T-\(i)\n".utf8)
        }
        let url = workspace.path("broken-\(line).csv")
        try Data(bytes).write(to: url)
        return url
    }

    @Test(
        "a structurally broken list stops the send before the first message, exit 65 with the line",
        arguments: [
            (12, Array("person10@example.net,\"Person 10,T-10\n".utf8), "never closes"),
            (5, Array("person3@example.net,Person \u{00}3,T-3\n".utf8), "NUL"),
            (17, Array("person15@example.net,Pers".utf8) + [0xC3, 0x28] + Array("on,T-15\n".utf8), "not UTF-8"),
        ]
    )
    func brokenList(line: Int, row: [UInt8], reason: String) async throws {
        let workspace = try await Workspace.initialized()
        let csv = try Self.list(workspace, brokenLine: line, row: row)
        let outbox = workspace.path("out")
        let result = try await workspace.run([
            "send", "--survey", "support", "--recipients", csv.path, "--to", "outbox:" + outbox.path,
        ])
        #expect(result.status == 65, "\(result)")
        #expect(result.err.contains("line \(line)"), "names the line: \(result.err)")
        #expect(result.err.contains(reason), "\(result.err)")
        #expect(try workspace.emlFiles(in: outbox).isEmpty, "nothing was sent")

        // Row-level problems stay per-row skips: the same list with a bad address there sends the other 20.
        let fixed = try Self.list(workspace, brokenLine: line, row: Array("not-an-address,Someone,T-x\n".utf8))
        let send = try await workspace.run([
            "send", "--survey", "support", "--recipients", fixed.path, "--to", "outbox:" + outbox.path,
        ])
        #expect(send.status == 0, "\(send)")
        #expect(try workspace.emlFiles(in: outbox).count == 20)
    }

    @Test("lone-CR and mixed line ends are read on the ingest path: a complaint report and a rated reply")
    func bareCarriageReturns() async throws {
        let (workspace, sent) = try await IngestTests.surveyed()
        // A real ARF report with classic Mac line ends (CR only): a complaint, so the address is suppressed.
        let report = try sharedData().appendingPathComponent("payloads/arf/sisimai_mac_cr_arf-01.eml")
        let bytes = [UInt8](try Data(contentsOf: report))
        #expect(!bytes.contains(0x0A), "the report has no LF at all")
        let complaint = try await workspace.ingest(bytes)
        #expect(complaint.status == 0, "\(complaint)")
        #expect(try await workspace.suppressionReason("redacted@example.net") == "complaint")
        #expect(workspace.allFiles(below: workspace.data.appendingPathComponent("quarantine")).isEmpty)

        // A reply whose headers end in CR, CRLF and LF by turns and whose body uses lone CRs.
        let jane = try #require(sent["jane.doe@example.com"])
        let crlf = replyMessage(
            from: "Jane Doe <jane.doe@example.com>",
            to: IngestTests.ratedAddress(jane, "negative"),
            messageID: "mixed-endings@mail.example.com",
            body: "Still waiting for the new laptop.\r\n\r\nOn Mon, Support wrote:\r\n> How did we do?"
        )
        let lines = String(decoding: crlf, as: UTF8.self).components(separatedBy: "\r\n")
        let ends = ["\r", "\r\n", "\n"]
        let headerCount = lines.firstIndex(of: "") ?? 0
        var mixed = ""
        for (index, line) in lines.enumerated() {
            mixed += line + (index < headerCount ? ends[index % 3] : (index == headerCount ? "\n" : "\r"))
        }
        let reply = try await workspace.ingest(Array(mixed.utf8))
        #expect(reply.status == 0, "\(reply)")
        let record = try #require(try workspace.records().first { $0["recipientEmail"] as? String == jane.to })
        #expect((record["rating"] as? [String: Any])?["value"] as? Int == 1, "negative is 1: \(record)")
        let comment = record["comment"] as? String ?? ""
        #expect(comment.contains("Still waiting for the new laptop."), "\(record)")
        #expect(!comment.contains("How did we do"), "the quoted history is cut at its lone-CR line ends: \(record)")
    }
}
