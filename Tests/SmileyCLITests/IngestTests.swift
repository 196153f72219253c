import Foundation
import Testing

/// `smiley ingest`, the command a mail relay runs once per message: replies, duplicates, garbage, auto-replies,
/// bounces and an unwritable store, each checked on disk. Standard output stays empty in every case (a relay
/// may mail it back to the sender).
@Suite("ingest")
struct IngestTests {
    /// A workspace whose survey went to the six addresses of `fixtures/recipients.csv` (outbox `out/`).
    static func surveyed() async throws -> (Workspace, [String: SentSurvey]) {
        let workspace = try await Workspace.initialized()
        let result = try await workspace.run([
            "send", "--survey", "support", "--recipients", SendOutboxTests.recipientsCSV,
            "--to", "outbox:" + workspace.path("out").path,
        ])
        guard result.status == 0 else { throw HarnessError("send failed: \(result)") }
        let sent = try workspace.emlFiles(in: workspace.path("out")).map(SentSurvey.init(file:))
        return (workspace, Dictionary(uniqueKeysWithValues: sent.map { ($0.to, $0) }))
    }

    /// `feedback+TOKEN.rating@domain` from a survey's Reply-To (`feedback+TOKEN@domain`).
    static func ratedAddress(_ survey: SentSurvey, _ rating: String) -> String {
        let at = survey.replyTo.lastIndex(of: "@")!
        return String(survey.replyTo[..<at]) + "." + rating + String(survey.replyTo[at...])
    }

    @Test("a reply to feedback+TOKEN.positive is stored once with its rating; the same message again is a duplicate")
    func replyStoredOnce() async throws {
        let (workspace, sent) = try await Self.surveyed()
        let jane = try #require(sent["jane.doe@example.com"])
        #expect(
            jane.replyTo == "feedback+\(jane.token)@\(Workspace.replyDomain)",
            "Reply-To carries the X-Smiley-Token"
        )
        let reply = replyMessage(
            from: "Jane Doe <jane.doe@example.com>",
            to: Self.ratedAddress(jane, "positive"),
            messageID: "reply-jane-1@mail.example.com",
            extraHeaders: ["In-Reply-To: \(jane.messageID)"],
            body: "The VPN has been stable all week.\n\nOn Mon, Support wrote:\n> How did we do?"
        )
        let first = try await workspace.ingest(reply)
        #expect(first.status == 0 && !first.signaled, "\(first)")
        #expect(first.stdout.isEmpty, "\(first)")
        var records = try workspace.records()
        #expect(records.count == 1)
        let record = try #require(records.first)
        #expect(record["classification"] as? String == "surveyReply")
        let rating = record["rating"] as? [String: Any]
        #expect(rating?["scale"] as? String == "smiley")
        #expect(rating?["value"] as? Int == 3, "positive is 3 on the smiley scale: \(record)")
        #expect(record["recipientEmail"] as? String == "jane.doe@example.com")
        #expect(record["ticketID"] as? String == "T-10421", "ticket taken from what was sent: \(record)")
        #expect((record["comment"] as? String)?.contains("stable all week") == true, "\(record)")
        #expect(
            (record["comment"] as? String)?.contains("How did we do") != true,
            "quoted history is not the comment: \(record)"
        )

        let again = try await workspace.ingest(reply)
        #expect(again.status == 0 && !again.signaled, "\(again)")
        #expect(again.stdout.isEmpty)
        records = try workspace.records()
        #expect(records.count == 1, "the same Message-ID twice is one record")
    }

    @Test("a reply found only by In-Reply-To (no token address) is matched to its survey")
    func replyByInReplyTo() async throws {
        let (workspace, sent) = try await Self.surveyed()
        let pieter = try #require(sent["pieter@example.nl"])
        let reply = replyMessage(
            from: "Pieter <pieter@example.nl>",
            to: "Support <support@example.com>",
            messageID: "reply-pieter@mail.example.nl",
            extraHeaders: ["In-Reply-To: \(pieter.messageID)"],
            body: "Terrible, nobody called me back."
        )
        let result = try await workspace.ingest(reply)
        #expect(result.status == 0 && result.stdout.isEmpty, "\(result)")
        let record = try #require(try workspace.records().first)
        #expect(record["recipientEmail"] as? String == "pieter@example.nl", "\(record)")
        #expect(record["surveyID"] as? String == "support")
        #expect((record["rating"] as? [String: Any])?["value"] as? Int == 1, "'Terrible' reads as negative: \(record)")
    }

    @Test(
        "garbage and empty input are quarantined byte for byte (exit 0, nothing on stdout)",
        arguments: [
            (
                "garbage",
                Array("\u{0}\u{1}binary\u{FF}".utf8) + [0xFF, 0xFE, 0x00, 0x80, 0x0D, 0x0A, 0x0D]
                    + Array("no headers at all".utf8)
            ),
            ("empty", [UInt8]()),
        ]
    )
    func quarantined(_ name: String, _ bytes: [UInt8]) async throws {
        let (workspace, _) = try await Self.surveyed()
        let result = try await workspace.ingest(bytes)
        #expect(result.status == 0 && !result.signaled, "\(name): \(result)")
        #expect(result.stdout.isEmpty, "\(name): \(result)")
        #expect(try workspace.records().isEmpty, "\(name) is not a record")
        let quarantine = workspace.data.appendingPathComponent("quarantine")
        let kept = try workspace.emlFiles(in: quarantine)
        #expect(kept.count == 1, "\(name): one quarantined message")
        if let file = kept.first {
            #expect(try Data(contentsOf: file) == Data(bytes), "\(name): the raw bytes are kept unchanged")
            let sidecar = file.deletingPathExtension().appendingPathExtension("json")
            #expect(FileManager.default.fileExists(atPath: sidecar.path), "\(name): the reason is kept beside it")
        }
    }

    @Test(
        "a reply whose token was altered is quarantined, not recorded; the envelope --recipient is searched for the token"
    )
    func alteredTokenAndEnvelope() async throws {
        let (workspace, sent) = try await Self.surveyed()
        let jane = try #require(sent["jane.doe@example.com"])
        var token = Array(jane.token)
        token[10] = token[10] == "A" ? "B" : "A"
        let forged = "feedback+\(String(token)).positive@\(Workspace.replyDomain)"
        let altered = replyMessage(
            from: "<mallory@example.org>",
            to: forged,
            messageID: "forged@example.org",
            body: "Great!"
        )
        let result = try await workspace.ingest(altered)
        #expect(result.status == 0 && result.stdout.isEmpty, "\(result)")
        #expect(try workspace.records().isEmpty, "an altered token must not produce a rating")
        let kept = try workspace.emlFiles(in: workspace.data.appendingPathComponent("quarantine"))
        #expect(kept.count == 1)
        let sidecar = try kept.first.map {
            try String(contentsOf: $0.deletingPathExtension().appendingPathExtension("json"), encoding: .utf8)
        }
        #expect(sidecar?.contains("signature") == true, "the reason names the bad signature: \(sidecar ?? "")")

        // The relay's envelope recipient carries the token when the headers do not.
        let plain = replyMessage(
            from: "<jane.doe@example.com>",
            to: "Support <support@example.com>",
            messageID: "envelope@example.com",
            body: "All good now, thank you."
        )
        let viaEnvelope = try await workspace.run(["ingest", "--recipient", jane.replyTo], stdin: plain)
        #expect(viaEnvelope.status == 0 && viaEnvelope.stdout.isEmpty, "\(viaEnvelope)")
        let record = try #require(try workspace.records().first)
        #expect(record["recipientEmail"] as? String == "jane.doe@example.com", "\(record)")
        #expect(record["surveyID"] as? String == "support")
    }

    @Test("an auto-reply is stored as autoReply without a rating")
    func autoReply() async throws {
        let (workspace, sent) = try await Self.surveyed()
        let claire = try #require(sent["claire.dubois@example.fr"])
        let message = replyMessage(
            from: "Claire Dubois <claire.dubois@example.fr>",
            to: claire.replyTo,
            messageID: "ooo-claire@example.fr",
            subject: "Absence du bureau / Out of office",
            extraHeaders: ["Auto-Submitted: auto-replied", "In-Reply-To: \(claire.messageID)"],
            body: "I am out of the office until Monday. Great, thanks!\nJe suis absente jusqu'à lundi."
        )
        let result = try await workspace.ingest(message)
        #expect(result.status == 0 && result.stdout.isEmpty, "\(result)")
        let records = try workspace.records()
        #expect(records.count == 1)
        let record = try #require(records.first)
        #expect(record["classification"] as? String == "autoReply", "\(record)")
        #expect(record["rating"] == nil, "an auto-reply's words are not a rating: \(record)")
        #expect(record["recipientEmail"] as? String == "claire.dubois@example.fr")
    }

    /// A small RFC 3464 delivery status notification for `failed` sent to `bounces+TOKEN@replyDomain`.
    static func dsn(for survey: SentSurvey, messageID: String = "dsn-0001@mx.example.nl") -> [UInt8] {
        let boundary = "dsn-boundary-0001"
        let text = """
            Return-Path: <>
            From: Mail Delivery System <MAILER-DAEMON@mx.example.nl>
            To: bounces+\(survey.token)@\(Workspace.replyDomain)
            Subject: Undelivered Mail Returned to Sender
            Date: Tue, 25 Nov 2025 10:05:00 +0100
            Message-ID: <\(messageID)>
            Auto-Submitted: auto-replied
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="\(boundary)"

            --\(boundary)
            Content-Type: text/plain; charset=us-ascii

            This is the mail system at host mx.example.nl.
            Your message could not be delivered to one or more recipients.

            <\(survey.to)>: host mx.example.nl said: 550 5.1.1 User unknown

            --\(boundary)
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.nl
            Arrival-Date: Tue, 25 Nov 2025 10:04:58 +0100

            Final-Recipient: rfc822; \(survey.to)
            Original-Recipient: rfc822; \(survey.to)
            Action: failed
            Status: 5.1.1
            Remote-MTA: dns; mx.example.nl
            Diagnostic-Code: smtp; 550 5.1.1 <\(survey.to)>: Recipient address rejected: User unknown

            --\(boundary)
            Content-Type: text/rfc822-headers

            From: Support <support@example.com>
            To: \(survey.to)
            Message-ID: \(survey.messageID)
            Subject: How did we do?

            --\(boundary)--

            """
        return Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }

    @Test("a bounce to bounces+TOKEN suppresses the address, and a later send skips it")
    func bounceSuppresses() async throws {
        let (workspace, sent) = try await Self.surveyed()
        let pieter = try #require(sent["pieter@example.nl"])
        let result = try await workspace.ingest(Self.dsn(for: pieter))
        #expect(result.status == 0 && !result.signaled, "\(result)")
        #expect(result.stdout.isEmpty)
        let suppression = try String(
            contentsOf: workspace.data.appendingPathComponent("suppression.jsonl"),
            encoding: .utf8
        )
        let entries = suppression.split(separator: "\n")
        #expect(entries.count == 1, "\(suppression)")
        #expect(!suppression.contains("pieter"), "the list holds a keyed hash, never the address: \(suppression)")
        #expect(try await workspace.suppressionReason("pieter@example.nl") == "hardBounce")
        #expect(try await workspace.suppressionReason("jane.doe@example.com") == nil)
        let record = try #require(try workspace.records().first)
        #expect(record["classification"] as? String == "bounce", "\(record)")
        #expect((record["bounce"] as? [String: Any])?["statusCode"] as? String == "5.1.1", "\(record)")

        // A new list with the bounced address and a new one: only the new one is sent.
        let csv = try workspace.write(
            "followup.csv",
            "email,name\npieter@example.nl,Pieter\nnew.person@example.org,New\n"
        )
        let outbox = workspace.path("out2")
        let send = try await workspace.run([
            "send", "--survey", "support", "--recipients", csv.path, "--to", "outbox:" + outbox.path,
        ])
        #expect(send.status == 0, "\(send)")
        #expect(SendOutboxTests.summaryCount("skipped: suppressed", in: send.out) == 1, "\(send)")
        #expect(SendOutboxTests.summaryCount("accepted", in: send.out) == 1, "\(send)")
        #expect(try workspace.emlFiles(in: outbox).map { try SentSurvey(file: $0).to } == ["new.person@example.org"])
    }

    @Test("a reply to feedback+TOKEN.unsubscribe suppresses the address as unsubscribed")
    func unsubscribe() async throws {
        let (workspace, sent) = try await Self.surveyed()
        let mueller = try #require(sent["m.mueller@example.de"])
        let message = replyMessage(
            from: "Jürgen Müller <m.mueller@example.de>",
            to: Self.ratedAddress(mueller, "unsubscribe"),
            messageID: "unsub-mueller@example.de",
            subject: "unsubscribe",
            body: ""
        )
        let result = try await workspace.ingest(message)
        #expect(result.status == 0 && result.stdout.isEmpty, "\(result)")
        let suppression = try String(
            contentsOf: workspace.data.appendingPathComponent("suppression.jsonl"),
            encoding: .utf8
        )
        #expect(!suppression.contains("mueller") && suppression.contains("unsubscribed"), "\(suppression)")
        #expect(try await workspace.suppressionReason("M.Mueller@example.de") == "unsubscribed")
        #expect(try workspace.records().first?["classification"] as? String == "unsubscribe")
    }

    @Test("a data folder that cannot be created exits 75 and keeps nothing half-done; the relay's retry then stores it")
    func unwritableDataFolder() async throws {
        let (workspace, sent) = try await Self.surveyed()
        let lucia = try #require(sent["lucia@example.es"])
        let reply = replyMessage(
            from: "Lucía <lucia@example.es>",
            to: Self.ratedAddress(lucia, "neutral"),
            messageID: "reply-lucia@example.es",
            body: "Funciona, pero tardó mucho."
        )
        // dataDirectory below a regular file: mkdir fails with ENOTDIR even for root, for records and quarantine.
        let blocker = workspace.path("blocker")
        try Data("not a folder".utf8).write(to: blocker)
        try workspace.editConfig { $0["dataDirectory"] = "blocker/data" }
        let failed = try await workspace.ingest(reply)
        #expect(failed.status == 75 && !failed.signaled, "EX_TEMPFAIL: \(failed)")
        #expect(failed.stdout.isEmpty, "\(failed)")
        #expect(failed.errLines.count >= 1 && failed.err.contains("blocker"), "stderr names the path: \(failed)")
        // Exit 75 is the contract that keeps the message: Postfix's pipe(8) (and procmail, fetchmail, …) leave it
        // in the queue and retry later. Smiley must not have consumed it elsewhere: the blocker is untouched …
        #expect(try Data(contentsOf: blocker) == Data("not a folder".utf8))
        // … and the relay's retry, once the folder is fixed, stores the same bytes.
        try FileManager.default.removeItem(at: blocker)
        try FileManager.default.createDirectory(at: blocker, withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: workspace.data, to: blocker.appendingPathComponent("data"))
        let retried = try await workspace.ingest(reply)
        #expect(retried.status == 0 && retried.stdout.isEmpty, "\(retried)")
        let records = workspace.allFiles(below: blocker.appendingPathComponent("data/records")).filter {
            $0.hasSuffix(".json")
        }
        #expect(records.count == 1, "the retried message is stored: \(records)")
    }

    @Test("records/ replaced by a file: the reply cannot be stored, so it is quarantined whole (exit 0)")
    func recordsFolderIsAFile() async throws {
        let (workspace, sent) = try await Self.surveyed()
        let ken = try #require(sent["ken@example.jp"])
        let reply = replyMessage(
            from: "Ken <ken@example.jp>",
            to: Self.ratedAddress(ken, "negative"),
            messageID: "reply-ken@example.jp",
            body: "Outlook still crashes."
        )
        try Data().write(to: workspace.data.appendingPathComponent("records"))
        let result = try await workspace.ingest(reply)
        #expect(result.stdout.isEmpty, "\(result)")
        let kept = try workspace.emlFiles(in: workspace.data.appendingPathComponent("quarantine"))
        if result.status == 0 {
            #expect(
                kept.count == 1 && (try? Data(contentsOf: kept[0])) == Data(reply),
                "exit 0 only when the message is kept: \(result)"
            )
        } else {
            #expect(result.status == 75, "otherwise the relay must be told to retry: \(result)")
        }
    }
}
