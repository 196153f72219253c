import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The package root, from this file's path (`Tests/SmileyCLITests/Support/SmileyBinary.swift`).
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// An error in the test harness itself (a missing binary, a server that does not start), with what to do.
struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The built `smiley` executable.
///
/// The test target depends on the executable, so `swift build --build-tests` puts it beside the test bundle
/// (`.build/<triple>/debug/`); `<package root>/.build/debug/smiley` is the fallback.
let smileyExecutable: String = {
    var candidates: [String] = []
    for start in [CommandLine.arguments.first, Bundle.main.executablePath].compactMap({ $0 }) {
        var folder = URL(fileURLWithPath: start).resolvingSymlinksInPath().deletingLastPathComponent()
        // The runner may sit inside a bundle (`…/debug/smileyPackageTests.xctest`); look a few folders up.
        for _ in 0..<3 {
            candidates.append(folder.appendingPathComponent("smiley").path)
            folder.deleteLastPathComponent()
        }
    }
    candidates.append(packageRoot.appendingPathComponent(".build/debug/smiley").path)
    return candidates.first { path in
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    } ?? candidates.last!
}()

/// The shared real-world data (`$SMILEY_SHARED`, default `<package root>/../shared`).
func sharedData() throws -> URL {
    let environment = ProcessInfo.processInfo.environment["SMILEY_SHARED"].flatMap { $0.isEmpty ? nil : $0 }
    let url =
        environment.map { URL(fileURLWithPath: $0) }
        ?? packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    guard FileManager.default.fileExists(atPath: url.appendingPathComponent("corpus/expected").path) else {
        throw HarnessError(
            "The shared real-world data is missing at \(url.path) (no corpus/expected inside). "
                + "Put it beside the package as ../shared or set SMILEY_SHARED to its folder."
        )
    }
    return url
}

/// How one `smiley` run ended.
struct RunResult: CustomStringConvertible {
    /// The exit status, or the signal number when `signaled`.
    let status: Int32
    /// Whether a signal ended the process.
    let signaled: Bool
    let stdout: Data
    let stderr: Data

    var out: String { String(decoding: stdout, as: UTF8.self) }
    var err: String { String(decoding: stderr, as: UTF8.self) }
    /// The non-empty lines of standard error.
    var errLines: [String] { err.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty } }

    var description: String {
        "exit \(signaled ? "signal " : "")\(status)\n--- stdout:\n\(out)\n--- stderr:\n\(err)"
    }
}

/// One running `smiley` process whose standard input, output and error are files in a scratch folder
/// (files, not pipes: nothing can block on a full pipe however much a command prints).
final class SmileyProcess: @unchecked Sendable {
    let process = Process()
    private let stdoutFile: URL
    private let stderrFile: URL

    /// Starts `smiley arguments…` in `directory`.
    /// - Parameters:
    ///   - stdin: bytes for standard input (`nil`: empty input).
    ///   - environment: variables set on top of the test's own environment (`SMILEY_CONFIG` is removed).
    init(_ arguments: [String], in directory: URL, stdin: [UInt8]? = nil, environment: [String: String] = [:]) throws {
        let scratch = directory.appendingPathComponent(".runs", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let name = UUID().uuidString
        stdoutFile = scratch.appendingPathComponent(name + ".out")
        stderrFile = scratch.appendingPathComponent(name + ".err")
        let stdinFile = scratch.appendingPathComponent(name + ".in")
        for file in [stdoutFile, stderrFile, stdinFile] {
            guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
                throw HarnessError("cannot create \(file.path)")
            }
        }
        if let stdin { try Data(stdin).write(to: stdinFile) }
        process.executableURL = URL(fileURLWithPath: smileyExecutable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var variables = ProcessInfo.processInfo.environment
        variables["SMILEY_CONFIG"] = nil
        variables.merge(environment) { $1 }
        process.environment = variables
        let input = try FileHandle(forReadingFrom: stdinFile)
        let output = try FileHandle(forWritingTo: stdoutFile)
        let errors = try FileHandle(forWritingTo: stderrFile)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        defer {
            try? input.close()
            try? output.close()
            try? errors.close()
        }
        guard FileManager.default.isExecutableFile(atPath: smileyExecutable) else {
            throw HarnessError("\(smileyExecutable) is missing: run 'swift build --build-tests' first")
        }
        // Swift concurrency runs this on a dispatch worker thread, which blocks SIGINT and SIGTERM; a child
        // inherits the spawning thread's mask, so unblock them around the spawn to let tests signal the child.
        var unblock = sigset_t()
        var previous = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        sigaddset(&unblock, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &unblock, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    /// Whether the process has ended and waits to be reaped (state `Z` in `/proc/PID/stat`).
    static func hasExited(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return stat[close...].dropFirst(2).first == "Z"
    }
    var isRunning: Bool { process.isRunning }

    /// Sends a signal to the process.
    func signal(_ number: Int32) { if process.isRunning { kill(process.processIdentifier, number) } }

    /// Sends `number` as soon as `condition` holds (or after `seconds`), polling every 5 ms on a thread of its own:
    /// a test waiting on the cooperative pool can be kept waiting for seconds by its neighbours, and the signal
    /// would come long after the moment the test meant.
    func signal(_ number: Int32, when condition: @escaping @Sendable () -> Bool, within seconds: Double) {
        let pid = process.processIdentifier
        let poller = Thread {
            let deadline = Date().addingTimeInterval(seconds)
            while !Self.hasExited(pid), Date() < deadline, !condition() { usleep(5_000) }
            if !Self.hasExited(pid) { kill(pid, number) }
        }
        poller.start()
    }

    /// Waits for the process to end (killing it after `timeout` seconds) and collects its output.
    ///
    /// Polls with `Task.sleep` rather than blocking, so waiting tests leave the few cooperative threads free.
    func wait(timeout: Double = 60) async -> RunResult {
        let deadline = Date().addingTimeInterval(timeout)
        // Foundation learns of the exit on a Dispatch thread, which a busy test process can keep waiting: the
        // kernel's word (the child is a zombie, waiting to be reaped) ends the poll as well.
        while process.isRunning && !Self.hasExited(process.processIdentifier) && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        var killed = false
        if process.isRunning && !Self.hasExited(process.processIdentifier) {
            kill(process.processIdentifier, SIGKILL)
            killed = true
        }
        process.waitUntilExit()
        let stdout = (try? Data(contentsOf: stdoutFile)) ?? Data()
        var stderr = (try? Data(contentsOf: stderrFile)) ?? Data()
        if killed { stderr += Data("\n[test harness: killed after \(timeout) s]".utf8) }
        try? FileManager.default.removeItem(at: stdoutFile)
        try? FileManager.default.removeItem(at: stderrFile)
        try? FileManager.default.removeItem(at: stdoutFile.deletingPathExtension().appendingPathExtension("in"))
        return RunResult(
            status: process.terminationStatus,
            signaled: process.terminationReason == .uncaughtSignal,
            stdout: stdout,
            stderr: stderr
        )
    }
}

/// Runs `smiley arguments…` in `directory` to the end.
@discardableResult
func smiley(
    _ arguments: [String],
    in directory: URL,
    stdin: [UInt8]? = nil,
    environment: [String: String] = [:],
    timeout: Double = 60
) async throws -> RunResult {
    try await SmileyProcess(arguments, in: directory, stdin: stdin, environment: environment).wait(timeout: timeout)
}

/// Runs `/usr/bin/python3 -c script arguments…` and returns its standard output; throws with its stderr on failure.
func python(_ script: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    process.arguments = ["-c", script] + arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    // Read both to the end before waiting (the script's output is small; stderr is drained after stdout).
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw HarnessError("python3 failed (\(process.terminationStatus)): \(String(decoding: err, as: UTF8.self))")
    }
    return String(decoding: out, as: UTF8.self)
}
