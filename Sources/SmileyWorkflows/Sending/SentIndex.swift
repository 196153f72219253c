import Foundation
import SmileyCore

/// Who a survey went to, by recipient id: append-only JSON Lines in 256 buckets,
/// `data/sent/<survey>/<xx>.jsonl`, where `xx` is the first two hex digits of the recipient id.
///
/// Written when a survey email is composed (before it is sent), read by ingest to attach the address, ticket and
/// agent to a reply that only carries a token. A send appends one line per recipient with one `write(2)` on a
/// file it keeps open (creating and renaming a file per recipient cost more than sending the message); a lookup
/// reads one bucket, 1/256 of the survey's recipients, and takes the last line for the id (a later send, or a
/// reminder, replaces an earlier entry). Lines are written without fsync because the send journal can rebuild
/// them; a torn last line (a killed send) is passed over. Entries of older installations, one file per recipient
/// (`data/sent/<survey>/<recipient-id>.json`), are still found.
struct SentIndex: Sendable {
    /// What is remembered about one recipient.
    struct Entry: Codable, Sendable, Hashable {
        var email: String
        var name: String
        var ticketID: String
        var agent: String
        var company: String
        var messageID: String
        var sentAt: Date
    }

    let directory: String
    private let files = BucketFiles()

    init(dataDirectory: String) {
        directory = dataDirectory + "/sent"
    }

    /// The bucket file of a recipient.
    func bucketPath(survey: String, recipient: RecipientID) -> String {
        "\(directory)/\(survey)/\(Self.bucket(recipient)).jsonl"
    }

    private static func bucket(_ recipient: RecipientID) -> String {
        let high = Int(recipient.rawValue >> 56)
        let hex = Array("0123456789abcdef".utf8)
        return String(decoding: [hex[high >> 4], hex[high & 15]], as: UTF8.self)
    }

    /// Where older installations kept one entry per file.
    private func legacyPath(survey: String, recipient: RecipientID) -> String {
        "\(directory)/\(survey)/\(recipient).json"
    }

    /// Remembers a recipient (a later entry for the same id replaces an earlier one). Safe from many threads.
    func remember(survey: String, recipient: Recipient, messageID: String, at date: Date) throws(WorkflowError) {
        let id = recipient.id(inSurvey: survey)
        let entry = Entry(email: recipient.email.description, name: recipient.displayName, ticketID: recipient.ticketID,
                          agent: recipient.agent, company: recipient.company, messageID: messageID, sentAt: date)
        let line = Self.line(id: id, entry: entry, sentAt: files.dateText(date))
        let path = bucketPath(survey: survey, recipient: id)
        try files.append(line, to: path, folder: "\(directory)/\(survey)")
    }

    /// The entry for a recipient, or `nil` when the survey was not sent from this installation.
    func lookup(survey: String, recipient: RecipientID) -> Entry? {
        if let data = FileManager.default.contents(atPath: bucketPath(survey: survey, recipient: recipient)),
           let entry = Self.lastEntry(for: recipient, in: data) {
            return entry
        }
        guard let data = FileManager.default.contents(atPath: legacyPath(survey: survey, recipient: recipient)) else { return nil }
        return try? Self.decoder().decode(Entry.self, from: data)
    }

    /// The last decodable line of `data` for `recipient`.
    static func lastEntry(for recipient: RecipientID, in data: Data) -> Entry? {
        let prefix = Array("{\"id\":\"\(recipient)\",".utf8)
        let bytes = [UInt8](data)
        var found: Entry?
        let decoder = decoder()
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            if end - start > prefix.count, bytes[start..<start + prefix.count].elementsEqual(prefix),
               let entry = try? decoder.decode(Entry.self, from: Data(bytes[start..<end])) {
                found = entry
            }
            start = end + 1
        }
        return found
    }

    private static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// One line: `{"id":"<recipient id>",` then the entry's fields (as `JSONEncoder` writes them), then `}\n`.
    static func line(id: RecipientID, entry: Entry, sentAt: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        out += "{\"id\":\"\(id)\"".utf8
        field("email", entry.email, &out)
        field("name", entry.name, &out)
        field("ticketID", entry.ticketID, &out)
        field("agent", entry.agent, &out)
        field("company", entry.company, &out)
        field("messageID", entry.messageID, &out)
        out += ",\"sentAt\":\"".utf8
        out += sentAt.utf8
        out += "\"}\n".utf8
        return out
    }

    private static func field(_ name: String, _ value: String, _ out: inout [UInt8]) {
        out += ",\"\(name)\":\"".utf8
        let hex = Array("0123456789abcdef".utf8)
        for b in value.utf8 {
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(b)
            case 0x0A: out += "\\n".utf8
            case 0x0D: out += "\\r".utf8
            case 0x09: out += "\\t".utf8
            case 0..<0x20: out += "\\u00".utf8; out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 15)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The open bucket files of one send, shared by its workers; closed when the last copy of the index goes.
    final class BucketFiles: @unchecked Sendable {
        private let lock = NSLock()
        private var descriptors: [String: Int32] = [:]
        private var madeFolders: Set<String> = []
        private var second = Int.min
        private var secondText = ""
        private lazy var formatter = ISO8601DateFormatter()

        deinit { for fd in descriptors.values { close(fd) } }

        /// ISO 8601 UTC to the second, as `JSONEncoder`'s `.iso8601` (a send's entries share one date).
        func dateText(_ date: Date) -> String {
            let seconds = Int(date.timeIntervalSince1970.rounded(.down))
            return lock.withLock {
                if seconds != second {
                    second = seconds
                    secondText = formatter.string(from: Date(timeIntervalSince1970: Double(seconds)))
                }
                return secondText
            }
        }

        func append(_ line: [UInt8], to path: String, folder: String) throws(WorkflowError) {
            let fd: Int32 = try descriptor(path, folder: folder)
            // One write(2) per line on an O_APPEND file: lines of concurrent writers never interleave.
            let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard written == line.count else {
                throw WorkflowError.file(path, "cannot be written: \(String(cString: strerror(errno)))", exitCode: ExitStatus.cannotCreate)
            }
        }

        private func descriptor(_ path: String, folder: String) throws(WorkflowError) -> Int32 {
            lock.lock()
            defer { lock.unlock() }
            if let fd = descriptors[path] { return fd }
            if !madeFolders.contains(folder) {
                if !FileManager.default.fileExists(atPath: folder) { try DurableFile.makeDirectory(folder) }
                madeFolders.insert(folder)
            }
            let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
            guard fd >= 0 else {
                throw WorkflowError.file(path, "cannot be opened: \(String(cString: strerror(errno)))", exitCode: ExitStatus.cannotCreate)
            }
            descriptors[path] = fd
            return fd
        }
    }
}
