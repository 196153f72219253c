#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The store's one way of writing a whole file: either absent or complete, never half there.
///
/// ``create(_:directory:name:synchronize:checkingFirst:mode:)`` never replaces a file once written (records,
/// quarantined messages, a new configuration); ``replace(_:path:synchronize:mode:)`` swaps a new version in with
/// `rename(2)` (outbox messages, rewritten logs after an erasure or pruning, previews). Both go through a
/// temporary file in the same directory and `fsync` it before it gets its name.
///
/// The bytes go to a temporary file in the same directory (`.tmp-<name>-<pid>-<random>`), are flushed with
/// `fsync`, and are then given their final name with `link(2)`. `link` fails with `EEXIST` when the name is taken,
/// atomically, so of several processes writing the same name exactly one succeeds and the others learn that
/// they hold a duplicate. (A plain `rename` would silently replace the first file; `renameat2(RENAME_NOREPLACE)`
/// does the same as `link` but is Linux-only and not supported by every file system.) The temporary name is then
/// removed and the directory is flushed so that the new name itself survives a power cut.
///
/// Readers skip names starting with `.`, so a temporary file is never mistaken for data; one left behind by a
/// crash is removed by ``removeStaleTemporaryFiles(in:olderThan:now:)``.
package enum DurableFile {
    /// The prefix of every temporary file.
    package static let temporaryPrefix = ".tmp-"

    /// Creates `directory/name` holding `bytes`, unless that name already exists.
    ///
    /// - Parameters:
    ///   - bytes: The whole content.
    ///   - directory: An existing directory.
    ///   - name: The final file name (no `/`).
    ///   - synchronize: Whether to `fsync` the file and the directory; turn off only in tests.
    ///   - checkingFirst: Whether to look for the final name before writing (a shortcut; tests turn it off to
    ///     exercise the `link` refusal).
    ///   - mode: The new file's permissions (`0o600` for secrets).
    /// - Returns: `.stored` when this call created the file, `.duplicate` when the name existed already.
    @discardableResult
    package static func create(
        _ bytes: [UInt8],
        directory: String,
        name: String,
        synchronize: Bool,
        checkingFirst: Bool = true,
        mode: Int = 0o640
    ) throws(StoreError) -> SaveOutcome {
        let finalPath = directory + "/" + name
        // Cheap early answer for the common re-delivery; `link` below still decides any race.
        if checkingFirst, access(finalPath, F_OK) == 0 { return .duplicate }

        let temporaryPath = try writeTemporary(
            bytes,
            directory: directory,
            name: name,
            synchronize: synchronize,
            mode: mode
        )

        let outcome: SaveOutcome
        do {
            try System.call("link", finalPath) { link(temporaryPath, finalPath) }
            outcome = .stored
        } catch  where error.errno == EEXIST {
            outcome = .duplicate
        } catch {
            _ = try? System.remove(temporaryPath)
            throw error
        }
        // The data is safe under its final name now; a temporary name that cannot be removed is only clutter,
        // swept later, and must not turn a stored record into a reported failure.
        _ = try? System.remove(temporaryPath)
        if outcome == .stored, synchronize { try System.synchronizeDirectory(directory) }
        return outcome
    }

    /// Writes a whole file at `path`, creating its folder when missing: replacing what is there, or (with
    /// `replace: false`) only when nothing is, answering ``SaveOutcome/duplicate`` otherwise.
    @discardableResult
    package static func write(
        _ bytes: [UInt8],
        to path: String,
        mode: Int = 0o640,
        replace: Bool = true,
        synchronize: Bool = true
    ) throws(StoreError) -> SaveOutcome {
        let directory = System.parent(of: path)
        try System.makeDirectories(directory, synchronize: synchronize)
        if replace {
            try self.replace(bytes, path: path, synchronize: synchronize, mode: mode)
            return .stored
        }
        var name = Substring(path)
        if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
        return try create(bytes, directory: directory, name: String(name), synchronize: synchronize, mode: mode)
    }

    /// Creates a folder and its missing parents, each made durable.
    package static func makeDirectory(_ path: String) throws(StoreError) {
        try System.makeDirectories(path, synchronize: true)
    }

    /// Removes a file this process wrote (to undo a step that failed halfway); `false` when it was already gone.
    @discardableResult
    package static func remove(_ path: String) throws(StoreError) -> Bool {
        try System.remove(path)
    }

    /// Writes `bytes` to `path` in place of whatever is there: a reader sees the old file or the new one.
    /// - Parameters:
    ///   - bytes: The whole new content.
    ///   - path: The file; its directory must exist.
    ///   - synchronize: Whether to `fsync` the file and the directory; turn off only in tests.
    ///   - mode: The new file's permissions.
    package static func replace(_ bytes: [UInt8], path: String, synchronize: Bool, mode: Int = 0o640) throws(StoreError)
    {
        let directory = System.parent(of: path)
        var name = Substring(path)
        if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
        let temporaryPath = try writeTemporary(
            bytes,
            directory: directory,
            name: String(name),
            synchronize: synchronize,
            mode: mode
        )
        do {
            try System.call("rename", path) { rename(temporaryPath, path) }
        } catch {
            _ = try? System.remove(temporaryPath)
            throw error
        }
        if synchronize { try System.synchronizeDirectory(directory) }
    }

    /// Writes and (when asked) flushes a temporary file beside `name`; returns its path.
    private static func writeTemporary(
        _ bytes: [UInt8],
        directory: String,
        name: String,
        synchronize: Bool,
        mode: Int
    ) throws(StoreError) -> String {
        let temporaryPath = directory + "/" + temporaryPrefix + name + "-\(getpid())-" + System.randomSuffix()
        let fd = try System.open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL, mode: mode_t(mode))
        do {
            try System.writeAll(fd, bytes, temporaryPath)
            if synchronize { try System.call("fsync", temporaryPath) { fsync(fd) } }
        } catch {
            _ = try? System.close(fd, temporaryPath)
            _ = try? System.remove(temporaryPath)
            throw error
        }
        do {
            try System.close(fd, temporaryPath)
        } catch {
            _ = try? System.remove(temporaryPath)
            throw error
        }
        return temporaryPath
    }

    /// Removes temporary files older than `age` seconds left in `directory` by crashed writers.
    /// - Returns: How many were removed.
    @discardableResult
    package static func removeStaleTemporaryFiles(
        in directory: String,
        olderThan age: Double,
        now: Double
    ) throws(StoreError) -> Int {
        var removed = 0
        for name in try System.listDirectory(directory) where name.hasPrefix(temporaryPrefix) {
            let path = directory + "/" + name
            if let modified = try System.modificationTime(path), now - modified > age, try System.remove(path) {
                removed += 1
            }
        }
        return removed
    }
}
