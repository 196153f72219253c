import SmileyStore

/// A use case that could not run, with the file, row or setting at fault and what to do about it.
///
/// `exitCode` follows sysexits(3): the CLI exits with it, and a mail relay retries on 75 (`EX_TEMPFAIL`).
public struct WorkflowError: Error, Sendable, CustomStringConvertible {
    /// What went wrong and what to do, in one or two sentences.
    public let message: String
    /// The sysexits code the command should exit with.
    public let exitCode: Int32

    /// Creates an error.
    public init(_ message: String, exitCode: Int32 = ExitStatus.software) {
        self.message = message
        self.exitCode = exitCode
    }

    /// An error about a file the user named: `path: message`, exit 66 (`EX_NOINPUT`) or as given.
    public static func file(_ path: String, _ message: String, exitCode: Int32 = ExitStatus.dataError) -> WorkflowError
    {
        WorkflowError("\(path): \(message)", exitCode: exitCode)
    }

    /// A configuration problem, exit 78 (`EX_CONFIG`).
    public static func configuration(_ message: String) -> WorkflowError {
        WorkflowError(message, exitCode: ExitStatus.configuration)
    }

    public var description: String { message }
}

/// The sysexits(3) codes Smiley exits with.
public enum ExitStatus {
    /// 0: done.
    public static let ok: Int32 = 0
    /// 1: the command ran, but some recipients failed.
    public static let partialFailure: Int32 = 1
    /// 64 `EX_USAGE`: the command was used wrongly.
    public static let usage: Int32 = 64
    /// 65 `EX_DATAERR`: input data was wrong.
    public static let dataError: Int32 = 65
    /// 66 `EX_NOINPUT`: an input file is missing or unreadable.
    public static let noInput: Int32 = 66
    /// 70 `EX_SOFTWARE`: an internal error.
    public static let software: Int32 = 70
    /// 73 `EX_CANTCREAT`: an output file could not be created.
    public static let cannotCreate: Int32 = 73
    /// 75 `EX_TEMPFAIL`: a temporary failure; try again later (a relay keeps the message and retries).
    public static let temporaryFailure: Int32 = 75
    /// 78 `EX_CONFIG`: the configuration is wrong.
    public static let configuration: Int32 = 78
}

extension WorkflowError {
    /// A store failure as the CLI reports it: 75 when it may pass (retry later, or another send holds the
    /// journal), else `permanent` (65 for damaged data unless the caller knows better).
    init(_ error: StoreError, permanent: Int32 = ExitStatus.dataError) {
        self.init(error.description, exitCode: error.isTransient ? ExitStatus.temporaryFailure : permanent)
    }
}

/// Runs store work, turning its ``StoreError`` into a ``WorkflowError``.
func stored<T>(
    permanent: Int32 = ExitStatus.cannotCreate,
    _ body: () throws(StoreError) -> T
) throws(WorkflowError) -> T {
    do { return try body() } catch { throw WorkflowError(error, permanent: permanent) }
}
