import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The aiosmtpd server in `Servers/scripted_smtpd.py`, started on a free loopback port for one test.
///
/// Python comes from `SMILEY_PYTHON` (default `python3`); it needs aiosmtpd.
final class ScriptedSMTPServer {
    let port: Int
    let recordFile: URL
    private let process: Process

    /// How the server uses TLS, with the certificate it presents.
    enum TLS {
        /// STARTTLS offered and required before MAIL.
        case starttls(TestCertificate)
        /// TLS from the first byte (smtps).
        case implicit(TestCertificate)
    }

    /// Starts the server and waits until it greets.
    /// - Parameters:
    ///   - pipelining: Whether its EHLO reply offers PIPELINING (RFC 2920).
    ///   - tls: STARTTLS or implicit TLS with a certificate; plain text when nil.
    init(slowSeconds: Double = 5, auth: String? = nil, pipelining: Bool = false, tls: TLS? = nil) throws {
        let python = ProcessInfo.processInfo.environment["SMILEY_PYTHON"] ?? "python3"
        let directory = try makeTemporaryDirectory()
        recordFile = directory.appendingPathComponent("events.jsonl")
        let script = packageRoot.appendingPathComponent("Tests/SmileyMailTests/Servers/scripted_smtpd.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = [python, script, "--record", recordFile.path, "--slow", String(slowSeconds)]
        if let auth { arguments += ["--auth", auth] }
        if pipelining { arguments.append("--pipelining") }
        switch tls {
        case .starttls(let certificate):
            arguments += ["--tls", "starttls", "--cert", certificate.certificate.path, "--key", certificate.key.path]
        case .implicit(let certificate):
            arguments += ["--tls", "implicit", "--cert", certificate.certificate.path, "--key", certificate.key.path]
        case nil:
            break
        }
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        self.process = process
        // Read "READY <port>" (the script prints it once listening).
        var collected = Data()
        let deadline = Date().addingTimeInterval(15)
        var port: Int?
        while Date() < deadline, process.isRunning {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            collected.append(chunk)
            let text = String(decoding: collected, as: UTF8.self)
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("READY ") }) {
                port = Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces))
                break
            }
        }
        guard let port else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw TestServerError(
                description: "the scripted SMTP server did not start with '\(python)': \(stderr)\n"
                    + "It needs aiosmtpd: python3 -m venv .build/smtp-venv && .build/smtp-venv/bin/pip install "
                    + "aiosmtpd==1.4.6, then run the tests with SMILEY_PYTHON=.build/smtp-venv/bin/python"
            )
        }
        self.port = port
        // An implicit-TLS server greets only after the handshake; "READY" already says it listens.
        if case .implicit = tls { return }
        try waitForGreeting(port: port)
    }

    deinit { stop() }

    /// `smtp://127.0.0.1:PORT`.
    var url: String { "smtp://127.0.0.1:\(port)" }

    /// Stops the server.
    func stop() {
        // SIGKILL: a child started from a Swift test inherits a signal mask that blocks SIGTERM.
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Events recorded so far (connect, ehlo, accepted, refused, dropped, auth).
    func events(_ kind: String? = nil) throws -> [[String: Any]] {
        guard let data = FileManager.default.contents(atPath: recordFile.path) else { return [] }
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            guard let object, kind == nil || object["event"] as? String == kind else { return nil }
            return object
        }
    }

    /// Recipients of accepted messages, in order.
    func acceptedRecipients() throws -> [String] {
        try events("accepted").compactMap { $0["to"] as? String }
    }
}

/// A self-signed certificate for 127.0.0.1 (subjectAltName IP:127.0.0.1) made with the openssl command; it is
/// its own CA, so a client given it as CA bundle verifies the server fully (chain and host).
struct TestCertificate {
    let certificate: URL
    let key: URL

    /// Makes a new key and certificate in a temporary folder.
    static func make() throws -> TestCertificate {
        let folder = try makeTemporaryDirectory()
        let certificate = folder.appendingPathComponent("server.pem")
        let key = folder.appendingPathComponent("server.key")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", key.path, "-out", certificate.path,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestServerError(description: "openssl could not make a test certificate (apt-get install openssl)")
        }
        return TestCertificate(certificate: certificate, key: key)
    }
}

/// Postfix's `smtp-sink` on a free loopback port, counting sessions and messages (`-c`).
final class SMTPSink {
    let port: Int
    private let process: Process
    private let outputFile: URL

    init() throws {
        let binary = "/usr/sbin/smtp-sink"
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw TestServerError(description: "\(binary) is missing: apt-get install -y postfix")
        }
        port = try freePort()
        outputFile = try makeTemporaryDirectory().appendingPathComponent("sink.out")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-u", "nobody", "-c", "127.0.0.1:\(port)", "1000"]
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = FileHandle.nullDevice
        try process.run()
        try waitForGreeting(port: port)
    }

    deinit { stop() }

    var url: String { "smtp://127.0.0.1:\(port)" }

    func stop() {
        // SIGKILL: a child started from a Swift test inherits a signal mask that blocks SIGTERM.
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// The last "sess=N quit=N mesg=N" counters smtp-sink printed (sessions counted when they end).
    func counters() -> (sessions: Int, quits: Int, messages: Int)? {
        guard let data = FileManager.default.contents(atPath: outputFile.path) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let last = text.split(whereSeparator: { $0 == "\r" || $0 == "\n" }).last else { return nil }
        var values: [String: Int] = [:]
        for pair in last.split(separator: " ") {
            let parts = pair.split(separator: "=")
            if parts.count == 2, let v = Int(parts[1]) { values[String(parts[0])] = v }
        }
        guard let s = values["sess"], let q = values["quit"], let m = values["mesg"] else { return nil }
        return (s, q, m)
    }
}
