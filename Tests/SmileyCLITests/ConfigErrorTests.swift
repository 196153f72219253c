import Foundation
import Testing

/// Configuration and recipient-list mistakes: each stops the command with sysexits 78 (or a data error) and one
/// line on standard error that names the file at fault.
@Suite("configuration and input errors")
struct ConfigErrorTests {
    /// A configuration mistake, made to a fresh workspace.
    struct Mistake: CustomTestStringConvertible, Sendable {
        let name: String
        /// Which file the message must name: `secret` or `config`.
        let names: String
        /// Words the message must contain (lowercased comparison).
        let mentions: [String]
        let make: @Sendable (Workspace) throws -> Void
        var testDescription: String { name }
    }

    static let mistakes: [Mistake] = [
        Mistake(name: "missing secret file", names: "secret", mentions: ["missing"]) { workspace in
            try FileManager.default.removeItem(atPath: workspace.secretPath)
        },
        Mistake(name: "secret readable by others (0644)", names: "secret", mentions: ["chmod 600"]) { workspace in
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: workspace.secretPath)
        },
        Mistake(name: "invalid JSON", names: "config", mentions: []) { workspace in
            try Data("{ \"surveys\": [ { \"id\": \"support\", }\n".utf8).write(
                to: URL(fileURLWithPath: workspace.configPath)
            )
        },
        Mistake(name: "unknown survey", names: "config", mentions: ["no survey 'nosuch'", "support"]) { _ in },
    ]

    @Test("a configuration mistake exits 78 with one stderr line naming the file", arguments: mistakes)
    func configurationMistake(_ mistake: Mistake) async throws {
        let workspace = try await Workspace.initialized()
        try mistake.make(workspace)
        let survey = mistake.name == "unknown survey" ? "nosuch" : "support"
        let csv = try workspace.write("people.csv", "email,name\nana@example.com,Ana\n")
        let result = try await workspace.run([
            "send", "--survey", survey, "--recipients", csv.path, "--to", "outbox:" + workspace.path("out").path,
        ])
        #expect(result.status == 78 && !result.signaled, "\(result)")
        #expect(result.out.isEmpty, "nothing on stdout: \(result)")
        #expect(result.errLines.count == 1, "exactly one line on stderr: \(result)")
        let line = result.errLines.first ?? ""
        let file = mistake.names == "secret" ? workspace.secretPath : workspace.configPath
        #expect(line.contains(file), "the message names \(file): \(line)")
        for word in mistake.mentions {
            #expect(line.lowercased().contains(word.lowercased()), "the message says '\(word)': \(line)")
        }
        #expect(
            try workspace.emlFiles(in: workspace.path("out")).isEmpty,
            "nothing may be sent with a broken configuration"
        )
        // ingest, the command a mail relay runs, reports the same mistake with the same status.
        if mistake.name != "unknown survey" {
            let ingest = try await workspace.ingest(Array("Subject: hi\r\n\r\nhello\r\n".utf8))
            #expect(ingest.status == 78, "\(ingest)")
            #expect(ingest.out.isEmpty, "\(ingest)")
            #expect(ingest.errLines.count == 1 && ingest.err.contains(file), "\(ingest)")
        }
    }

    @Test("a malformed address row is skipped with its line number; the other rows are sent")
    func malformedRowSkipped() async throws {
        let workspace = try await Workspace.initialized()
        let csv = try workspace.write(
            "people.csv",
            """
            email,name,ticket_id
            ana@example.com,Ana,T-1
            "bo@example.com",Bo,T-2
            bad@@example.com,Broken,T-3

            "multi
            line"@,Quoted,T-4
            cy@example.com,Cy,T-5

            """
        )
        let outbox = workspace.path("out")
        let result = try await workspace.run([
            "send", "--survey", "support", "--recipients", csv.path, "--to", "outbox:" + outbox.path,
        ])
        #expect(result.status == 0, "\(result)")
        #expect(SendOutboxTests.summaryCount("accepted", in: result.out) == 3, "\(result)")
        #expect(SendOutboxTests.summaryCount("skipped: invalid row", in: result.out) == 2, "\(result)")
        let lines = result.out.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.contains { $0.hasPrefix("line 4:") && $0.contains("bad@@example.com") }, "\(result)")
        // The quoted address spans lines 6–7; the row is reported by the line it starts on.
        #expect(lines.contains { $0.hasPrefix("line 6:") }, "\(result)")
        let sent = Set(try workspace.emlFiles(in: outbox).map { try SentSurvey(file: $0).to })
        #expect(sent == ["ana@example.com", "bo@example.com", "cy@example.com"])
    }

    @Test("a CSV without an email column is refused with a hint to --map; --map makes it work")
    func missingEmailColumn() async throws {
        let workspace = try await Workspace.initialized()
        let csv = try workspace.write("export.csv", "E-Mail Address,Name\nana@example.com,Ana\n")
        let outbox = workspace.path("out")
        let refused = try await workspace.run([
            "send", "--survey", "support", "--recipients", csv.path, "--to", "outbox:" + outbox.path,
        ])
        #expect(refused.status != 0 && !refused.signaled, "\(refused)")
        #expect([64, 65, 66, 78].contains(refused.status), "a sysexits code: \(refused)")
        #expect(refused.errLines.count == 1, "\(refused)")
        #expect(refused.err.contains("--map"), "\(refused)")
        #expect(refused.err.contains(csv.path), "\(refused)")
        #expect(refused.err.contains("E-Mail Address"), "the message lists the columns found: \(refused)")
        #expect(try workspace.emlFiles(in: outbox).isEmpty)

        let mapped = try await workspace.run([
            "send", "--survey", "support", "--recipients", csv.path, "--map", "E-Mail Address=email",
            "--to", "outbox:" + outbox.path,
        ])
        #expect(mapped.status == 0, "\(mapped)")
        #expect(try workspace.emlFiles(in: outbox).map { try SentSurvey(file: $0).to } == ["ana@example.com"])
    }
}
