public import Foundation
public import SmileyCore

/// The addresses Smiley must not survey again: people who unsubscribed, complained, or whose mail hard-bounced.
///
/// The list is one append-only file of JSON Lines, one ``Entry`` a line. Adding takes an exclusive `flock` (with
/// the configured timeout), checks the address is not listed yet, appends one line and `fsync`s it. Reading takes
/// no lock: a line is appended in one `write`, and a reader that meets a torn line (a crash mid-write, or a read
/// racing a write) skips it and counts it in ``Snapshot/damagedLines``. The next add starts on a fresh line, so a
/// torn line never spoils the entry after it.
///
/// Erasing a person's feedback (``FeedbackStore/erase(email:)``) deliberately leaves the list alone: keeping
/// "do not contact" is what the person asked for.
public struct SuppressionList: Sendable {
    /// The list file; it and its directory are created on the first add.
    public let file: URL
    /// How long ``add(_:reason:at:detail:)`` waits for the lock.
    public let lockTimeout: Duration
    /// Whether appends are `fsync`ed (keep `true` outside tests).
    public let synchronizes: Bool

    /// Creates a list over a file.
    /// - Parameters:
    ///   - file: The JSON Lines file.
    ///   - lockTimeout: How long an add waits for another process's add.
    ///   - synchronizes: Whether to `fsync` (keep `true` outside tests).
    public init(file: URL, lockTimeout: Duration = .seconds(10), synchronizes: Bool = true) {
        self.file = file
        self.lockTimeout = lockTimeout
        self.synchronizes = synchronizes
    }

    /// Why an address is suppressed.
    public enum Reason: String, Sendable, Hashable, Codable, CaseIterable {
        /// The person asked to stop receiving surveys.
        case unsubscribed
        /// Mail to the address failed permanently.
        case hardBounce
        /// The person marked a survey as spam.
        case complaint
        /// An operator added it.
        case manual
    }

    /// One line of the list.
    public struct Entry: Sendable, Hashable, Codable {
        /// The address in normalized form (``EmailAddress/normalized``).
        public var address: String
        /// Why it is listed.
        public var reason: Reason
        /// When it was listed, in whole seconds.
        public var at: Date
        /// Free text: the bounce diagnostic, the operator's note.
        public var detail: String?

        /// Creates an entry for an address.
        public init(address: EmailAddress, reason: Reason, at: Date, detail: String? = nil) {
            self.address = address.normalized
            self.reason = reason
            self.at = Date(timeIntervalSince1970: at.timeIntervalSince1970.rounded(.down))
            self.detail = detail
        }
    }

    /// The list as read at one moment; ``contains(_:)`` is a set lookup.
    public struct Snapshot: Sendable {
        /// The entries in file order (an address appears once).
        public let entries: [Entry]
        /// The 1-based numbers of lines that could not be read (torn or damaged) and were skipped.
        public let damagedLines: [Int]
        private let addresses: Set<String>

        init(entries: [Entry], damagedLines: [Int]) {
            self.entries = entries
            self.damagedLines = damagedLines
            self.addresses = Set(entries.map(\.address))
        }

        /// Whether the address is listed (compared in normalized form).
        public func contains(_ address: EmailAddress) -> Bool {
            addresses.contains(address.normalized)
        }
    }

    private var path: String { file.path(percentEncoded: false) }

    /// Reads the list; a missing file is an empty list.
    public func load() throws(StoreError) -> Snapshot {
        guard let bytes = try System.readFile(path) else { return Snapshot(entries: [], damagedLines: []) }
        return Self.parse(bytes, path: path)
    }

    /// Whether an address is listed. To check many addresses, ``load()`` once and ask the snapshot.
    public func contains(_ address: EmailAddress) throws(StoreError) -> Bool {
        try load().contains(address)
    }

    /// Lists an address, unless it is listed already.
    /// - Parameters:
    ///   - address: The address to suppress.
    ///   - reason: Why.
    ///   - at: When.
    ///   - detail: Free text for the operator.
    /// - Returns: `true` when the address was added, `false` when it was listed already.
    @discardableResult
    public func add(_ address: EmailAddress, reason: Reason, at: Date, detail: String? = nil) throws(StoreError) -> Bool {
        let entry = Entry(address: address, reason: reason, at: at, detail: detail)
        let directory = System.parent(of: path)
        try System.makeDirectories(directory, synchronize: synchronizes)
        let existed = access(path, F_OK) == 0
        let fd = try System.open(path, O_RDWR | O_CREAT | O_APPEND)
        var closed = false
        defer { if !closed { try? System.close(fd, path) } }

        let lock = try FileLock.acquire(fd: fd, path: path, timeout: lockTimeout)
        defer { try? lock.unlock() }
        let current = try System.readAll(fd, path)
        if Self.parse(current, path: path).contains(address) { return false }

        var line = try Self.encodeLine(entry, path: path)
        if let last = current.last, last != 0x0A { line.insert(0x0A, at: 0) } // finish a torn line first
        try System.writeAll(fd, line, path)
        if synchronizes { try System.call("fsync", path) { fsync(fd) } }
        try lock.unlock()
        closed = true
        try System.close(fd, path)
        if !existed, synchronizes { try System.synchronizeDirectory(directory) }
        return true
    }

    static func parse(_ bytes: [UInt8], path: String) -> Snapshot {
        var entries: [Entry] = []
        var seen: Set<String> = []
        var damaged: [Int] = []
        let decoder = StoreJSON.decoder()
        for (index, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) else { continue }
            guard let entry = try? decoder.decode(Entry.self, from: Data(line)) else {
                damaged.append(index + 1)
                continue
            }
            if seen.insert(entry.address).inserted { entries.append(entry) }
        }
        return Snapshot(entries: entries, damagedLines: damaged)
    }

    private static func encodeLine(_ entry: Entry, path: String) throws(StoreError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        do {
            var bytes = [UInt8](try encoder.encode(entry))
            bytes.append(0x0A)
            return bytes
        } catch {
            throw StoreError.encoding(path: path, detail: "\(error)")
        }
    }
}
