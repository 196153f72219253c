import Foundation
import Testing

/// Talking to a running ``PostfixRelay``: SMTP submission, its log, its queue, and waiting on them.
extension PostfixRelay {
    /// What a Postfix command printed.
    struct CommandResult {
        let status: Int32
        let out: String
        let err: String
    }

    /// Runs a program to the end and returns what it printed; kills it after `timeout` seconds (a Postfix command
    /// waits for a service the master may never start).
    static func run(_ program: String, _ arguments: [String], timeout: Double = 20) throws -> CommandResult {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("postfix-run-\(UUID().uuidString)")
        let (outFile, errFile) = (scratch.appendingPathExtension("out"), scratch.appendingPathExtension("err"))
        for file in [outFile, errFile] where !FileManager.default.createFile(atPath: file.path, contents: nil) {
            throw HarnessError("cannot create \(file.path)")
        }
        defer { for file in [outFile, errFile] { try? FileManager.default.removeItem(at: file) } }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        let (output, errors) = (try FileHandle(forWritingTo: outFile), try FileHandle(forWritingTo: errFile))
        process.standardOutput = output
        process.standardError = errors
        defer {
            try? output.close()
            try? errors.close()
        }
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        let timedOut = process.isRunning
        if timedOut { process.terminate() }
        process.waitUntilExit()
        let out = String(decoding: (try? Data(contentsOf: outFile)) ?? Data(), as: UTF8.self)
        let err = String(decoding: (try? Data(contentsOf: errFile)) ?? Data(), as: UTF8.self)
        guard !timedOut else {
            throw HarnessError("\(program) \(arguments.joined(separator: " ")) did not end within \(timeout) s: \(err)")
        }
        return CommandResult(status: process.terminationStatus, out: out, err: err)
    }

    /// Sends `message` over SMTP to the relay (Python's `smtplib`: EHLO, MAIL, one RCPT per recipient, DATA) and
    /// returns the queue id from Postfix's reply to the final dot.
    /// - Parameters:
    ///   - message: the message with CRLF line ends.
    ///   - sender: the envelope sender; empty for a bounce (`MAIL FROM:<>`).
    ///   - recipients: the envelope recipients.
    func submit(_ message: [UInt8], from sender: String, to recipients: [String]) throws -> String {
        let file = folder.appendingPathComponent("submit-\(UUID().uuidString).eml")
        try Data(message).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = """
            import smtplib, sys
            port, sender, path, recipients = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
            with open(path, "rb") as f:
                message = f.read()
            client = smtplib.SMTP("127.0.0.1", port, timeout=20)
            client.ehlo("client.smiley.test")
            code, text = client.mail(sender)
            if code != 250:
                sys.exit(f"MAIL FROM:<{sender}> was answered {code} {text.decode()}")
            for recipient in recipients:
                code, text = client.rcpt(recipient)
                if code not in (250, 251):
                    sys.exit(f"RCPT TO:<{recipient}> was answered {code} {text.decode()}")
            code, text = client.data(message)
            if code != 250:
                sys.exit(f"DATA was answered {code} {text.decode()}")
            client.quit()
            print(text.decode())
            """
        let reply = try python(script, [String(port), sender, file.path] + recipients)
        // "2.0.0 Ok: queued as 4dQfGz3xYJzB1"
        guard let range = reply.range(of: "queued as "),
            let id = reply[range.upperBound...].split(whereSeparator: \.isWhitespace).first
        else {
            throw HarnessError("Postfix accepted the message but its reply names no queue id: \(reply)")
        }
        return String(id)
    }

    /// One delivery attempt the log shows: `QUEUEID: to=<…>, relay=…, dsn=…, status=STATUS (TEXT)`.
    struct Delivery {
        let recipient: String
        let dsn: String
        let status: String
        /// The whole log line.
        let line: String
    }

    /// Every delivery attempt of one queued message, in log order.
    func deliveries(of queueID: String) -> [Delivery] {
        let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line -> Delivery? in
            guard line.contains(" \(queueID): to=<") else { return nil }
            func field(_ name: String) -> String {
                guard let start = line.range(of: " \(name)=") else { return "" }
                let rest = line[start.upperBound...]
                return String(rest.prefix { $0 != "," && $0 != " " && $0 != ">" })
            }
            let to = line.range(of: "to=<").map { line[$0.upperBound...].prefix { $0 != ">" } } ?? ""
            return Delivery(recipient: String(to), dsn: field("dsn"), status: field("status"), line: String(line))
        }
    }

    /// One message in the queue, from `postqueue -j`.
    struct Queued {
        let id: String
        /// `incoming`, `active`, `deferred`, `hold` or `maildrop`.
        let queueName: String
        /// Why each recipient waits (empty until a delivery was deferred).
        let delayReasons: [String]
    }

    /// The messages in the queue.
    func queue() throws -> [Queued] {
        let result = try Self.run("/usr/sbin/postqueue", ["-c", configDirectory.path, "-j"])
        guard result.status == 0 else { throw HarnessError("postqueue -j failed: \(result.err)") }
        return try result.out.split(whereSeparator: \.isNewline).map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw HarnessError("postqueue -j printed a line that is not a JSON object: \(line)")
            }
            let recipients = object["recipients"] as? [[String: Any]] ?? []
            return Queued(
                id: object["queue_id"] as? String ?? "",
                queueName: object["queue_name"] as? String ?? "",
                delayReasons: recipients.compactMap { $0["delay_reason"] as? String }
            )
        }
    }

    /// Asks Postfix to retry every deferred message now (`postqueue -f`).
    func flush() throws {
        let result = try Self.run("/usr/sbin/postqueue", ["-c", configDirectory.path, "-f"])
        guard result.status == 0 else { throw HarnessError("postqueue -f failed: \(result.err)") }
    }

    /// Polls `condition` every 50 ms until it holds; throws after `timeout` seconds with the log's last lines.
    func waitUntil(_ what: String, timeout: Double = 15, _ condition: () throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while try !condition() {
            guard Date() < deadline else {
                throw HarnessError("Postfix: waited \(timeout) s for \(what). The log ends with:\n\(tailOfLog())")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Waits until the log shows the message delivered (`status=sent`) and the queue no longer holds it.
    func waitUntilDelivered(_ queueID: String, timeout: Double = 15) async throws {
        try await waitUntil("\(queueID) delivered and gone from the queue", timeout: timeout) {
            let sent = deliveries(of: queueID).contains { $0.status == "sent" }
            return try sent && !queue().contains { $0.id == queueID }
        }
    }
}
