internal import CCurl

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// An open SMTP connection that libcurl established (`CURLOPT_CONNECT_ONLY`: TCP, TLS or STARTTLS, EHLO and
/// AUTH are libcurl's) and that Smiley then speaks over with `curl_easy_send` / `curl_easy_recv`, so the
/// bytes still go through libcurl's TLS layer.
///
/// libcurl's own SMTP transfer waits for a reply after every command: four round trips per message.
/// RFC 2920 PIPELINING lets a client send MAIL, RCPT and DATA together, which halves them; libcurl does not
/// implement it, hence this layer.
final class SMTPWire {
    /// Why the connection cannot be used any more.
    enum Failure: Error {
        /// No bytes moved before the deadline.
        case timedOut
        /// The server closed the connection.
        case closed
        /// `curl_easy_send` failed with this code.
        case sendFailed(CURLcode)
        /// `curl_easy_recv` (or polling the socket) failed with this code.
        case receiveFailed(CURLcode)
    }

    private let library: CurlLibrary
    private let handle: UnsafeMutableRawPointer
    private let socket: Int32
    /// Whether the server's EHLO listed PIPELINING.
    let pipelining: Bool
    private var parser = SMTPReplyParser()
    private var ready: [SMTPReply] = []
    private var nextReady = 0
    private var receiveBuffer = [UInt8](repeating: 0, count: 16 * 1024)

    /// Takes over a handle on which a `CURLOPT_CONNECT_ONLY` perform succeeded; cleans it up in `deinit`.
    init?(library: CurlLibrary, handle: UnsafeMutableRawPointer, pipelining: Bool) {
        let socket = ccurl_active_socket(library.api, handle)
        guard socket >= 0 else { return nil }
        self.library = library
        self.handle = handle
        self.socket = socket
        self.pipelining = pipelining
    }

    deinit {
        library.api.pointee.easy_cleanup!(handle)
    }

    /// Writes all of `bytes`, waiting for the socket when the kernel's buffer is full.
    func write(_ bytes: [UInt8], deadline: ContinuousClock.Instant) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            var sent = 0
            let code = bytes.withUnsafeBytes { raw in
                library.api.pointee.easy_send!(handle, raw.baseAddress! + offset, raw.count - offset, &sent)
            }
            switch code {
            case CURLE_OK: offset += sent
            case CURLE_AGAIN: try wait(for: Int16(POLLOUT), until: deadline)
            default: throw .sendFailed(code)
            }
        }
    }

    /// The next complete reply, reading from the server as needed.
    func reply(deadline: ContinuousClock.Instant) throws(Failure) -> SMTPReply {
        while nextReady == ready.count {
            ready.removeAll(keepingCapacity: true)
            nextReady = 0
            var received = 0
            let capacity = receiveBuffer.count
            let code = receiveBuffer.withUnsafeMutableBytes { raw in
                library.api.pointee.easy_recv!(handle, raw.baseAddress!, capacity, &received)
            }
            switch code {
            case CURLE_OK:
                guard received > 0 else { throw .closed }
                ready = receiveBuffer.withUnsafeBytes { raw in
                    parser.feed(UnsafeRawBufferPointer(rebasing: raw[0..<received]))
                }
            case CURLE_AGAIN:
                try wait(for: Int16(POLLIN), until: deadline)
            default:
                throw .receiveFailed(code)
            }
        }
        defer { nextReady += 1 }
        return ready[nextReady]
    }

    /// Says goodbye (QUIT, then waits briefly for 221 so the server logs a clean end). Best effort.
    func quit() {
        let deadline = ContinuousClock.now + .seconds(1)
        do {
            try self.write(Array("QUIT\r\n".utf8), deadline: deadline)
            _ = try reply(deadline: deadline)
        } catch {
            // The connection is going away either way.
        }
    }

    /// Blocks until the socket is ready for `events` or the deadline passes.
    private func wait(for events: Int16, until deadline: ContinuousClock.Instant) throws(Failure) {
        while true {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { throw .timedOut }
            let (seconds, attoseconds) = left.components
            let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            var descriptor = pollfd(fd: socket, events: events, revents: 0)
            let result = poll(&descriptor, 1, milliseconds)
            if result > 0 { return }
            if result == 0 { continue }
            if errno == EINTR { continue }
            throw .receiveFailed(CURLE_RECV_ERROR)
        }
    }
}
