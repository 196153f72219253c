import Foundation
import Testing

@testable import SmileyMail

/// SMTPConnection against real servers on 127.0.0.1: aiosmtpd (scripted replies) and Postfix's smtp-sink.
/// Tests that take `pipelining` run against a server that offers PIPELINING (commands sent together) and one
/// that does not (one command per round trip): both dialogues must behave the same.
@Suite(.serialized)
struct SMTPConnectionTests {
    private func connection(_ url: String, transfer: Duration = .seconds(20)) throws -> SMTPConnection {
        try SMTPConnection(
            configuration: SMTPConfiguration(
                url: url,
                timeout: .init(connect: .seconds(5), transfer: transfer),
                heloName: "smiley.test"
            )
        )
    }

    @Test func refusedConnectionIsTransientAndUnreachable() throws {
        let port = try freePort()
        let smtp = try connection("smtp://127.0.0.1:\(port)")
        let error = try #require(throws: SMTPError.self) {
            try smtp.send(
                message: testMessage(id: "r@t", to: "a@example.org"),
                from: "s@example.org",
                to: "a@example.org"
            )
        }
        #expect(error.curlCode == 7)
        #expect(error.isTransient && error.isServerUnreachable && !error.isPermanent)
        #expect(error.replyCode == nil)
        #expect(error.description.contains("Could not connect to smtp://127.0.0.1:\(port)"))
    }

    @Test(arguments: [false, true])
    func acceptanceCarriesReplyAndQueueID(pipelining: Bool) throws {
        let server = try ScriptedSMTPServer(pipelining: pipelining)
        let smtp = try connection(server.url)
        let message = testMessage(id: "first@smiley.test", to: "ann@example.org")
        let acceptance = try smtp.send(message: message, from: "bounce@example.org", to: "ann@example.org")
        #expect(acceptance.code == 250)
        #expect(acceptance.text == "2.0.0 Ok: queued as Q1")
        #expect(acceptance.queueID == "Q1")
        let accepted = try server.events("accepted")
        #expect(accepted.count == 1)
        #expect(accepted.first?["message_id"] as? String == "<first@smiley.test>")
        #expect(accepted.first?["sender"] as? String == "bounce@example.org")
        // The server un-stuffs the leading dot: it holds exactly the bytes that were sent.
        #expect(accepted.first?["size"] as? Int == message.count)
        #expect(try server.events("ehlo").first?["name"] as? String == "smiley.test")
        // DATA arrives together with MAIL and RCPT exactly when the server offered PIPELINING.
        #expect(try server.events("rcpt").map { $0["data_waiting"] as? Bool } == [pipelining])
    }

    @Test(arguments: [550, 553, 554], [false, true])
    func permanentRefusalCarriesServerReply(code: Int, pipelining: Bool) throws {
        let server = try ScriptedSMTPServer(pipelining: pipelining)
        let smtp = try connection(server.url)
        let to = "fail\(code)@example.org"
        let error = try #require(throws: SMTPError.self) {
            try smtp.send(message: testMessage(id: "p\(code)@t", to: to), from: "b@example.org", to: to)
        }
        #expect(error.replyCode == code)
        #expect(error.replyText?.contains("Recipient address rejected: User unknown") == true)
        #expect(error.isPermanent && !error.isTransient && !error.isRateLimit)
        #expect(error.recipient == to)
        #expect(error.description.contains("permanently"))
        #expect(try server.acceptedRecipients().isEmpty)
    }

    @Test(arguments: [451, 452], [false, true])
    func temporaryRefusalIsTransient(code: Int, pipelining: Bool) throws {
        let server = try ScriptedSMTPServer(pipelining: pipelining)
        let smtp = try connection(server.url)
        let to = "defer\(code)@example.org"
        let error = try #require(throws: SMTPError.self) {
            try smtp.send(message: testMessage(id: "t\(code)@t", to: to), from: "b@example.org", to: to)
        }
        #expect(error.replyCode == code)
        #expect(error.isTransient && !error.isPermanent && !error.isRateLimit)
        #expect(error.replyText?.contains("Temporary failure") == true)
    }

    @Test(arguments: [false, true])
    func rateLimitReplyIsRecognised(pipelining: Bool) throws {
        let server = try ScriptedSMTPServer(pipelining: pipelining)
        let smtp = try connection(server.url)
        let error = try #require(throws: SMTPError.self) {
            try smtp.send(
                message: testMessage(id: "rl@t", to: "rate421@example.org"),
                from: "b@example.org",
                to: "rate421@example.org"
            )
        }
        #expect(error.replyCode == 421)
        #expect(error.isRateLimit && error.isTransient)
        #expect(error.description.contains("asked to slow down"))
    }

    @Test(arguments: [false, true])
    func droppedConnectionInDataIsTransientAndNextSendReconnects(pipelining: Bool) throws {
        let server = try ScriptedSMTPServer(pipelining: pipelining)
        let smtp = try connection(server.url)
        let error = try #require(throws: SMTPError.self) {
            try smtp.send(
                message: testMessage(id: "d@t", to: "dropx1@example.org"),
                from: "b@example.org",
                to: "dropx1@example.org"
            )
        }
        #expect(error.isTransient && !error.isPermanent && !error.isServerUnreachable)
        #expect([52, 55, 56].contains(error.curlCode ?? 0), "curl code \(error.curlCode ?? 0): \(error)")
        let acceptance = try smtp.send(
            message: testMessage(id: "d2@t", to: "dropx1@example.org"),
            from: "b@example.org",
            to: "dropx1@example.org"
        )
        #expect(acceptance.code == 250)
        #expect(try server.events("dropped").count == 1)
        #expect(try server.events("ehlo").count == 2, "a new connection after the drop")
    }

    @Test(arguments: [false, true])
    func slowServerTimesOutWithText(pipelining: Bool) throws {
        let server = try ScriptedSMTPServer(slowSeconds: 5, pipelining: pipelining)
        let smtp = try connection(server.url, transfer: .seconds(1))
        let started = Date()
        let error = try #require(throws: SMTPError.self) {
            try smtp.send(
                message: testMessage(id: "s@t", to: "slow@example.org"),
                from: "b@example.org",
                to: "slow@example.org"
            )
        }
        #expect(Date().timeIntervalSince(started) < 4)
        #expect(error.curlCode == 28)
        #expect(error.curlMessage?.contains("Timeout was reached") == true)
        #expect(error.isTransient && !error.isServerUnreachable)
        #expect(error.description.contains("did not answer in time"))
    }

    @Test(arguments: [false, true])
    func oneConnectionCarriesManyMessages(pipelining: Bool) throws {
        let server = try ScriptedSMTPServer(pipelining: pipelining)
        do {
            let smtp = try connection(server.url)
            for i in 0..<50 {
                let to = "r\(i)@example.org"
                _ = try smtp.send(message: testMessage(id: "m\(i)@t", to: to), from: "b@example.org", to: to)
            }
        }
        #expect(try server.acceptedRecipients() == (0..<50).map { "r\($0)@example.org" })
        #expect(try server.events("ehlo").count == 1)
        let connections = Set(try server.events("accepted").compactMap { $0["conn"] as? Int })
        #expect(connections.count == 1)
    }

    @Test(arguments: [false, true])
    func refusalsLeaveTheConnectionUsableForTheNextMessage(pipelining: Bool) throws {
        let server = try ScriptedSMTPServer(pipelining: pipelining)
        let smtp = try connection(server.url)
        for (index, to) in [
            "fail550@example.org", "defer451@example.org", "ok1@example.org",
            "fail553@example.org", "ok2@example.org",
        ].enumerated() {
            let message = testMessage(id: "x\(index)@t", to: to)
            if to.hasPrefix("ok") {
                #expect(try smtp.send(message: message, from: "b@example.org", to: to).code == 250)
            } else {
                #expect(throws: SMTPError.self) { try smtp.send(message: message, from: "b@example.org", to: to) }
            }
        }
        #expect(try server.acceptedRecipients() == ["ok1@example.org", "ok2@example.org"])
        #expect(try server.events("ehlo").count == 1, "a refusal does not cost a reconnect")
        #expect(Set(try server.events("accepted").compactMap { $0["conn"] as? Int }).count == 1)
    }

    @Test func smtpSinkSeesOneSessionForManyMessagesAndQuitAtCleanup() throws {
        let sink = try SMTPSink()
        var baseline = sink.counters()
        for _ in 0..<40 where baseline == nil {
            Thread.sleep(forTimeInterval: 0.05)
            baseline = sink.counters()
        }
        let before = try #require(baseline, "smtp-sink printed no counters after the greeting check")
        do {
            let smtp = try connection(sink.url)
            for i in 0..<300 {
                let acceptance = try smtp.send(
                    message: testMessage(id: "k\(i)@t", to: "x\(i)@example.org"),
                    from: "b@example.org",
                    to: "x\(i)@example.org"
                )
                #expect(acceptance.code == 250)
            }
        }
        var after = sink.counters()
        for _ in 0..<40 where after.map({ $0.sessions }) != before.sessions + 1 {
            Thread.sleep(forTimeInterval: 0.05)
            after = sink.counters()
        }
        let counters = try #require(after)
        #expect(counters.messages == before.messages + 300)
        #expect(counters.sessions == before.sessions + 1)
        #expect(counters.quits == before.quits + 1, "deinit sends QUIT")
    }

    @Test(arguments: [SMTPConfiguration.AuthMechanism.plain, .login])
    func loginWithPasswordFromEnvironmentAndFile(mechanism: SMTPConfiguration.AuthMechanism) throws {
        let server = try ScriptedSMTPServer(auth: "survey:s3cret")
        let file = try makeTemporaryDirectory().appendingPathComponent("password")
        try Data("s3cret\n".utf8).write(to: file)
        let good = try SMTPConnection(
            configuration: SMTPConfiguration(
                url: server.url,
                username: "survey",
                password: .file(file.path),
                authMechanism: mechanism
            )
        )
        let acceptance = try good.send(
            message: testMessage(id: "a@t", to: "ok@example.org"),
            from: "b@example.org",
            to: "ok@example.org"
        )
        #expect(acceptance.code == 250)
        let wrong = try makeTemporaryDirectory().appendingPathComponent("password")
        try Data("nope".utf8).write(to: wrong)
        let bad = try SMTPConnection(
            configuration: SMTPConfiguration(
                url: server.url,
                username: "survey",
                password: .file(wrong.path),
                authMechanism: mechanism
            )
        )
        let error = try #require(throws: SMTPError.self) {
            try bad.send(
                message: testMessage(id: "b@t", to: "ok@example.org"),
                from: "b@example.org",
                to: "ok@example.org"
            )
        }
        #expect(error.replyCode == 535)
        #expect(error.description.contains("refused the login"))
        let auths = try server.events("auth")
        #expect(auths.map { $0["ok"] as? Bool } == [true, false])
        #expect(auths.allSatisfy { $0["mechanism"] as? String == mechanism.rawValue })
    }
}
