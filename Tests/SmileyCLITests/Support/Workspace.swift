import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A temporary folder for one test, with a configuration made by the real `smiley init`; removed on deinit.
final class Workspace {
    let root: URL

    /// The reply domain `init` is given.
    static let replyDomain = "reply.example.com"

    /// Creates an empty temporary folder (inside `base`, default: the system's temporary folder).
    init(base: URL? = nil) throws {
        let parent = base ?? FileManager.default.temporaryDirectory
        root = parent.appendingPathComponent("smiley-cli-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    /// A memory-backed folder (`/dev/shm`) for tests that write and delete many thousands of files, when there
    /// is one; on a busy virtual disk, deleting 15,000 small files alone took 30 s.
    static var memoryBacked: URL? {
        var info = statvfs()
        guard statvfs("/dev/shm", &info) == 0, access("/dev/shm", W_OK) == 0,
            UInt64(info.f_bavail) * UInt64(info.f_frsize) > 1 << 30
        else { return nil }
        return URL(fileURLWithPath: "/dev/shm", isDirectory: true)
    }

    /// Creates a folder (inside `base`, default: the system's temporary folder) and runs `smiley init` in it.
    static func initialized(base: URL? = nil) async throws -> Workspace {
        let workspace = try Workspace(base: base)
        let result = try await smiley(
            [
                "init", "--directory", workspace.root.path, "--from", "support@example.com",
                "--reply-domain", replyDomain,
            ],
            in: workspace.root
        )
        guard result.status == 0, !result.signaled else { throw HarnessError("smiley init failed: \(result)") }
        return workspace
    }

    deinit {
        // rm -rf: several times faster than FileManager on the 15,000 files the kill-and-resume test leaves.
        let remove = Process()
        remove.executableURL = URL(fileURLWithPath: "/bin/rm")
        remove.arguments = ["-rf", "--", root.path]
        if (try? remove.run()) != nil { remove.waitUntilExit() }
        if FileManager.default.fileExists(atPath: root.path) { try? FileManager.default.removeItem(at: root) }
    }

    var configPath: String { root.appendingPathComponent("smiley.json").path }
    var secretPath: String { root.appendingPathComponent("smiley.secret").path }
    var data: URL { root.appendingPathComponent("data", isDirectory: true) }

    func path(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    /// Runs `smiley` with `--config` of this workspace appended to the subcommand's arguments.
    @discardableResult
    func run(_ arguments: [String], stdin: [UInt8]? = nil, timeout: Double = 60) async throws -> RunResult {
        try await smiley(arguments + ["--config", configPath], in: root, stdin: stdin, timeout: timeout)
    }

    /// `smiley ingest` of one message.
    @discardableResult
    /// `list.csv` with `count` people, `person<i>@example.net`, `Person <i>`, ticket `T-<i>`.
    func numberedList(count: Int) throws -> URL {
        var csv = "email,name,ticket_id\n"
        for i in 0..<count { csv += "person\(i)@example.net,Person \(i),T-\(i)\n" }
        return try write("list.csv", csv)
    }

    /// What `smiley access EMAIL` prints, parsed.
    func accessData(_ email: String) async throws -> [String: Any] {
        let result = try await run(["access", "--config", configPath, email])
        guard result.status == 0, let object = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
        else {
            throw WorkspaceError("smiley access \(email) failed: \(result)")
        }
        return object
    }

    /// The reason the address is on the suppression list, from `smiley access` (the list itself holds only hashes).
    func suppressionReason(_ email: String) async throws -> String? {
        (try await accessData(email)["suppression"] as? [String: Any])?["reason"] as? String
    }

    func ingest(_ message: [UInt8]) async throws -> RunResult {
        try await run(["ingest"], stdin: message)
    }

    /// Rewrites `smiley.json` through a JSON object edit.
    func editConfig(_ edit: (inout [String: Any]) -> Void) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: configPath))
        guard var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw HarnessError("smiley.json is not a JSON object")
        }
        edit(&object)
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]).write(
            to: URL(fileURLWithPath: configPath)
        )
    }

    /// Writes a file (creating folders) and returns its URL.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> URL {
        let url = path(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// The `.eml` files in a folder, sorted by name.
    func emlFiles(in folder: URL) throws -> [URL] {
        guard FileManager.default.fileExists(atPath: folder.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "eml" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Every regular file below a folder (relative paths), hidden ones included.
    func allFiles(below folder: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var files: [String] = []
        while let name = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(
                atPath: folder.appendingPathComponent(name).path,
                isDirectory: &isDirectory
            ), !isDirectory.boolValue {
                files.append(name)
            }
        }
        return files.sorted()
    }

    /// The stored feedback records, decoded: the record files (`data/records/<shard>/<id>.json`) and the lines of
    /// the record log (`data/records/log/*.jsonl`, where the web server's clicks go; a torn last line is left out).
    func records() throws -> [[String: Any]] {
        let folder = data.appendingPathComponent("records")
        var objects: [[String: Any]] = []
        for name in try allFiles(below: folder) where !(name as NSString).lastPathComponent.hasPrefix(".") {
            let bytes = try Data(contentsOf: folder.appendingPathComponent(name))
            let documents: [Data]
            if name.hasSuffix(".json") {
                documents = [bytes]
            } else if name.hasPrefix("log/"), name.hasSuffix(".jsonl") {
                documents = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map { Data($0) }
            } else {
                continue
            }
            for document in documents where !document.isEmpty {
                guard let object = try JSONSerialization.jsonObject(with: document) as? [String: Any] else {
                    throw HarnessError("\(name) holds something that is not a JSON object")
                }
                objects.append(object)
            }
        }
        return objects
    }
}

/// The headers of a message (unfolded; names lowercased; first occurrence wins), read from its bytes.
func headers(of message: Data) -> [String: String] {
    let text = String(decoding: message, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
    let block = text.components(separatedBy: "\n\n").first ?? ""
    var unfolded: [String] = []
    for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
        if let first = line.first, first == " " || first == "\t", !unfolded.isEmpty {
            unfolded[unfolded.count - 1] += " " + line.trimmingCharacters(in: .whitespaces)
        } else {
            unfolded.append(String(line))
        }
    }
    var result: [String: String] = [:]
    for line in unfolded {
        guard let colon = line.firstIndex(of: ":") else { continue }
        let name = line[..<colon].lowercased()
        if result[name] == nil { result[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces) }
    }
    return result
}

/// The address inside angle brackets of a header value (`"Support" <a@b>` → `a@b`).
func angleAddress(_ value: String) -> String? {
    guard let open = value.lastIndex(of: "<"), let close = value.lastIndex(of: ">"), open < close else { return nil }
    return String(value[value.index(after: open)..<close])
}

/// One survey email from the outbox, with what a reply needs.
struct SentSurvey {
    let file: URL
    let to: String
    let token: String
    let replyTo: String
    let messageID: String

    init(file: URL) throws {
        self.file = file
        let fields = headers(of: try Data(contentsOf: file))
        guard let to = fields["to"].flatMap(angleAddress), let token = fields["x-smiley-token"],
            let replyTo = fields["reply-to"].flatMap(angleAddress), let messageID = fields["message-id"]
        else { throw HarnessError("\(file.path) lacks To, X-Smiley-Token, Reply-To or Message-ID") }
        self.to = to
        self.token = token
        self.replyTo = replyTo
        self.messageID = messageID
    }
}

/// A plain-text reply message with CRLF line ends.
func replyMessage(
    from: String,
    to: String,
    messageID: String,
    subject: String = "Re: How did we do?",
    extraHeaders: [String] = [],
    body: String
) -> [UInt8] {
    var lines = [
        "From: \(from)", "To: \(to)", "Subject: \(subject)", "Date: Tue, 25 Nov 2025 10:00:00 +0000",
        "Message-ID: <\(messageID)>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
    ]
    lines += extraHeaders
    lines.append("")
    lines += body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    return Array(lines.joined(separator: "\r\n").utf8)
}

/// A workspace helper's failure, with what the command printed.
struct WorkspaceError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
