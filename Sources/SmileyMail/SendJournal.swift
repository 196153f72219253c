import Foundation
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// The record of one bulk send, appended as JSON Lines to its own file; read back with ``SendJournalReplay``.
///
/// Every entry is written to the file with one `write(2)` as soon as it is recorded, so a killed process
/// (kill -9) loses nothing already recorded. `fsync` runs in batches — after ``syncEvery`` entries, or when
/// ``syncInterval`` has passed since the last one at the next entry — and always on ``close()``; only a
/// machine crash can lose the last unsynced batch. Opening an existing journal replays it (so a resumed send
/// knows who was accepted) and cuts off a torn last line so new entries start on a line of their own.
///
/// Thread-safe: workers of one send share one journal. Call ``close()`` after the last `record`, not during.
public final class SendJournal: @unchecked Sendable {
    /// The journal file.
    public let path: String
    /// The journal's content when it was opened.
    public let initial: SendJournalReplay
    /// Entries between fsyncs.
    public let syncEvery: Int
    /// Longest time an entry waits for its fsync while entries keep coming.
    public let syncInterval: Duration

    private let lock = NSLock()
    private var fd: Int32
    private var unsynced = 0
    private var lastSync = ContinuousClock.now
    private var accepted: Set<String>
    private var dates = JournalDateCache()

    /// Opens (or creates) a journal for appending.
    /// - Parameters:
    ///   - path: The journal file; use one file per send.
    ///   - syncEvery: fsync after this many entries (default 64).
    ///   - syncInterval: fsync at the next entry once this much time has passed (default 200 ms).
    /// - Throws: ``SendJournalError`` when it cannot be read, repaired or opened.
    public init(path: String, syncEvery: Int = 64, syncInterval: Duration = .milliseconds(200))
        throws(SendJournalError)
    {
        let existed = FileManager.default.fileExists(atPath: path)
        let replay = try SendJournalReplay.read(path: path)
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SendJournalError(path: path, line: nil, reason: Self.errnoText()) }
        if replay.tornTail {
            guard ftruncate(fd, off_t(replay.validLength)) == 0 else {
                let reason = Self.errnoText()
                systemClose(fd)
                throw SendJournalError(path: path, line: nil, reason: "cannot cut the torn last line: \(reason)")
            }
        }
        if replay.needsNewline { _ = write(fd, "\n", 1) }
        if !existed {
            let dir = (path as NSString).deletingLastPathComponent
            let dirFD = open(dir.isEmpty ? "." : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if dirFD >= 0 { fsync(dirFD); systemClose(dirFD) }
        }
        self.path = path
        self.initial = replay
        self.fd = fd
        self.syncEvery = max(1, syncEvery)
        self.syncInterval = syncInterval
        self.accepted = replay.acceptedKeys
    }

    deinit {
        if fd >= 0 {
            fsync(fd)
            systemClose(fd)
        }
    }

    /// Whether the recipient was accepted, by this send or by the one this journal records.
    public func isAccepted(_ key: String) -> Bool {
        lock.withLock { accepted.contains(key) }
    }

    /// The recipients accepted so far: those of the journal as opened plus every `accepted` entry recorded
    /// since (kept in memory, so the end of a send need not read its journal back).
    public var acceptedKeys: Set<String> {
        lock.withLock { accepted }
    }

    /// Appends one entry (written at once, fsynced in batches).
    /// - Parameter entry: The event.
    public func record(_ entry: SendJournalEntry) throws(SendJournalError) {
        // Encoding and write happen under the lock (both take microseconds); the batch fsync outside it, so
        // other workers keep appending.
        let syncFD: Int32? = try locked { () throws(SendJournalError) in
            guard fd >= 0 else { throw SendJournalError(path: path, line: nil, reason: "the journal is closed") }
            try writeAll(entry.jsonLine(dates: &dates))
            if entry.event == .accepted { accepted.insert(entry.key) }
            unsynced += 1
            guard unsynced >= syncEvery || ContinuousClock.now - lastSync >= syncInterval else { return nil }
            unsynced = 0
            lastSync = .now
            return fd
        }
        if let syncFD, fsync(syncFD) != 0 {
            throw SendJournalError(path: path, line: nil, reason: Self.errnoText())
        }
    }

    /// Forces the entries written so far to disk.
    public func sync() throws(SendJournalError) {
        try locked { () throws(SendJournalError) in try syncLocked() }
    }

    /// Syncs and closes the file. Further `record` calls throw.
    public func close() throws(SendJournalError) {
        try locked { () throws(SendJournalError) in
            guard fd >= 0 else { return }
            try syncLocked()
            systemClose(fd)
            fd = -1
        }
    }

    private func locked<T>(_ body: () throws(SendJournalError) -> T) throws(SendJournalError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    private func syncLocked() throws(SendJournalError) {
        guard fd >= 0, unsynced > 0 else { return }
        guard fsync(fd) == 0 else { throw SendJournalError(path: path, line: nil, reason: Self.errnoText()) }
        unsynced = 0
        lastSync = .now
    }

    private func writeAll(_ data: [UInt8]) throws(SendJournalError) {
        guard SmileyMail.writeAll(fd, data) else { throw SendJournalError(path: path, line: nil, reason: Self.errnoText()) }
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }

    static func makeEncoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }

    static func makeDecoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }
}

/// `close(2)`, reachable from types that have a `close()` method of their own.
func systemClose(_ fd: Int32) {
    _ = close(fd)
}
