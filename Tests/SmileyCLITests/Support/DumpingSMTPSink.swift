import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Postfix's `smtp-sink` on a free loopback port, writing every mail transaction it receives to its own file
/// (`-d`), so a test can count deliveries per recipient after the fact.
///
/// A dump file starts with smtp-sink's own `X-Rcpt-Args:` lines (one per RCPT) followed by the message; a
/// transaction cut off by a killed client can leave a partial file, so only files that hold the whole message
/// (its closing MIME boundary) count as deliveries.
///
/// `@unchecked Sendable`: it holds only constants, and what it reads is the dump folder the sink writes.
final class DumpingSMTPSink: @unchecked Sendable {
    let port: Int
    let dumps: URL
    private let process: Process

    /// Starts the sink; its dump folder is created inside `folder`.
    init(in folder: URL) throws {
        let binary = "/usr/sbin/smtp-sink"
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw HarnessError("\(binary) is missing: apt-get install -y postfix (the tests start it, not the MTA)")
        }
        dumps = folder.appendingPathComponent("sink-dumps", isDirectory: true)
        try FileManager.default.createDirectory(at: dumps, withIntermediateDirectories: true)
        // smtp-sink drops to 'nobody' (-u) after binding, so the dump folder must be writable by it.
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: dumps.path)
        var lastError = ""
        for _ in 0..<5 {
            let port = try freeLoopbackPort()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            // The strftime part spreads files over one name prefix per second, keeping the random suffix unique.
            process.arguments = ["-u", "nobody", "-d", dumps.path + "/%H%M%S.", "127.0.0.1:\(port)", "5000"]
            process.standardOutput = FileHandle.nullDevice
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            if waitForSMTPGreeting(port: port, seconds: 5) {
                self.port = port
                self.process = process
                return
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            lastError = String(decoding: errors.fileHandleForReading.availableData, as: UTF8.self)
        }
        throw HarnessError("smtp-sink did not start: \(lastError)")
    }

    deinit { stop() }

    var url: String { "smtp://127.0.0.1:\(port)" }

    func stop() {
        // SIGKILL: a child started from a test may have SIGTERM blocked.
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// How many dump files exist (complete or in progress): cheap, for polling during a send.
    func fileCount() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: dumps.path).count) ?? 0
    }

    /// The dump files' names.
    func fileNames() throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: dumps.path))
    }

    /// What one dump file holds.
    struct Transaction {
        /// The RCPT addresses, in order.
        let recipients: [String]
        /// Whether the whole message arrived (its outermost MIME boundary is closed).
        let complete: Bool
    }

    /// Reads dump files (all of them when `names` is `nil`).
    func transactions(_ names: Set<String>? = nil) throws -> [String: Transaction] {
        var result: [String: Transaction] = [:]
        for name in try names ?? fileNames() {
            // smtp-sink deletes the dump of a transaction its client withdrew with RSET or QUIT before DATA (an
            // interrupted send closing its connections), and it may do so after the folder was listed: such a
            // file was never a delivery.
            guard let data = FileManager.default.contents(atPath: dumps.appendingPathComponent(name).path) else {
                guard !FileManager.default.fileExists(atPath: dumps.appendingPathComponent(name).path) else {
                    throw HarnessError("cannot read the dump \(name)")
                }
                continue
            }
            result[name] = Self.read([UInt8](data))
        }
        return result
    }

    /// Parses a dump: `X-Rcpt-Args:` lines from smtp-sink's header block, then looks for `--BOUNDARY--`.
    /// Works on bytes (5,000 dumps of 10 KB are read per test).
    static func read(_ bytes: [UInt8]) -> Transaction {
        var recipients: [String] = []
        var lineStart = 0
        var boundary: [UInt8]?
        let rcpt = Array("X-Rcpt-Args:".utf8)
        let marker = Array("boundary=\"".utf8)
        // Headers only: smtp-sink's lines, then the message's headers, up to the first empty line.
        while lineStart < bytes.count {
            var end = lineStart
            while end < bytes.count, bytes[end] != 10 { end += 1 }
            var line = Array(bytes[lineStart..<end])
            if line.last == 13 { line.removeLast() }
            if line.isEmpty { break }
            if line.starts(with: rcpt) {
                let value = String(decoding: line[rcpt.count...], as: UTF8.self)
                recipients.append(angleAddress(value) ?? value.trimmingCharacters(in: .whitespaces))
            }
            if boundary == nil, let at = find(marker, in: line) {
                let rest = line[(at + marker.count)...]
                if let close = rest.firstIndex(of: UInt8(ascii: "\"")) { boundary = Array(rest[..<close]) }
            }
            lineStart = end + 1
        }
        guard let boundary else { return Transaction(recipients: recipients, complete: false) }
        let closing = Array("--".utf8) + boundary + Array("--".utf8)
        let tail = Array(bytes.suffix(closing.count + 64))
        return Transaction(recipients: recipients, complete: find(closing, in: tail) != nil)
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return start }
        }
        return nil
    }
}

/// A loopback TCP port nothing listens on right now.
func freeLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw HarnessError("socket() failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
        }
    }
    guard bound else { throw HarnessError("cannot bind a loopback port") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Waits until something on 127.0.0.1:`port` greets with `220`.
func waitForSMTPGreeting(port: Int, seconds: Double) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if fd >= 0 {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            var greeted = false
            if connected {
                var timeout = timeval(tv_sec: 1, tv_usec: 0)
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                var buffer = [UInt8](repeating: 0, count: 256)
                let n = recv(fd, &buffer, buffer.count, 0)
                greeted =
                    n >= 3 && buffer[0] == UInt8(ascii: "2") && buffer[1] == UInt8(ascii: "2")
                    && buffer[2] == UInt8(ascii: "0")
                if greeted { _ = "QUIT\r\n".withCString { send(fd, $0, 6, 0) } }
            }
            close(fd)
            if greeted { return true }
        }
        usleep(50_000)
    }
    return false
}
