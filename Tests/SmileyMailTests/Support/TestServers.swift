import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Errors starting the test servers, with what to do.
struct TestServerError: Error, CustomStringConvertible {
    let description: String
}

/// The package root, from this file's path (Tests/SmileyMailTests/Support/TestServers.swift).
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A fresh temporary folder for one test.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("smiley-mail-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A loopback TCP port nothing listens on right now.
func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw TestServerError(description: "socket() failed") }
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
    guard bound else { throw TestServerError(description: "cannot bind a loopback port") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Connects to 127.0.0.1:port and returns the first line the server sends (its greeting), or nil.
func greeting(port: Int) -> String? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
    }
    guard connected else { return nil }
    var timeout = timeval(tv_sec: 2, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var buffer = [UInt8](repeating: 0, count: 512)
    let n = recv(fd, &buffer, buffer.count, 0)
    guard n > 0 else { return nil }
    _ = "QUIT\r\n".withCString { send(fd, $0, 6, 0) }
    return String(decoding: buffer[0..<n], as: UTF8.self)
}

/// Waits until a server greets with 220 on the port, up to `seconds`.
func waitForGreeting(port: Int, seconds: Double = 10) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if let line = greeting(port: port), line.hasPrefix("220") { return }
        Thread.sleep(forTimeInterval: 0.05)
    }
    throw TestServerError(description: "no SMTP greeting on 127.0.0.1:\(port) within \(seconds) s")
}

/// A test message with CRLF line ends.
func testMessage(id: String, to: String, bodyLines: Int = 3) -> [UInt8] {
    var text =
        "From: Smiley <survey@example.org>\r\nTo: <\(to)>\r\nSubject: How did we do?\r\n"
        + "Message-ID: <\(id)>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    for i in 0..<bodyLines { text += "Line \(i) of the survey body.\r\n" }
    text += ".a line starting with a dot must survive dot-stuffing\r\n"
    return Array(text.utf8)
}
