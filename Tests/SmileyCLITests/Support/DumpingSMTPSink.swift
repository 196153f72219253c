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
final class DumpingSMTPSink {
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

    /// The recipients of every complete transaction, one entry per delivery (an address delivered twice appears twice).
    func deliveries() throws -> (recipients: [String], partial: Int) {
        var recipients: [String] = []
        var partial = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: dumps.path) {
            let data = try Data(contentsOf: dumps.appendingPathComponent(name))
            let text = String(decoding: data, as: UTF8.self)
            let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" })
                .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
            let rcpts = lines.prefix { !$0.isEmpty }.compactMap { line -> String? in
                guard line.hasPrefix("X-Rcpt-Args:") else { return nil }
                return angleAddress(line) ?? line.dropFirst("X-Rcpt-Args:".count).trimmingCharacters(in: .whitespaces)
            }
            guard isComplete(lines) else {
                partial += 1
                continue
            }
            recipients += rcpts
        }
        return (recipients, partial)
    }

    /// Whether the dump holds the whole multipart message: its outermost boundary is closed.
    private func isComplete(_ lines: [String]) -> Bool {
        guard let contentType = lines.firstIndex(where: { $0.lowercased().hasPrefix("content-type: multipart/") }) else { return false }
        var header = lines[contentType]
        var next = contentType + 1
        while next < lines.count, let first = lines[next].first, first == " " || first == "\t" {
            header += lines[next]
            next += 1
        }
        guard let range = header.range(of: "boundary=") else { return false }
        let boundary = header[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "\" ;"))
            .split(separator: ";").first.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) } ?? ""
        return !boundary.isEmpty && lines.contains("--" + boundary + "--")
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
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
            var greeted = false
            if connected {
                var timeout = timeval(tv_sec: 1, tv_usec: 0)
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                var buffer = [UInt8](repeating: 0, count: 256)
                let n = recv(fd, &buffer, buffer.count, 0)
                greeted = n >= 3 && buffer[0] == UInt8(ascii: "2") && buffer[1] == UInt8(ascii: "2") && buffer[2] == UInt8(ascii: "0")
                if greeted { _ = "QUIT\r\n".withCString { send(fd, $0, 6, 0) } }
            }
            close(fd)
            if greeted { return true }
        }
        usleep(50_000)
    }
    return false
}
