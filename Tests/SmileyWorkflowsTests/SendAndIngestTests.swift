import Foundation
import Logging
import SmileyCore
import SmileyMail
import SmileyWorkflows
import Testing

/// The send and ingest workflows together, in process, on the bundled example and its replies.
@Suite("Send, ingest, remind")
struct SendAndIngestTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A fresh installation whose sender domain matches the example replies' In-Reply-To headers.
    func installation(reminderAfterDays: Int = 3) throws -> Installation {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("smiley-flow-\(UUID().uuidString)")
            .path
        let result = try InitWorkflow.run(
            directory: folder,
            fromName: "Acme Support",
            fromAddress: "support@acme.example",
            replyDomain: "reply.acme.example"
        )
        var json = try String(contentsOfFile: result.configPath, encoding: .utf8)
        json = json.replacingOccurrences(
            of: "\"frequencyCapDays\"",
            with: "\"reminderAfterDays\" : \(reminderAfterDays),\n  \"frequencyCapDays\""
        )
        try json.write(toFile: result.configPath, atomically: true, encoding: .utf8)
        return try Installation.load(
            configPath: result.configPath,
            builtInTemplates: Self.root.appendingPathComponent("templates").path
        )
    }

    func send(
        _ installation: Installation,
        variant: String = "survey",
        now: Date = Date()
    ) async throws -> SendWorkflow.Result {
        var request = SendWorkflow.Request(
            surveyID: "support",
            recipientsPath: Self.root.appendingPathComponent("fixtures/recipients.csv").path,
            destination: .outbox(installation.outboxDirectory + "-" + variant)
        )
        request.variant = variant
        return try await SendWorkflow.run(
            installation: installation,
            request: request,
            logger: .init(label: "test"),
            now: now
        )
    }

    func reply(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: Self.root.appendingPathComponent("fixtures/replies/\(name)")))
    }

    @Test func exampleRepliesBecomeTheRightRecordsAndABounceIsSuppressed() async throws {
        let installation = try installation()
        let sent = try await send(installation)
        #expect(sent.report.accepted == 6)
        #expect(sent.skips.invalidCount == 1)
        let files = try FileManager.default.contentsOfDirectory(
            atPath: Self.root.appendingPathComponent("fixtures/replies").path
        ).sorted()
        var dispositions: [String: String] = [:]
        for file in files where file.hasSuffix(".eml") {
            let outcome = try IngestWorkflow.run(installation: installation, bytes: try reply(file), synchronize: false)
            dispositions[file] = outcome.dispositionName
            if file.contains("bounce") { #expect(outcome.suppressed == ["lucia@example.es"]) }
        }
        #expect(
            dispositions == [
                "01-gmail-positive.eml": "feedback", "02-outlook-german-html.eml": "feedback",
                "03-iphone-dutch-negative.eml": "feedback",
                "04-out-of-office-french.eml": "autoReply", "05-bounce-user-unknown.eml": "bounce",
                "06-comment-without-rating.eml": "feedback",
            ]
        )
        let csv = try RecordsWorkflow.export(
            installation: installation,
            surveyID: nil,
            from: nil,
            until: nil,
            format: .csv
        )
        #expect(csv.contains("jane.doe@example.com,T-10421,Sam Patel,Northwind Traders,smiley,positive"))
        #expect(csv.contains("m.mueller@example.de,T-10422,Lena Vogel,Müller & Söhne GmbH,smiley,positive"))
        #expect(csv.contains("pieter@example.nl,T-10423,Sam Patel,De Vries BV,smiley,negative"))
        let again = try IngestWorkflow.run(
            installation: installation,
            bytes: try reply("01-gmail-positive.eml"),
            synchronize: false
        )
        #expect(again.duplicate)
        // The bounced address is skipped by the next send to the same list.
        let second = try await send(installation, variant: "survey")
        #expect(second.report.skipped == 5)
        #expect(second.skips.suppressed == 1)
    }

    @Test func remindersGoOnlyToThoseWhoDidNotAnswerAndOnlyWhenDue() async throws {
        let installation = try installation(reminderAfterDays: 2)
        let surveyTime = Date().addingTimeInterval(-3 * 86_400)
        _ = try await send(installation, now: surveyTime)
        for file in ["01-gmail-positive.eml", "04-out-of-office-french.eml"] {
            _ = try IngestWorkflow.run(installation: installation, bytes: try reply(file), synchronize: false)
        }
        let early = try await send(installation, variant: "reminder", now: surveyTime.addingTimeInterval(86_400))
        #expect(early.report.accepted == 0)
        #expect(early.skips.notYetDue == 5)
        let due = try await send(installation, variant: "reminder")
        // Six surveyed; Jane answered; Claire's out-of-office is no answer, so she is reminded.
        #expect(due.report.accepted == 5)
        #expect(due.skips.answered == 1)
        let names = try FileManager.default.contentsOfDirectory(atPath: installation.outboxDirectory + "-reminder")
        #expect(names.count == 5)
        #expect(names.allSatisfy { $0.hasSuffix(".reminder@acme.example.eml") })
        let once = try await send(installation, variant: "reminder")
        #expect(once.report.accepted == 0)
        #expect(once.report.skipped == 5)
    }

    @Test func aTamperedTokenIsQuarantinedNotCounted() throws {
        let installation = try installation()
        let forged =
            "From: x@example.com\r\nTo: feedback+AQGhhgMIDemVtJ-NZjdrBrHdaVaGM-MAfGxyrLtf.positive@reply.acme.example\r\nSubject: hi\r\nMessage-ID: <f@x>\r\n\r\nGreat!\r\n"
        let outcome = try IngestWorkflow.run(installation: installation, bytes: Array(forged.utf8), synchronize: false)
        #expect(outcome.dispositionName == "quarantine")
        let quarantined = try #require(outcome.quarantined)
        let kept = try Data(
            contentsOf: URL(fileURLWithPath: installation.dataDirectory + "/quarantine/\(quarantined).eml")
        )
        #expect(Array(kept) == Array(forged.utf8))
    }
}
