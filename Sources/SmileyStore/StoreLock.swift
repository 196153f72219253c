#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The data folder's own lock, `<data>/.lock`: what lets erasure and retention rewrite files that sends and
/// ingests append to, without losing an append or bringing back an erased line.
///
/// Every process that adds to the store — `smiley send` for its whole run, `smiley ingest` for its message —
/// holds it **shared**; any number of them run side by side. `smiley erase`, `smiley prune` and the suppression
/// list's migration hold it **exclusive**: they wait (up to the timeout) until no writer is left, and writers
/// wait for them. The lock is the kernel's (`flock(2)`), so a process that dies releases it.
package final class StoreLock: Sendable {
    private let fd: Int32
    /// The lock file.
    package let path: String

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    /// Takes the lock of the data folder `dataDirectory` (created when missing).
    /// - Parameters:
    ///   - exclusive: `true` for erasure, retention and migrations; `false` for sends and ingests.
    ///   - timeout: How long to wait; then a transient ``StoreError`` (a relay retries; a person runs it again).
    package static func acquire(
        dataDirectory: String,
        exclusive: Bool,
        timeout: Duration
    ) throws(StoreError) -> StoreLock {
        let directory = dataDirectory.removingTrailingSlashes
        try System.makeDirectories(directory, synchronize: true)
        let path = directory + "/.lock"
        // Read-only is enough for flock, and lets processes of the group that may not write the file lock it.
        let fd = try System.open(path, O_RDONLY | O_CREAT)
        do {
            _ = try FileLock.acquire(fd: fd, path: path, timeout: timeout, shared: !exclusive)
        } catch {
            try? System.close(fd, path)
            throw error
        }
        return StoreLock(fd: fd, path: path)
    }

    deinit {
        try? System.close(fd, path)
    }
}
