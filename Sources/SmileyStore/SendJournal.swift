import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The record of one bulk send, appended as JSON Lines to its own file; read back with ``SendJournalReplay``.
///
/// Every entry is written to the file with one `write(2)` as soon as it is recorded, so a killed process
/// (kill -9) loses nothing already recorded. `fsync` runs in batches — after ``syncEvery`` entries, or when
/// ``syncInterval`` has passed since the last one at the next entry — and always on ``close()``; only a
/// machine crash can lose the last unsynced batch. Opening an existing journal replays it (so a resumed send
/// knows who was accepted) and cuts off a torn last line so new entries start on a line of their own.
///
/// **One send per journal.** Opening takes an exclusive `flock(2)` on the file, held until ``close()`` (or the
/// process's end, however it ends). A second send of the same survey to the same list — a cron job overlapping a
/// manual run — finds it taken and fails at once with a transient ``StoreError`` (``StoreError/isInUse``),
/// instead of sending every recipient a second time.
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
    private var dates = JSONDateCache()

    /// Opens (or creates) a journal for appending, and locks it for this send.
    /// - Parameters:
    ///   - path: The journal file; use one file per send. Its folder is created when missing.
    ///   - syncEvery: fsync after this many entries (default 64).
    ///   - syncInterval: fsync at the next entry once this much time has passed (default 200 ms).
    /// - Throws: ``StoreError`` when it cannot be opened, read or repaired, when a line before the last is
    ///   damaged, or (``StoreError/isInUse``) when another send holds it.
    public init(path: String, syncEvery: Int = 64, syncInterval: Duration = .milliseconds(200)) throws(StoreError) {
        let directory = System.parent(of: path)
        try System.makeDirectories(directory, synchronize: true)
        let existed = access(path, F_OK) == 0
        let fd = try System.open(path, O_RDWR | O_CREAT | O_APPEND, mode: 0o640)
        do throws(StoreError) {
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let number = errno
                guard number == EWOULDBLOCK else { throw StoreError(errno: number, operation: "flock", path: path) }
                throw StoreError.inUse(
                    path: path,
                    detail: "another 'smiley send' of the same survey and recipient list "
                        + "is running. Wait for it to finish (it sends everyone); running the command again afterwards "
                        + "sends only to recipients it did not reach."
                )
            }
            let replay = try SendJournalReplay(bytes: System.readAll(fd, path), path: path)
            if replay.tornTail { try System.call("ftruncate", path) { ftruncate(fd, off_t(replay.validLength)) } }
            if replay.needsNewline { try System.writeAll(fd, [0x0A], path) }
            if !existed { try System.synchronizeDirectory(directory) }
            self.initial = replay
            self.accepted = replay.acceptedKeys
        } catch {
            try? System.close(fd, path)
            throw error
        }
        self.path = path
        self.fd = fd
        self.syncEvery = max(1, syncEvery)
        self.syncInterval = syncInterval
    }

    deinit {
        if fd >= 0 {
            fsync(fd)
            try? System.close(fd, path)
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
    public func record(_ entry: SendJournalEntry) throws(StoreError) {
        // Encoding and write happen under the lock (both take microseconds); the batch fsync outside it, so
        // other workers keep appending.
        let syncFD: Int32? = try locked { () throws(StoreError) in
            guard fd >= 0 else { throw StoreError(errno: EBADF, operation: "write", path: path) }
            try System.writeAll(fd, entry.jsonLine(dates: &dates), path)
            if entry.event == .accepted { accepted.insert(entry.key) }
            unsynced += 1
            guard unsynced >= syncEvery || ContinuousClock.now - lastSync >= syncInterval else { return nil }
            unsynced = 0
            lastSync = .now
            return fd
        }
        if let syncFD { try System.call("fsync", path) { fsync(syncFD) } }
    }

    /// Forces the entries written so far to disk.
    public func sync() throws(StoreError) {
        try locked { () throws(StoreError) in try syncLocked() }
    }

    /// Syncs and closes the file, which releases the send's lock. Further `record` calls throw.
    public func close() throws(StoreError) {
        try locked { () throws(StoreError) in
            guard fd >= 0 else { return }
            try syncLocked()
            let closing = fd
            fd = -1
            try System.close(closing, path)
        }
    }

    private func locked<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    private func syncLocked() throws(StoreError) {
        guard fd >= 0, unsynced > 0 else { return }
        try System.call("fsync", path) { fsync(fd) }
        unsynced = 0
        lastSync = .now
    }

    static func makeEncoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.dateEncodingStrategy = StoreDates.encoding
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }

    static func makeDecoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = StoreDates.decoding
        return d
    }
}
