/// One complete SMTP reply: its code and its text, the lines of a multi-line reply joined by a space.
struct SMTPReply: Sendable, Equatable {
    /// The three-digit code, e.g. 250.
    let code: Int
    /// The text after the code, e.g. "2.0.0 Ok: queued as 4F2C81A2B3".
    let text: String
    /// Every line's text, in order (the EHLO reply's lines are the server's extensions).
    let lines: [String]

    /// 2xx.
    var isPositive: Bool { (200..<300).contains(code) }
}

/// Turns the bytes a server sends into ``SMTPReply`` values: `250-text` continues a reply, `250 text` (or a
/// bare `250`) ends it. Lines may arrive in any pieces; a line that does not start with three digits is
/// ignored (RFC 5321 allows nothing else, and a reply must never be invented from it).
struct SMTPReplyParser {
    private var partial: [UInt8] = []
    private var lines: [String] = []

    /// Feeds bytes; returns the replies they complete, in order.
    mutating func feed(_ bytes: UnsafeRawBufferPointer) -> [SMTPReply] {
        var replies: [SMTPReply] = []
        var start = 0
        let count = bytes.count
        while start < count {
            var end = start
            while end < count, bytes[end] != 0x0A { end += 1 }
            partial.append(contentsOf: bytes[start..<end])
            guard end < count else { break }
            if partial.last == 0x0D { partial.removeLast() }
            if let reply = line() { replies.append(reply) }
            partial.removeAll(keepingCapacity: true)
            start = end + 1
        }
        return replies
    }

    /// Forgets a partial line or reply (after the connection is dropped).
    mutating func reset() {
        partial.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
    }

    private mutating func line() -> SMTPReply? {
        guard partial.count >= 3, partial[0..<3].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let code = Int(partial[0] - 0x30) * 100 + Int(partial[1] - 0x30) * 10 + Int(partial[2] - 0x30)
        let continues = partial.count > 3 && partial[3] == UInt8(ascii: "-")
        lines.append(partial.count > 4 ? String(decoding: partial[4...], as: UTF8.self) : "")
        guard !continues else { return nil }
        defer { lines.removeAll(keepingCapacity: true) }
        return SMTPReply(code: code, text: lines.filter { !$0.isEmpty }.joined(separator: " "), lines: lines)
    }
}

/// The replies libcurl saw while it opened a connection (greeting, EHLO, STARTTLS, AUTH), collected by the
/// header callback. It lives as long as its ``SMTPConnection``, so the pointer libcurl holds stays valid.
final class SMTPConnectTranscript {
    private var parser = SMTPReplyParser()
    /// Every reply of the current connection attempt, in order.
    private(set) var replies: [SMTPReply] = []

    /// Starts a new connection attempt.
    func reset() {
        parser.reset()
        replies.removeAll(keepingCapacity: true)
    }

    /// Takes bytes libcurl passed to the header callback.
    func receive(_ bytes: UnsafeRawBufferPointer) {
        replies += parser.feed(bytes)
    }

    /// The last 4xx/5xx reply: why a login or STARTTLS failed.
    var lastRefusal: SMTPReply? { replies.last { $0.code >= 400 } }

    /// Whether the server's last EHLO reply lists PIPELINING (RFC 2920). The EHLO reply is the last
    /// multi-line 250 (after STARTTLS the server is asked again, and only the second answer counts).
    var offersPipelining: Bool {
        guard let ehlo = replies.last(where: { $0.code == 250 && $0.lines.count > 1 }) else { return false }
        return ehlo.lines.dropFirst().contains { line in
            let keyword = line.split(separator: " ", maxSplits: 1).first ?? ""
            return keyword.uppercased() == "PIPELINING"
        }
    }
}
