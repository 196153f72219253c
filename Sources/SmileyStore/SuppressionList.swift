public import Foundation
public import SmileyCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The addresses Smiley must not survey again — people who unsubscribed, complained, were erased, or whose mail
/// hard-bounced — kept as keyed hashes, so the list names nobody (see ``SuppressionKey``).
///
/// The list is one append-only file of JSON Lines, one ``Entry`` a line:
/// `{"at":"…","detail":"…","hash":"<HMAC-SHA256 hex>","key":1,"reason":"unsubscribed"}`. Adding takes an exclusive
/// `flock` (with the configured timeout), checks the address is not listed yet, appends one line and `fsync`s it.
/// Reading takes no lock: a line is appended in one `write`, and a reader that meets a torn line (a crash
/// mid-write, or a read racing a write) skips it and counts it in ``Snapshot/damagedLines``. The next add starts
/// on a fresh line, so a torn line never spoils the entry after it.
///
/// Lists written by earlier versions hold addresses in clear (`{"address":"a@example.com",…}`); they are still
/// honoured, and ``migrate()`` (run by `send`, `erase` and `prune`) rewrites them as hashes. A rewrite replaces the
/// file under the same lock; an add that opened the old file notices (its link count is 0) and opens the new one.
public struct SuppressionList: Sendable {
    /// The list file; it and its directory are created on the first add.
    public let file: URL
    /// What addresses are hashed with.
    public let key: SuppressionKey
    /// How long an add waits for the lock.
    public let lockTimeout: Duration
    /// Whether appends are `fsync`ed (keep `true` outside tests).
    public let synchronizes: Bool

    /// Creates a list over a file.
    /// - Parameters:
    ///   - file: The JSON Lines file.
    ///   - key: The installation's suppression key.
    ///   - lockTimeout: How long an add waits for another process's add.
    ///   - synchronizes: Whether to `fsync` (keep `true` outside tests).
    public init(file: URL, key: SuppressionKey, lockTimeout: Duration = .seconds(10), synchronizes: Bool = true) {
        self.file = file
        self.key = key
        self.lockTimeout = lockTimeout
        self.synchronizes = synchronizes
    }

    /// Why an address is suppressed.
    public typealias Reason = SuppressionReason

    /// One line of the list.
    public struct Entry: Sendable, Hashable {
        /// HMAC-SHA256 of the normalized address, 64 hex digits (for a clear legacy entry, its hash under the
        /// current hashing key).
        public var hash: String
        /// The key id the hash was made with.
        public var keyID: UInt8
        /// Why it is listed.
        public var reason: Reason
        /// When it was listed, in whole seconds.
        public var at: Date
        /// Free text for an operator (the bounce diagnostic, the address itself blanked out).
        public var detail: String?
        /// Whether the line still holds the address in clear (written before hashing; ``migrate()`` fixes it).
        public var isClear: Bool
    }

    /// The list as read at one moment; ``contains(_:)`` hashes the address and looks it up.
    public struct Snapshot: Sendable {
        /// The entries in file order (an address appears once).
        public let entries: [Entry]
        /// The 1-based numbers of lines that could not be read (torn or damaged) and were skipped.
        public let damagedLines: [Int]
        /// Entries hashed with a key id that is no longer in the secret file: they can match no address.
        public let unverifiable: Int
        let key: SuppressionKey
        private let hashes: Set<String>
        private let keyIDs: [UInt8]

        init(entries: [Entry], damagedLines: [Int], key: SuppressionKey) {
            self.entries = entries
            self.damagedLines = damagedLines
            self.key = key
            hashes = Set(entries.map { "\($0.keyID):\($0.hash)" })
            let used = Set(entries.map(\.keyID))
            keyIDs = used.intersection(key.keyIDs).sorted()
            unverifiable = entries.filter { !key.keyIDs.contains($0.keyID) }.count
        }

        /// Whether the address is listed (compared in normalized form).
        public func contains(_ address: EmailAddress) -> Bool {
            entry(for: address) != nil
        }

        /// The address's entry, if it is listed.
        public func entry(for address: EmailAddress) -> Entry? {
            let normalized = address.normalized
            for id in keyIDs {
                guard let hash = key.hash(normalized, keyID: id), hashes.contains("\(id):\(hash)") else { continue }
                return entries.first { $0.keyID == id && $0.hash == hash }
            }
            return nil
        }
    }

    private var path: String { file.path(percentEncoded: false) }

    /// Reads the list; a missing file is an empty list.
    public func load() throws(StoreError) -> Snapshot {
        guard let bytes = try System.readFile(path) else { return Snapshot(entries: [], damagedLines: [], key: key) }
        return parse(bytes)
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
    ///   - detail: Free text for the operator; the address is blanked out of it.
    /// - Returns: `true` when the address was added, `false` when it was listed already.
    @discardableResult
    public func add(_ address: EmailAddress, reason: Reason, at: Date, detail: String? = nil) throws(StoreError) -> Bool
    {
        let normalized = address.normalized
        return try withLockedFile { (fd, current) throws(StoreError) -> Bool in
            if parse(current).contains(address) { return false }
            let entry = Entry(
                hash: key.hash(normalized),
                keyID: key.hashingKeyID,
                reason: reason,
                at: Date(timeIntervalSince1970: at.timeIntervalSince1970.rounded(.down)),
                detail: detail.map { Self.blankingOut(normalized, of: $0) },
                isClear: false
            )
            var line = Self.line(entry)
            if let last = current.last, last != 0x0A { line.insert(0x0A, at: 0) }  // finish a torn line first
            try System.writeAll(fd, line, path)
            if synchronizes { try System.call("fsync", path) { fsync(fd) } }
            return true
        }
    }

    /// Rewrites entries written in clear as hashes; returns how many there were.
    @discardableResult
    public func migrate() throws(StoreError) -> Int {
        guard let bytes = try System.readFile(path), bytes.firstRange(of: Array("\"address\"".utf8)) != nil else {
            return 0
        }
        return try rewrite()
    }

    /// Rewrites the list (under its lock) with every entry in hashed form: `change` may alter an entry (its
    /// detail), `removing` says which entries go. A line that cannot be read is kept as it is (a later Smiley may
    /// know it), unless it is a torn last line.
    /// - Returns: How many entries were in clear before.
    @discardableResult
    func rewrite(
        changing change: (inout Entry) -> Void = { _ in },
        removing: (Entry) -> Bool = { _ in false }
    ) throws(StoreError) -> Int {
        try withLockedFile { (_, current) throws(StoreError) -> Int in
            let snapshot = parse(current)
            var bytes: [UInt8] = []
            for var entry in snapshot.entries where !removing(entry) {
                change(&entry)
                entry.isClear = false
                bytes += Self.line(entry)
            }
            let lines = current.split(separator: 0x0A, omittingEmptySubsequences: false)
            for number in snapshot.damagedLines where number < lines.count {  // the last piece has no newline: torn
                bytes += lines[number - 1]
                bytes.append(0x0A)
            }
            try DurableFile.replace(bytes, path: path, synchronize: synchronizes)
            return snapshot.entries.filter(\.isClear).count
        }
    }

    /// Opens the file, locks it and reads it; retries when the file was replaced while waiting for the lock.
    private func withLockedFile<T>(_ body: (Int32, [UInt8]) throws(StoreError) -> T) throws(StoreError) -> T {
        let directory = System.parent(of: path)
        try System.makeDirectories(directory, synchronize: synchronizes)
        while true {
            let existed = access(path, F_OK) == 0
            let fd = try System.open(path, O_RDWR | O_CREAT | O_APPEND)
            defer { try? System.close(fd, path) }
            let lock = try FileLock.acquire(fd: fd, path: path, timeout: lockTimeout)
            defer { try? lock.unlock() }
            var info = stat()
            try System.call("fstat", path) { fstat(fd, &info) }
            if info.st_nlink == 0 { continue }  // replaced by a rewrite while we waited: open the new file
            let result = try body(fd, try System.readAll(fd, path))
            if !existed, synchronizes { try System.synchronizeDirectory(directory) }
            return result
        }
    }

    private struct StoredLine: Decodable {
        var address: String?
        var hash: String?
        var key: UInt8?
        var reason: Reason
        var at: Date
        var detail: String?
    }

    func parse(_ bytes: [UInt8]) -> Snapshot {
        var entries: [Entry] = []
        var seen: Set<String> = []
        var damaged: [Int] = []
        let decoder = StoreJSON.decoder()
        for (index, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) else { continue }
            guard let stored = try? decoder.decode(StoredLine.self, from: Data(line)) else {
                damaged.append(index + 1)
                continue
            }
            let entry: Entry
            if let hash = stored.hash, let id = stored.key, hash.utf8.count == 64 {
                entry = Entry(
                    hash: hash,
                    keyID: id,
                    reason: stored.reason,
                    at: stored.at,
                    detail: stored.detail,
                    isClear: false
                )
            } else if let address = stored.address {
                let normalized = (try? EmailAddress(address))?.normalized ?? address.lowercased()
                entry = Entry(
                    hash: key.hash(normalized),
                    keyID: key.hashingKeyID,
                    reason: stored.reason,
                    at: stored.at,
                    detail: stored.detail.map { Self.blankingOut(normalized, of: $0) },
                    isClear: true
                )
            } else {
                damaged.append(index + 1)
                continue
            }
            if seen.insert("\(entry.keyID):\(entry.hash)").inserted { entries.append(entry) }
        }
        return Snapshot(entries: entries, damagedLines: damaged, key: key)
    }

    static func line(_ entry: Entry) -> [UInt8] {
        var dates = JSONDateCache()
        var line = JSONLine()
        line.date("at", entry.at, &dates)
        line.string("detail", entry.detail)
        line.string("hash", entry.hash)
        line.number("key", Int(entry.keyID))
        line.string("reason", entry.reason.rawValue)
        return line.finish()
    }

    /// `text` with every occurrence of the address (any case) replaced by `<address>`.
    static func blankingOut(_ normalizedAddress: String, of text: String) -> String {
        guard !normalizedAddress.isEmpty else { return text }
        var result = ""
        var rest = Substring(text)
        while let range = rest.range(of: normalizedAddress, options: [.caseInsensitive]) {
            result += rest[..<range.lowerBound]
            result += "<address>"
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
