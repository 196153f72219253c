import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A response as read off the socket.
struct RawResponse: Sendable {
    /// The status code (0 when the server closed the connection without answering).
    let status: Int
    /// Header fields in order, names as sent.
    let headers: [(name: String, value: String)]
    /// The body (de-chunked).
    let body: [UInt8]

    /// The body as text.
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The first value of a header field (case-insensitive name).
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The value of the hidden form field `name` in the page.
    func hiddenField(_ name: String) -> String? {
        let page = text
        guard let range = page.range(of: "name=\"\(name)\"") else { return nil }
        let tail = page[range.upperBound...]
        guard let value = tail.range(of: "value=\"") else { return nil }
        let start = value.upperBound
        guard let end = tail[start...].firstIndex(of: "\"") else { return nil }
        return String(tail[start..<end])
    }
}

/// A deliberately small HTTP/1.1 client over a plain TCP socket, so the tests speak to the server exactly as a
/// browser or a scanner would — and can also send what no HTTP library would (malformed requests, a request
/// dribbled byte by byte). Every call runs off Swift's cooperative threads (the server's handlers need them).
enum RawHTTP {
    static let browser =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"

    /// Sends one request (`Connection: close`) and reads the whole response.
    static func request(
        port: Int,
        _ method: String,
        _ path: String,
        userAgent: String? = browser,
        headers: [(String, String)] = [("Accept-Language", "en-GB,en;q=0.9")],
        form: [(String, String)]? = nil,
        body: [UInt8]? = nil,
        contentType: String? = nil
    ) async throws -> RawResponse {
        var payload = body ?? []
        var fields = headers
        if let userAgent { fields.append(("User-Agent", userAgent)) }
        if let form {
            payload = Array(
                form.map { name, value in
                    name + "=" + (value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
                }.joined(separator: "&").utf8
            )
            fields.append(("Content-Type", "application/x-www-form-urlencoded"))
        } else if let contentType {
            fields.append(("Content-Type", contentType))
        }
        if form != nil || body != nil { fields.append(("Content-Length", String(payload.count))) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in fields { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        return try await exchange(port: port, chunks: [Array(head.utf8) + payload])
    }

    /// Writes `chunks` one after the other, waiting `pause` between them, then reads until the server closes.
    static func exchange(port: Int, chunks: [[UInt8]], pause: Duration = .zero) async throws -> RawResponse {
        // A thread of its own per exchange: Dispatch's global queues have as few threads as cores, and the
        // server's own work must never wait behind a test's blocked read.
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                do {
                    continuation.resume(returning: try blockingExchange(port: port, chunks: chunks, pause: pause))
                } catch {
                    continuation.resume(throwing: error)
                }
            }.start()
        }
    }

    struct SocketError: Error, CustomStringConvertible {
        let description: String
    }

    private static func blockingExchange(port: Int, chunks: [[UInt8]], pause: Duration) throws -> RawResponse {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketError(description: "socket: \(errno)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw SocketError(description: "connect to port \(port): errno \(errno)") }
        sending: for (index, chunk) in chunks.enumerated() {
            if index > 0, pause > .zero {
                Thread.sleep(
                    forTimeInterval: Double(pause.components.seconds) + Double(pause.components.attoseconds) / 1e18
                )
            }
            var offset = 0
            while offset < chunk.count {
                let written = chunk[offset...].withUnsafeBytes {
                    send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
                }
                if written <= 0 { break sending }  // the server closed the connection: read what it said
                offset += written
            }
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return parse(received)
    }

    static func parse(_ bytes: [UInt8]) -> RawResponse {
        guard let split = bytes.firstRange(of: Array("\r\n\r\n".utf8)) else {
            return RawResponse(status: 0, headers: [], body: bytes)
        }
        let head = String(decoding: bytes[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let status = head.first.flatMap { $0.split(separator: " ").dropFirst().first }.flatMap { Int($0) } ?? 0
        let headers = head.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var body = Array(bytes[split.upperBound...])
        if headers.contains(where: { $0.name.lowercased() == "transfer-encoding" && $0.value.contains("chunked") }) {
            body = dechunk(body)
        }
        return RawResponse(status: status, headers: headers, body: body)
    }

    private static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var rest = bytes[...]
        while let line = rest.firstRange(of: Array("\r\n".utf8)) {
            let sizeText = String(decoding: rest[..<line.lowerBound], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size > 0 else { break }
            let start = line.upperBound
            guard rest.distance(from: start, to: rest.endIndex) >= size else { break }
            output += rest[start..<rest.index(start, offsetBy: size)]
            rest = rest[rest.index(start, offsetBy: size)...].dropFirst(2)
        }
        return output
    }
}
