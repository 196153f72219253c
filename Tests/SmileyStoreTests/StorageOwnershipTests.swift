import Foundation
import Testing

/// `SmileyStore` is the only module that writes, replaces, locks or removes files: every other module goes through
/// it (see the README's architecture section). This test reads the other modules' sources and fails on any call
/// that creates, changes or deletes a file, so a new feature cannot grow a write path of its own unnoticed.
/// Reading a configuration, a template or an input file (CSV, mbox, a message to inspect) stays allowed.
@Suite("Storage ownership")
struct StorageOwnershipTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    /// Calls that create, change, lock or remove files: POSIX (not as a method, `.write(`, nor a declaration), and
    /// Foundation's writers.
    static let forbidden = try! NSRegularExpression(
        pattern: #"""
            (?<![.\w])(open|openat|creat|write|pwrite|fsync|fdatasync|rename|renameat|link|linkat|unlink|unlinkat|rmdir|mkdir|ftruncate|truncate|flock|fopen|utimensat|chmod)\(\
            |FileManager\.default\.(createFile|removeItem|moveItem|copyItem|createDirectory|replaceItem|setAttributes|trashItem)\
            |\.write\((to|toFile):|FileHandle\((forWriting|forUpdating)\
            |Data\([^)]*\)\.write\(
            """#.replacingOccurrences(of: "\\\n", with: "")
    )

    /// Each exception, with why it is not about Smiley's data.
    static let allowed: [String: String] = [
        "SmileyWorkflows/Preview/Screenshotter.swift:FileManager.default.removeItem":
            "removes headless Chromium's own temporary profile folder, outside the data and outbox folders"
    ]

    @Test("no module but SmileyStore writes, locks or removes a file")
    func onlyTheStoreTouchesFiles() throws {
        let enumerator = try #require(FileManager.default.enumerator(atPath: Self.sources.path))
        var scanned = 0
        var offences: [String] = []
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".swift"), !relative.hasPrefix("SmileyStore/") else { continue }
            let text = try String(contentsOf: Self.sources.appendingPathComponent(relative), encoding: .utf8)
            scanned += 1
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.trimmingCharacters(in: .whitespaces)
                if code.hasPrefix("//") || code.hasPrefix("func ") || code.contains(" func ") { continue }
                let range = NSRange(code.startIndex..., in: code)
                for match in Self.forbidden.matches(in: code, range: range) {
                    let call = (code as NSString).substring(with: match.range)
                    let key = relative + ":" + call.trimmingCharacters(in: CharacterSet(charactersIn: "("))
                    if Self.allowed[key] == nil { offences.append("Sources/\(relative):\(number + 1): \(call)") }
                }
            }
        }
        #expect(scanned > 50, "the other modules' sources were read")
        #expect(offences.isEmpty, "file writes outside SmileyStore; go through DataStore or DurableFile: \(offences)")
    }

    @Test("the scan finds what it looks for")
    func theScanFindsCalls() {
        for line in [
            "let fd = open(path, O_RDONLY)", "_ = write(fd, p, n)", "try data.write(to: url)",
            "try FileManager.default.removeItem(atPath: p)", "guard rename(a, b) == 0", "fsync(fd)",
        ] {
            #expect(Self.forbidden.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil, "\(line)")
        }
        for line in [
            "try wire.write(bytes, deadline: d)", "let name = try outbox.write(item.bytes, messageID: id)",
            "iconv_open(to, from)", "FileHandle.standardError.write(Data(text.utf8))",
        ] {
            #expect(Self.forbidden.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) == nil, "\(line)")
        }
    }
}
