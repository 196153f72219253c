#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files that are either absent or complete, never half there, and never replaced once written.
///
/// The bytes go to a temporary file in the same directory (`.tmp-<name>-<pid>-<random>`), are flushed with
/// `fsync`, and are then given their final name with `link(2)`. `link` fails with `EEXIST` when the name is taken,
/// atomically, so of several processes writing the same name exactly one succeeds and the others learn that
/// they hold a duplicate. (A plain `rename` would silently replace the first file; `renameat2(RENAME_NOREPLACE)`
/// does the same as `link` but is Linux-only and not supported by every file system.) The temporary name is then
/// removed and the directory is flushed so that the new name itself survives a power cut.
///
/// Readers skip names starting with `.`, so a temporary file is never mistaken for data; one left behind by a
/// crash is removed by ``removeStaleTemporaryFiles(in:olderThan:)``.
enum DurableFile {
    /// The prefix of every temporary file.
    static let temporaryPrefix = ".tmp-"

    /// Creates `directory/name` holding `bytes`, unless that name already exists.
    ///
    /// - Parameters:
    ///   - bytes: The whole content.
    ///   - directory: An existing directory.
    ///   - name: The final file name (no `/`).
    ///   - synchronize: Whether to `fsync` the file and the directory; turn off only in tests.
    ///   - checkingFirst: Whether to look for the final name before writing (a shortcut; tests turn it off to
    ///     exercise the `link` refusal).
    /// - Returns: `.stored` when this call created the file, `.duplicate` when the name existed already.
    static func create(
        _ bytes: [UInt8], directory: String, name: String, synchronize: Bool, checkingFirst: Bool = true
    ) throws(StoreError) -> SaveOutcome {
        let finalPath = directory + "/" + name
        // Cheap early answer for the common re-delivery; `link` below still decides any race.
        if checkingFirst, access(finalPath, F_OK) == 0 { return .duplicate }

        let temporaryPath = directory + "/" + temporaryPrefix + name + "-\(getpid())-" + System.randomSuffix()
        let fd = try System.open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL)
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

        let outcome: SaveOutcome
        do {
            try System.call("link", finalPath) { link(temporaryPath, finalPath) }
            outcome = .stored
        } catch where error.errno == EEXIST {
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

    /// Removes temporary files older than `age` seconds left in `directory` by crashed writers.
    /// - Returns: How many were removed.
    @discardableResult
    static func removeStaleTemporaryFiles(in directory: String, olderThan age: Double, now: Double) throws(StoreError) -> Int {
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
