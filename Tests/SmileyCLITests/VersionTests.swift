import Foundation
import Testing

/// One version, printed by the binary, named in what it stores; shell completions generated for three shells.
@Suite("version and completions")
struct VersionTests {
    static func version(in folder: URL) async throws -> String {
        let result = try await smiley(["--version"], in: folder)
        #expect(result.status == 0, "\(result)")
        return result.out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("--version prints a semantic version, --help's first line names it, and the changelog has its section")
    func versionEverywhere() async throws {
        let workspace = try Workspace()
        let version = try await Self.version(in: workspace.root)
        let parts = version.split(separator: ".")
        #expect(parts.count == 3 && parts.allSatisfy { Int($0) != nil }, "MAJOR.MINOR.PATCH, not '\(version)'")
        let help = try await smiley(["--help"], in: workspace.root)
        #expect(help.out.split(separator: "\n").first?.contains("Smiley \(version)") == true, "\(help)")
        let changelog = try String(contentsOf: packageRoot.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
        #expect(changelog.contains("## [\(version)]"), "CHANGELOG.md lists \(version)")
    }

    @Test("records and send-journal lines name the Smiley that wrote them")
    func writerInStoredData() async throws {
        let (workspace, sent) = try await IngestTests.surveyed()
        let version = try await Self.version(in: workspace.root)
        let jane = try #require(sent["jane.doe@example.com"])
        let reply = replyMessage(
            from: "Jane Doe <jane.doe@example.com>",
            to: IngestTests.ratedAddress(jane, "positive"),
            messageID: "writer-test@mail.example.com",
            body: "Thanks"
        )
        #expect(try await workspace.ingest(reply).status == 0)
        #expect(try workspace.records().first?["writer"] as? String == "smiley \(version)")
        let journals = workspace.data.appendingPathComponent("journals")
        let lines = try workspace.allFiles(below: journals).flatMap { name in
            try String(contentsOf: journals.appendingPathComponent(name), encoding: .utf8).split(separator: "\n")
        }
        #expect(
            !lines.isEmpty && lines.allSatisfy { $0.hasSuffix(#""writer":"smiley \#(version)"}"#) },
            "\(lines.prefix(2))"
        )
    }

    @Test("completion scripts for bash, zsh and fish name every command", arguments: ["bash", "zsh", "fish"])
    func completions(shell: String) async throws {
        let workspace = try Workspace()
        let result = try await smiley(["--generate-completion-script", shell], in: workspace.root)
        #expect(result.status == 0, "\(result)")
        for command in [
            "init", "preview", "templates", "send", "ingest", "inspect", "report", "export", "access", "erase", "prune",
        ] {
            #expect(result.out.contains(command), "\(shell) completion lacks \(command)")
        }
        #expect(result.out.contains("older-than") && result.out.contains("dry-run"), "options of subcommands too")
    }
}
