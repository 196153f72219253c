/// The per-connection state libcurl's callbacks reach through an `Unmanaged` pointer: the message being
/// uploaded and the server replies seen during the current transfer.
///
/// It lives as long as its ``SMTPConnection`` (which outlives every transfer), so the pointer given to
/// libcurl as READDATA/DEBUGDATA is always valid while libcurl can call back.
final class SMTPTransferContext {
    /// The message being sent (CRLF line ends; libcurl dot-stuffs and adds the final ".").
    var message: [UInt8] = []
    /// How many bytes of `message` libcurl has read.
    var offset = 0
    /// The last complete reply of this transfer (code and text, continuation lines joined by a space).
    var lastReply: (code: Int, text: String)?
    /// The last 4xx/5xx reply of this transfer: the refusal that failed it (libcurl may send QUIT after it,
    /// so it is not necessarily the last reply).
    var lastRefusal: (code: Int, text: String)?
    /// Whether any reply arrived during this transfer (none means the server was never reached).
    var sawReply = false
    /// Reply lines of a multi-line reply not yet finished, and a partial line.
    private var pendingLines: [String] = []
    private var partial: [UInt8] = []

    /// Starts a new transfer.
    func reset(message: [UInt8]) {
        self.message = message
        offset = 0
        lastReply = nil
        lastRefusal = nil
        sawReply = false
        pendingLines.removeAll(keepingCapacity: true)
        partial.removeAll(keepingCapacity: true)
    }

    /// Copies up to `capacity` bytes of the message to `buffer`; returns how many (0 at the end).
    func read(into buffer: UnsafeMutableRawPointer, capacity: Int) -> Int {
        let count = min(capacity, message.count - offset)
        guard count > 0 else { return 0 }
        message.withUnsafeBytes { bytes in
            buffer.copyMemory(from: bytes.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }

    /// Takes bytes the server sent (libcurl's CURLINFO_HEADER_IN) and records completed replies.
    func receive(_ bytes: UnsafeRawBufferPointer) {
        for byte in bytes {
            if byte == 0x0A {
                if partial.last == 0x0D { partial.removeLast() }
                line(String(decoding: partial, as: UTF8.self))
                partial.removeAll(keepingCapacity: true)
            } else {
                partial.append(byte)
            }
        }
    }

    /// One reply line: "250-text" continues, "250 text" (or "250") ends a reply.
    private func line(_ text: String) {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 3, let code = Int(String(decoding: utf8[0..<3], as: UTF8.self)) else { return }
        sawReply = true
        let separator: UInt8? = utf8.count > 3 ? utf8[3] : nil
        let rest = utf8.count > 4 ? String(decoding: utf8[4...], as: UTF8.self) : ""
        pendingLines.append(rest)
        if separator != UInt8(ascii: "-") {
            lastReply = (code, pendingLines.filter { !$0.isEmpty }.joined(separator: " "))
            if code >= 400 { lastRefusal = lastReply }
            pendingLines.removeAll(keepingCapacity: true)
        }
    }
}
