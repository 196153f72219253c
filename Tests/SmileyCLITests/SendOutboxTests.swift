import Foundation
import Testing

/// `smiley init` → `smiley send` to an outbox → re-run → `send --status`, all through the real binary.
@Suite("send to an outbox")
struct SendOutboxTests {
    static let recipientsCSV = packageRoot.appendingPathComponent("fixtures/recipients.csv").path

    /// The six valid addresses of `fixtures/recipients.csv` (line 7 holds `not-an-address`).
    static let validAddresses: Set<String> = [
        "jane.doe@example.com", "m.mueller@example.de", "pieter@example.nl", "claire.dubois@example.fr",
        "lucia@example.es", "ken@example.jp",
    ]

    /// The value in the summary row whose label starts with `label`, e.g. `accepted  6`.
    static func summaryCount(_ label: String, in output: String) -> Int? {
        for line in output.split(separator: "\n") where line.hasPrefix(label) {
            let rest = line.dropFirst(label.count)
            guard rest.first == " " else { continue }
            return Int(rest.trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    @Test("init, send 6 of 7 rows, re-run sends nothing new, --status counts, .eml files parse cleanly in Python")
    func sendResumeStatus() async throws {
        let workspace = try await Workspace.initialized()
        #expect(FileManager.default.fileExists(atPath: workspace.configPath))
        let mode = try FileManager.default.attributesOfItem(atPath: workspace.secretPath)[.posixPermissions] as? Int
        #expect(mode == 0o600, "smiley init must create the secret readable only by its owner")

        let outbox = workspace.path("out")
        let send = ["send", "--survey", "support", "--recipients", Self.recipientsCSV, "--to", "outbox:" + outbox.path]
        let first = try await workspace.run(send)
        #expect(first.status == 0 && !first.signaled, "\(first)")
        #expect(Self.summaryCount("accepted", in: first.out) == 6, "\(first)")
        #expect(Self.summaryCount("skipped: invalid row", in: first.out) == 1, "\(first)")
        #expect(Self.summaryCount("already accepted earlier (resumed)", in: first.out) == 0, "\(first)")
        let invalidLine = first.out.split(separator: "\n").first {
            $0.trimmingCharacters(in: .whitespaces).hasPrefix("line 7:")
        }
        #expect(invalidLine != nil, "the summary names line 7 (not-an-address): \(first.out)")
        #expect(invalidLine?.contains("not-an-address") == true, "the reason quotes the bad address: \(first.out)")

        let files = try workspace.emlFiles(in: outbox)
        #expect(files.count == 6)
        let sentTo = Set(try files.map { try SentSurvey(file: $0).to })
        #expect(sentTo == Self.validAddresses)

        // The journal named in the summary lives in <data>/journals/.
        let journalLine = first.out.split(separator: "\n").first { $0.hasPrefix("journal: ") }
        let journal = try #require(journalLine.map { String($0.dropFirst("journal: ".count)) }, "\(first)")
        let journals = workspace.data.appendingPathComponent("journals")
        #expect(
            URL(fileURLWithPath: journal).deletingLastPathComponent().standardizedFileURL.path
                == journals.standardizedFileURL.path,
            "journal at \(journal)"
        )

        // The same command again: everyone was accepted earlier, nothing is written again.
        let before = try files.map { try Data(contentsOf: $0) }
        let second = try await workspace.run(send)
        #expect(second.status == 0 && !second.signaled, "\(second)")
        #expect(Self.summaryCount("accepted", in: second.out) == 0, "\(second)")
        #expect(Self.summaryCount("already accepted earlier (resumed)", in: second.out) == 6, "\(second)")
        #expect(Self.summaryCount("skipped: invalid row", in: second.out) == 1, "\(second)")
        let after = try workspace.emlFiles(in: outbox)
        #expect(after.count == 6)
        #expect(try after.map { try Data(contentsOf: $0) } == before, "a resumed send must not rewrite the outbox")

        // --status prints the journal's counts.
        let status = try await workspace.run(["send", "--status", journal])
        #expect(status.status == 0, "\(status)")
        #expect(status.out.contains(journal), "\(status)")
        #expect(status.out.contains("accepted 6,"), "the status counts the 6 accepted messages: \(status)")
        #expect(status.out.contains("failed 0"), "\(status)")

        // Python's email package (policy default) reads every message without a defect.
        let report = try python(Self.defectScript, files.map(\.path))
        let lines = report.split(separator: "\n").map(String.init)
        #expect(lines.count == 6, "\(report)")
        for line in lines {
            #expect(line.hasSuffix(" OK"), "Python found defects: \(line)")
        }
    }

    @Test("send --status of a journal that does not exist is an error (exit 66), not an empty send")
    func statusOfMissingJournal() async throws {
        let workspace = try Workspace()
        let missing = workspace.path("data/journals/typo.jsonl").path
        let result = try await smiley(["send", "--status", missing], in: workspace.root)
        #expect(!FileManager.default.fileExists(atPath: missing), "--status must not create the journal")
        #expect(result.status == 66, "\(result)")
        #expect(result.out.isEmpty, "\(result)")
        #expect(result.err.contains(missing), "\(result)")
    }

    /// Prints `PATH OK`, or `PATH DEFECTS …` naming every defect of the message, its parts and its headers.
    static let defectScript = """
        import sys, email, email.policy
        for path in sys.argv[1:]:
            with open(path, 'rb') as f:
                msg = email.message_from_bytes(f.read(), policy=email.policy.default)
            problems = []
            for part in msg.walk():
                problems += [type(d).__name__ for d in part.defects]
                for name, value in part.items():
                    problems += [name + ':' + type(d).__name__ for d in getattr(value, 'defects', ())]
                if not part.is_multipart():
                    part.get_content()
            for required in ('From', 'To', 'Subject', 'Date', 'Message-ID', 'Reply-To'):
                if msg[required] is None:
                    problems.append('missing ' + required)
            if msg.get_body(('plain',)) is None or msg.get_body(('html',)) is None:
                problems.append('no text or no html body')
            print(path, 'OK' if not problems else 'DEFECTS ' + ' '.join(problems))
        """
}
