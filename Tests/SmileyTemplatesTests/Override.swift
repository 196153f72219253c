import Foundation

/// A throw-away override folder for one test, removed when the value goes away.
final class Override {
    let root: String

    init() throws {
        root =
            FileManager.default.temporaryDirectory.appendingPathComponent("smiley-templates-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Writes `text` to `relativePath` under the folder (creating sub-folders).
    func write(_ relativePath: String, _ text: String) throws {
        try write(relativePath, bytes: Array(text.utf8))
    }

    func write(_ relativePath: String, bytes: [UInt8]) throws {
        let path = root + "/" + relativePath
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true
        )
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// A built-in template's text, to be altered and written into the override folder.
    static func builtIn(_ relativePath: String) throws -> String {
        try String(contentsOfFile: Fixtures.templatesDirectory + "/default/" + relativePath, encoding: .utf8)
    }
}
