import Foundation

/// Paths and helpers shared by the SmileyMIME tests.
enum TestSupport {
    /// The package root, found from this file's path (`Tests/SmileyMIMETests/TestSupport.swift`).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shared real-world data folder: `$SMILEY_SHARED`, else `../shared` beside the package.
    static var sharedFolder: URL {
        if let path = ProcessInfo.processInfo.environment["SMILEY_SHARED"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }

    static var corpusFolder: URL { sharedFolder.appendingPathComponent("corpus") }

    static let scriptsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Scripts"
    )

    /// Debian's `/usr/bin/python3` when present (its stdlib is what the corpus expectations came from), else
    /// `python3` from PATH.
    static var python: (executable: URL, prefix: [String]) {
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") {
            return (URL(fileURLWithPath: "/usr/bin/python3"), [])
        }
        return (URL(fileURLWithPath: "/usr/bin/env"), ["python3"])
    }

    struct ProcessFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs a script from `Scripts/` with arguments and returns its standard output.
    static func runPythonScript(_ name: String, arguments: [String]) throws -> Data {
        let process = Process()
        let python = python
        process.executableURL = python.executable
        process.arguments = python.prefix + [scriptsFolder.appendingPathComponent(name).path] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ProcessFailure(
                description:
                    "\(name) exited with \(process.terminationStatus): \(String(decoding: errorData, as: UTF8.self))"
            )
        }
        return data
    }

    /// Writes bytes to a fresh temporary file and returns its URL.
    static func temporaryFile(_ bytes: [UInt8], suffix: String = ".eml") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("smiley-mime-\(UUID().uuidString)\(suffix)")
        try Data(bytes).write(to: url)
        return url
    }
}
