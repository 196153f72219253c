#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The one gate every C call of the store goes through: it retries `EINTR` and turns `-1` plus `errno`
/// into a thrown ``StoreError`` naming the operation and the path.
enum System {
    /// Runs `call` until it does not fail with `EINTR`; throws for any other failure (`-1`).
    @discardableResult
    static func call<Result: FixedWidthInteger & SignedInteger>(
        _ operation: String,
        _ path: String,
        _ call: () -> Result
    ) throws(StoreError) -> Result {
        while true {
            let result = call()
            if result != -1 { return result }
            let number = errno
            if number == EINTR { continue }
            throw StoreError(errno: number, operation: operation, path: path)
        }
    }

    /// `close(2)`: never retried (on Linux the descriptor is gone even when `EINTR` is reported).
    static func close(_ fd: Int32, _ path: String) throws(StoreError) {
        if closeDescriptor(fd) == -1, errno != EINTR {
            throw StoreError(errno: errno, operation: "close", path: path)
        }
    }

    /// Opens a file, with `O_CLOEXEC` always added.
    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o640) throws(StoreError) -> Int32 {
        try call("open", path) { openFile(path, flags | O_CLOEXEC, mode) }
    }

    /// Writes all of `bytes`, continuing after short writes.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], _ path: String) throws(StoreError) {
        var offset = 0
        while offset < bytes.count {
            let written = try call("write", path) {
                bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            }
            offset += written
        }
    }

    /// Reads a whole file; `nil` when it does not exist.
    static func readFile(_ path: String) throws(StoreError) -> [UInt8]? {
        let fd: Int32
        do {
            fd = try open(path, O_RDONLY)
        } catch  where error.errno == ENOENT {
            return nil
        }
        defer { closeDescriptor(fd) }
        return try readAll(fd, path)
    }

    /// Reads an open file from its start to its end (with `pread`, so an append-mode offset does not matter).
    static func readAll(_ fd: Int32, _ path: String) throws(StoreError) -> [UInt8] {
        var info = stat()
        try call("fstat", path) { fstat(fd, &info) }
        var bytes = [UInt8](repeating: 0, count: max(Int(info.st_size), 0) + 1)
        var filled = 0
        while true {
            if filled == bytes.count { bytes += [UInt8](repeating: 0, count: max(bytes.count, 4096)) }
            let count = try call("pread", path) {
                bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + filled, $0.count - filled, off_t(filled)) }
            }
            if count == 0 { break }
            filled += count
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    /// Flushes a directory's entries (a new or removed name) to stable storage.
    static func synchronizeDirectory(_ path: String) throws(StoreError) {
        let fd = try open(path, O_RDONLY | O_DIRECTORY)
        defer { closeDescriptor(fd) }
        try call("fsync", path) { fsync(fd) }
    }

    /// Creates a directory and any missing parents (`mkdir -p`); returns whether the last one was created.
    /// Each directory it creates is made durable by syncing its parent when `synchronize` is set.
    @discardableResult
    static func makeDirectories(_ path: String, synchronize: Bool) throws(StoreError) -> Bool {
        if mkdir(path, 0o750) == 0 {
            if synchronize { try synchronizeDirectory(parent(of: path)) }
            return true
        }
        switch errno {
        case EEXIST:
            return false
        case ENOENT:
            let up = parent(of: path)
            guard up != path else { throw StoreError(errno: ENOENT, operation: "mkdir", path: path) }
            try makeDirectories(up, synchronize: synchronize)
            try call("mkdir", path) { mkdir(path, 0o750) == 0 || errno == EEXIST ? 0 : -1 }
            if synchronize { try synchronizeDirectory(up) }
            return true
        default:
            throw StoreError(errno: errno, operation: "mkdir", path: path)
        }
    }

    /// The names in a directory, without `.` and `..`; empty when the directory does not exist.
    static func listDirectory(_ path: String) throws(StoreError) -> [String] {
        guard let handle = opendir(path) else {
            if errno == ENOENT { return [] }
            throw StoreError(errno: errno, operation: "opendir", path: path)
        }
        defer { closedir(handle) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(handle) else {
                if errno != 0 { throw StoreError(errno: errno, operation: "readdir", path: path) }
                break
            }
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: pointer.pointee)) {
                    String(cString: $0)
                }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Whether something exists at `path`.
    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// Removes a file; returns `false` when it was already gone.
    @discardableResult
    static func remove(_ path: String) throws(StoreError) -> Bool {
        do {
            try call("unlink", path) { unlink(path) }
            return true
        } catch  where error.errno == ENOENT {
            return false
        }
    }

    /// Seconds since 1970 of the last modification, or `nil` when the file is gone.
    static func modificationTime(_ path: String) throws(StoreError) -> Double? {
        var info = stat()
        do {
            try call("stat", path) { stat(path, &info) }
        } catch  where error.errno == ENOENT {
            return nil
        }
        #if canImport(Darwin)
        return Double(info.st_mtimespec.tv_sec)
        #else
        return Double(info.st_mtim.tv_sec)
        #endif
    }

    /// Sets a file's modification (and access) time to `seconds` since 1970.
    static func setModificationTime(_ path: String, _ seconds: Double) throws(StoreError) {
        var times = [timespec(tv_sec: time_t(seconds), tv_nsec: 0), timespec(tv_sec: time_t(seconds), tv_nsec: 0)]
        try call("utimensat", path) { utimensat(AT_FDCWD, path, &times, 0) }
    }

    /// The directory part of a path (`/a/b` → `/a`, `b` → `.`).
    static func parent(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }

    /// Sixteen random hex digits for temporary names.
    static func randomSuffix() -> String {
        var generator = SystemRandomNumberGenerator()
        let hex = String(generator.next() as UInt64, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

// The C functions under names that do not clash with `System`'s own.
@discardableResult
private func closeDescriptor(_ fd: Int32) -> Int32 { close(fd) }
private func openFile(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { open(path, flags, mode) }
