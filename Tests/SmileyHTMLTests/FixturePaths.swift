import Foundation

/// Locates test fixtures and shared real-world data from this file's path (no bundle resources).
enum FixturePaths {
    /// `Tests/SmileyHTMLTests/Fixtures`.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The package root (two folders above this test target).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `$SMILEY_SHARED`, or the package's parent folder + `/shared`.
    static var shared: URL {
        if let value = ProcessInfo.processInfo.environment["SMILEY_SHARED"], !value.isEmpty {
            return URL(fileURLWithPath: value)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }

    /// The names (without extension) of the `.html` reply fixtures that have an `.expected.txt` beside them.
    static func replyFixtureNames() -> [String] {
        let folder = fixtures.appendingPathComponent("replies")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".html") }.map { String($0.dropLast(5)) }.sorted()
    }

    static func read(_ relativePath: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent(relativePath), encoding: .utf8)
    }
}
