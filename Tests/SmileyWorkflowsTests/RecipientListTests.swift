import Foundation
import SmileyCore
import SmileyWorkflows
import Testing

@Suite("Recipient lists in CSV")
struct RecipientListTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures")

    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("smiley-\(UUID().uuidString).csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func readAll(_ path: String, map: [String: String] = [:]) throws -> [RecipientList.Row] {
        let list = try RecipientList(path: path, columnMap: map)
        var rows: [RecipientList.Row] = []
        while let row = try list.next() { rows.append(row) }
        return rows
    }

    @Test func readsTheBundledExampleWithItsBadRow() throws {
        let rows = try readAll(Self.fixtures.appendingPathComponent("recipients.csv").path)
        #expect(rows.count == 7)
        var good: [Recipient] = []
        var bad: [(Int, String)] = []
        for row in rows {
            switch row {
            case .recipient(let r, _): good.append(r)
            case .invalid(let line, let reason): bad.append((line, reason))
            }
        }
        #expect(good.count == 6)
        #expect(bad.map(\.0) == [7])
        #expect(bad.first?.1.contains("no '@'") == true)
        let german = try #require(good.first { $0.locale == "de" })
        #expect(german.displayName == "Jürgen Müller")
        #expect(german.company == "Müller & Söhne GmbH")
        let french = try #require(good.first { $0.locale == "fr" })
        #expect(french.ticketSubject == "Problème d'accès à la messagerie, urgent")
        let quoted = try #require(good.last)
        #expect(quoted.displayName == #"Ken "The Admin" Sato"#)
        #expect(quoted.locale == nil)
    }

    @Test func quotedFieldsMayHoldLineBreaksAndLinesAreCountedFromTheFile() throws {
        let path = try write("email,ticket_subject,Plan\r\na@example.com,\"two\r\nlines\",gold\r\n\r\nbad@,x,y\r\n")
        let rows = try readAll(path)
        guard case .recipient(let r, let line) = rows[0], case .invalid(let badLine, _) = rows[1] else {
            Issue.record("unexpected rows \(rows)")
            return
        }
        #expect(line == 2)
        #expect(r.ticketSubject == "two lines")
        #expect(r.custom == ["plan": "gold"])
        #expect(badLine == 5)
    }

    /// A line break in a field that goes into a header (name, agent, …) is refused, CRLF as well as a bare CR or
    /// LF; the ticket subject is folded onto one line instead (any Unicode newline).
    @Test(arguments: ["\r\n", "\n", "\r"])
    func lineBreaksOutsideTheSubjectAreRefused(lineBreak: String) throws {
        let path = try write(
            "email,name,ticket_subject\na@example.com,\"Ann\(lineBreak)Bcc: x@evil.example\",ok\nb@example.com,Bo,\"one\(lineBreak)two\u{2028}three\"\n"
        )
        let rows = try readAll(path)
        guard rows.count == 2, case .invalid(_, let reason) = rows[0], case .recipient(let bo, _) = rows[1] else {
            Issue.record("unexpected rows \(rows)")
            return
        }
        #expect(reason.contains("'name' field contains a line break"))
        #expect(bo.ticketSubject == "one two three")
    }

    @Test func aMissingEmailColumnNamesTheColumnsFoundAndTheFix() throws {
        let path = try write("mail,name\na@example.com,A\n")
        let error = #expect(throws: WorkflowError.self) { try readAll(path) }
        #expect(error?.message.contains("no 'email' column (found 'mail', 'name')") == true)
        #expect(error?.message.contains("--map") == true)
        let rows = try readAll(path, map: ["Mail": "email"])
        #expect(rows.count == 1)
    }

    @Test func unclosedQuoteAndNonUTF8AreClearErrors() throws {
        let unclosed = try write("email,name\na@example.com,\"never closed\n")
        let error = #expect(throws: WorkflowError.self) { try readAll(unclosed) }
        #expect(error?.message.contains("line 2") == true)
        let latin1 = FileManager.default.temporaryDirectory.appendingPathComponent("smiley-\(UUID().uuidString).csv")
        try Data([0x65, 0x6D, 0x61, 0x69, 0x6C, 0x0A, 0x6A, 0xFC, 0x40, 0x78, 0x2E, 0x64, 0x65, 0x0A]).write(to: latin1)
        let encoding = #expect(throws: WorkflowError.self) { try readAll(latin1.path) }
        #expect(encoding?.message.contains("not UTF-8") == true)
    }

    @Test func aByteOrderMarkIsSkipped() throws {
        let path = try write("\u{FEFF}email\na@example.com\n")
        #expect(try readAll(path).count == 1)
    }

    @Test func initCreatesAPrivateSecretAndNeverOverwrites() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("smiley-init-\(UUID().uuidString)")
            .path
        let result = try InitWorkflow.run(
            directory: folder,
            fromName: "Acme",
            fromAddress: "help@acme.example",
            replyDomain: "reply.acme.example"
        )
        let attributes = try FileManager.default.attributesOfItem(atPath: result.secretPath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let installation = try Installation.load(configPath: result.configPath, builtInTemplates: folder)
        #expect(installation.config.surveys.map(\.id) == ["support"])
        #expect(installation.dataDirectory == folder + "/data")
        let again = #expect(throws: WorkflowError.self) {
            try InitWorkflow.run(
                directory: folder,
                fromName: "Acme",
                fromAddress: "help@acme.example",
                replyDomain: "reply.acme.example"
            )
        }
        #expect(again?.message.contains("never overwrites") == true)
        chmod(result.secretPath, 0o644)
        let loose = #expect(throws: WorkflowError.self) {
            try Installation.load(configPath: result.configPath, builtInTemplates: folder)
        }
        #expect(loose?.message.contains("chmod 600") == true)
        #expect(loose?.exitCode == ExitStatus.configuration)
    }
}
