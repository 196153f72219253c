#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the store could not read or write something.
///
/// Every failing system call is reported with the operation (`open`, `fsync`, `link` …), the path it was
/// working on, and the system's own words for `errno`. ``isTransient`` tells a caller whether trying again later
/// may succeed: `smiley ingest` exits with 75 (`EX_TEMPFAIL`) for those, so the mail relay keeps the message and
/// retries, instead of bouncing a customer's feedback.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Sendable, Hashable {
        case system(errno: Int32)
        case lockTimeout(seconds: Double)
        case corrupt(detail: String)
        case encoding(detail: String)
        case newerSchema(version: Int)
        case inUse(detail: String)
    }

    private let code: Code
    /// What the store was doing: a system call name such as `open` or `fsync`, or `decode`, `lock`.
    public let operation: String
    /// The file or directory concerned.
    public let path: String

    private init(code: Code, operation: String, path: String) {
        self.code = code
        self.operation = operation
        self.path = path
    }

    /// A failed system call, from its `errno`.
    init(errno: Int32, operation: String, path: String) {
        self.init(code: .system(errno: errno), operation: operation, path: path)
    }

    /// Waiting for a file lock took longer than the configured timeout.
    static func lockTimeout(path: String, seconds: Double) -> StoreError {
        StoreError(code: .lockTimeout(seconds: seconds), operation: "flock", path: path)
    }

    /// A stored file is not what the store wrote (not JSON, a field missing or out of range).
    static func corrupt(path: String, detail: String) -> StoreError {
        StoreError(code: .corrupt(detail: detail), operation: "decode", path: path)
    }

    /// A value could not be turned into JSON.
    static func encoding(path: String, detail: String) -> StoreError {
        StoreError(code: .encoding(detail: detail), operation: "encode", path: path)
    }

    /// A file was written by a later Smiley with a schema this one does not know.
    static func newerSchema(path: String, version: Int) -> StoreError {
        StoreError(code: .newerSchema(version: version), operation: "decode", path: path)
    }

    /// Another process holds a file that only one may use at a time (a send journal); `detail` says who and what
    /// to do.
    static func inUse(path: String, detail: String) -> StoreError {
        StoreError(code: .inUse(detail: detail), operation: "flock", path: path)
    }

    /// Whether the failure is another process holding the file (see ``isTransient``).
    public var isInUse: Bool {
        if case .inUse = code { return true }
        return false
    }

    /// The `errno` of the failed system call, or `nil` when the failure was not a system call's.
    public var errno: Int32? {
        if case .system(let number) = code { return number }
        return nil
    }

    /// Whether the same operation may succeed later without anyone changing Smiley's data.
    ///
    /// True for a full disk or quota (`ENOSPC`, `EDQUOT`), resource shortage (`EAGAIN`, `EINTR`, `EMFILE`,
    /// `ENFILE`, `ENOMEM`, `EBUSY`), network file-system hiccups (`ETIMEDOUT`, `ESTALE`), permissions and
    /// read-only mounts an operator can fix (`EACCES`, `EPERM`, `EROFS`), lock timeouts, and a file another
    /// process holds (a running send's journal). False for damaged
    /// files, schema mismatches and the remaining errors (such as `EIO`, `ENAMETOOLONG`).
    public var isTransient: Bool {
        switch code {
        case .system(let number): return Self.isTransient(errno: number)
        case .lockTimeout, .inUse: return true
        case .corrupt, .encoding, .newerSchema: return false
        }
    }

    static func isTransient(errno number: Int32) -> Bool {
        switch number {
        case ENOSPC, EDQUOT, EAGAIN, EWOULDBLOCK, EINTR, EMFILE, ENFILE, ENOMEM, EBUSY, ETIMEDOUT, ESTALE,
            EACCES, EPERM, EROFS:
            return true
        default:
            return false
        }
    }

    public var description: String {
        switch code {
        case .system(let number):
            let text = String(cString: strerror(number))
            let advice =
                Self.isTransient(errno: number)
                ? "this may pass: free space, fix permissions or retry later"
                : "check the path and the storage underneath it"
            return "Store: \(operation) '\(path)' failed: \(text) (errno \(number)); \(advice)."
        case .lockTimeout(let seconds):
            return "Store: could not lock '\(path)' within \(seconds) s; another process holds it. Retry later."
        case .corrupt(let detail):
            return "Store: '\(path)' is damaged (\(detail)); move it aside and restore it from a backup."
        case .encoding(let detail):
            return "Store: could not encode the data for '\(path)': \(detail)."
        case .newerSchema(let version):
            return "Store: '\(path)' has schema version \(version), newer than this Smiley understands; upgrade Smiley."
        case .inUse(let detail):
            return "Store: '\(path)' is in use: \(detail)"
        }
    }
}
