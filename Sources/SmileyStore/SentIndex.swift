public import Foundation
public import SmileyCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Who a survey went to, by recipient id: append-only JSON Lines in 256 buckets,
/// `data/sent/<survey>/<xx>.jsonl`, where `xx` is the first two hex digits of the recipient id.
///
/// Written when a survey email is composed (before it is sent); read by ingest to attach the address, ticket and
/// agent to a reply that only carries a token, by reminders (when was the survey sent), and by the frequency cap
/// (who was surveyed lately, across every survey). A send appends one line per recipient with one `write(2)` on a
/// file it keeps open (creating and renaming a file per recipient cost more than sending the message); a lookup
/// reads one bucket, 1/256 of the survey's recipients, and takes the last line for the id (a later send, or a
/// reminder, replaces an earlier entry). Lines are written without fsync: a machine crash can lose the last ones,
/// which costs a reply its ticket and agent, never the reply. A torn last line (a killed send) is passed over.
/// Entries of older installations, one file per recipient (`data/sent/<survey>/<recipient-id>.json`), are still
/// found, listed, erased and pruned.
///
/// Erasure and retention rewrite its files (`rewrite(synchronize:removingUnreadable:removing:)`); they run under the store's exclusive lock
/// (``DataStore``), so no send appends to a file while it is replaced.
public struct SentIndex: Sendable {
    /// What is remembered about one recipient.
    public struct Entry: Codable, Sendable, Hashable {
        /// The address the survey went to.
        public var email: String
        /// The recipient's name from the list.
        public var name: String
        /// The ticket the survey is about.
        public var ticketID: String
        /// The agent who handled the ticket.
        public var agent: String
        /// The recipient's company.
        public var company: String
        /// The survey email's Message-ID.
        public var messageID: String
        /// When the survey was composed, in whole seconds.
        public var sentAt: Date

        /// Creates an entry.
        public init(
            email: String,
            name: String,
            ticketID: String,
            agent: String,
            company: String,
            messageID: String,
            sentAt: Date
        ) {
            self.email = email
            self.name = name
            self.ticketID = ticketID
            self.agent = agent
            self.company = company
            self.messageID = messageID
            self.sentAt = sentAt
        }
    }

    /// An entry with the survey and recipient it belongs to, as listed by ``entries()``.
    public struct Listed: Sendable, Hashable {
        /// The survey.
        public var surveyID: String
        /// The recipient's id within the survey.
        public var recipientID: RecipientID
        /// What was remembered.
        public var entry: Entry
    }

    /// The `sent` folder.
    public let directory: String
    private let files = BucketFiles()

    /// An index inside a data folder (`<dataDirectory>/sent`).
    public init(dataDirectory: String) {
        directory = dataDirectory + "/sent"
    }

    /// The bucket file of a recipient.
    public func bucketPath(survey: String, recipient: RecipientID) -> String {
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
    public func remember(survey: String, recipient: Recipient, messageID: String, at date: Date) throws(StoreError) {
        let id = recipient.id(inSurvey: survey)
        let entry = Entry(
            email: recipient.email.description,
            name: recipient.displayName,
            ticketID: recipient.ticketID,
            agent: recipient.agent,
            company: recipient.company,
            messageID: messageID,
            sentAt: date
        )
        try files.append(bucketPath(survey: survey, recipient: id), folder: "\(directory)/\(survey)") { dates in
            Self.line(id: id, entry: entry, dates: &dates)
        }
    }

    /// The entry for a recipient, or `nil` when the survey was not sent from this installation (or the file
    /// cannot be read: a lookup only adds detail to a reply, it never stops one from being stored).
    public func lookup(survey: String, recipient: RecipientID) -> Entry? {
        if let bytes = try? System.readFile(bucketPath(survey: survey, recipient: recipient)),
            let entry = Self.lastEntry(for: recipient, in: bytes)
        {
            return entry
        }
        return legacyLookup(survey: survey, recipient: recipient)
    }

    /// The entry of an installation from before the buckets, which kept one file per recipient.
    func legacyLookup(survey: String, recipient: RecipientID) -> Entry? {
        guard let bytes = try? System.readFile(legacyPath(survey: survey, recipient: recipient)) else { return nil }
        return try? Self.decoder().decode(Entry.self, from: Data(bytes))
    }

    /// The last decodable line of `bytes` for `recipient`: lines are tried from the end, each by the own reader
    /// (``entry(line:)``) and by `JSONDecoder` only when that reader gives up (a torn or edited line).
    static func lastEntry(for recipient: RecipientID, in bytes: [UInt8]) -> Entry? {
        let prefix = Array("{\"id\":\"\(recipient)\",".utf8)
        var end = bytes.count
        var decoder: JSONDecoder?
        while true {
            let start = bytes[..<end].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            let line = bytes[start..<end]
            if line.count > prefix.count, line.prefix(prefix.count).elementsEqual(prefix) {
                if let entry = entry(line: line) { return entry }
                if decoder == nil { decoder = Self.decoder() }
                if let entry = try? decoder?.decode(Entry.self, from: Data(line)) { return entry }
            }
            guard start > 0 else { return nil }
            end = start - 1
        }
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = StoreDates.decoding
        return decoder
    }

    /// The open bucket files of one send, shared by its workers; closed when the last copy of the index goes.
    final class BucketFiles: @unchecked Sendable {
        private let lock = NSLock()
        private var descriptors: [String: Int32] = [:]
        private var madeFolders: Set<String> = []
        private var dates = JSONDateCache()

        deinit { for (path, fd) in descriptors { try? System.close(fd, path) } }

        /// Appends the line `make` builds (with the shared date cache), under one lock taken once.
        func append(_ path: String, folder: String, _ make: (inout JSONDateCache) -> [UInt8]) throws(StoreError) {
            lock.lock()
            let fd: Int32
            let line: [UInt8]
            do {
                defer { lock.unlock() }
                fd = try descriptor(path, folder: folder)
                line = make(&dates)
            }
            // One write(2) per line on an O_APPEND file: lines of concurrent writers never interleave.
            let written = try System.call("write", path) {
                line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            }
            guard written == line.count else { throw StoreError(errno: EIO, operation: "write (short)", path: path) }
        }

        /// The open file for `path` (call with the lock held).
        private func descriptor(_ path: String, folder: String) throws(StoreError) -> Int32 {
            if let fd = descriptors[path] { return fd }
            if !madeFolders.contains(folder) {
                try System.makeDirectories(folder, synchronize: true)
                madeFolders.insert(folder)
            }
            let fd = try System.open(path, O_WRONLY | O_APPEND | O_CREAT)
            descriptors[path] = fd
            return fd
        }
    }
}
