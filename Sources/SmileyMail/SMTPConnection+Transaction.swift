internal import CCurl

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

extension SMTPConnection {
    /// One mail transaction over an open connection.
    ///
    /// With PIPELINING, `[RSET] MAIL RCPT DATA` go out in one write and their replies are read in order;
    /// without it each command waits for its reply and the first refusal ends the transaction. The message
    /// goes out only after `354`. A refusal leaves the connection open (``needsReset``); a broken or silent
    /// connection throws ``SMTPWire/Failure``.
    func transact(
        over wire: SMTPWire,
        message: [UInt8],
        from sender: String,
        to recipient: String,
        deadline: ContinuousClock.Instant
    ) throws -> SMTPAcceptance {
        var commands: [String] = []
        if needsReset { commands.append("RSET") }
        commands += ["MAIL FROM:<\(sender)>", "RCPT TO:<\(recipient)>", "DATA"]
        needsReset = true
        var replies: [SMTPReply] = []
        if wire.pipelining {
            outgoing.removeAll(keepingCapacity: true)
            for command in commands {
                outgoing += command.utf8
                outgoing += [0x0D, 0x0A]
            }
            try wire.write(outgoing, deadline: deadline)
            for _ in commands { replies.append(try wire.reply(deadline: deadline)) }
        } else {
            for command in commands {
                try wire.write(Array(command.utf8) + [0x0D, 0x0A], deadline: deadline)
                let reply = try wire.reply(deadline: deadline)
                replies.append(reply)
                if !(reply.isPositive || reply.code == 354) { break }
            }
        }
        // The first command refused: DATA must answer 354, the others 2xx.
        let names = commands.map { String($0.prefix { $0 != ":" }) }
        let refused = replies.indices.first { index in
            names[index] == "DATA" ? replies[index].code != 354 : !replies[index].isPositive
        }
        if let refused {
            if replies.count == commands.count, replies[replies.count - 1].code == 354 {
                // A server that says 354 after refusing the sender or recipient gets an empty message to drop.
                try wire.write(Array(".\r\n".utf8), deadline: deadline)
                _ = try wire.reply(deadline: deadline)
            }
            throw refusal(replies[refused], command: names[refused], recipient: recipient)
        }
        outgoing.removeAll(keepingCapacity: true)
        Self.appendDotStuffed(message, to: &outgoing)
        try wire.write(outgoing, deadline: deadline)
        let final = try wire.reply(deadline: deadline)
        needsReset = false
        guard final.isPositive else { throw refusal(final, command: "end of DATA", recipient: recipient) }
        return SMTPAcceptance(code: final.code, text: final.text)
    }

    /// The SMTPError for a refusing reply (libcurl reports these as CURLE_SEND_ERROR, and so do we).
    private func refusal(_ reply: SMTPReply, command: String, recipient: String) -> SMTPError {
        let code = command == "end of DATA" ? CURLE_WEIRD_SERVER_REPLY : CURLE_SEND_ERROR
        return SMTPError(
            transferFailure: Int(code.rawValue),
            curlMessage: "\(library.describe(code)): \(command) failed: \(reply.code)",
            replyCode: reply.code,
            replyText: reply.text,
            serverAnswered: true,
            server: server,
            recipient: recipient
        )
    }

    /// Appends `message` as DATA content: a `.` doubled at the start of every line (RFC 5321 4.5.2), a CRLF
    /// added when the message lacks a final one, then the `.` line that ends it.
    static func appendDotStuffed(_ message: [UInt8], to out: inout [UInt8]) {
        out.reserveCapacity(out.count + message.count + message.count / 64 + 8)
        message.withUnsafeBufferPointer { bytes in
            var copied = 0
            var lineStart = 0
            let count = bytes.count
            while lineStart < count {
                if bytes[lineStart] == UInt8(ascii: ".") {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<lineStart]))
                    out.append(UInt8(ascii: "."))
                    copied = lineStart
                }
                guard let newline = memchr(bytes.baseAddress! + lineStart, 0x0A, count - lineStart) else { break }
                lineStart = bytes.baseAddress!.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
        }
        if !(message.count >= 2 && message[message.count - 2] == 0x0D && message[message.count - 1] == 0x0A) {
            if message.last == 0x0D { out.append(0x0A) } else if !message.isEmpty { out += [0x0D, 0x0A] }
        }
        out += Array(".\r\n".utf8)
    }
}
