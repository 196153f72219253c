import Foundation
import SmileyInbound
import SmileyMIME

/// Finds and loads the shared real-world mail the classifier tests read.
enum ClassifierFixtures {
    /// The package root, from this file's path (`Tests/SmileyInboundTests/ClassifierFixtures.swift`).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `$SMILEY_SHARED`, else `../shared` beside the package.
    static var shared: URL {
        if let path = ProcessInfo.processInfo.environment["SMILEY_SHARED"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }

    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    /// The regular files of a shared folder (relative path like `payloads/dsn`), sorted by name; names matching
    /// `prefix` only. Empty when the folder is missing — tests then fail on `#require(!files.isEmpty)`.
    static func files(_ folder: String, prefix: String = "") -> [String] {
        let url = shared.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { $0.hasPrefix(prefix) && !$0.hasPrefix(".") }.sorted().map { folder + "/" + $0 }
    }

    /// Every file under a shared folder, recursively, as paths relative to `shared`, sorted.
    static func allFiles(under folder: String) -> [String] {
        let base = shared.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        var found: [String] = []
        for case let url as URL in walker
        where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            let relative = String(url.standardizedFileURL.path.dropFirst(base.standardizedFileURL.path.count + 1))
            if relative.hasSuffix(".txt") || relative.hasPrefix("LICENSE") { continue }
            found.append(folder + "/" + relative)
        }
        return found.sorted()
    }

    /// Reads a shared file's bytes; throws a message naming the path and `SMILEY_SHARED` when it is missing.
    static func bytes(_ relative: String) throws -> [UInt8] {
        let url = shared.appendingPathComponent(relative)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw Missing(
                description:
                    "\(url.path) is missing: set SMILEY_SHARED to the shared data folder (default ../shared beside the package)"
            )
        }
        return [UInt8](data)
    }

    /// Parses and classifies a shared file.
    static func classify(_ relative: String, envelopeRecipient: String? = nil) throws -> Classification {
        MessageClassifier.classify(rawMessage: try bytes(relative), envelopeRecipient: envelopeRecipient)
    }

    /// Classifies a message written in the test (LF line ends are fine).
    static func classify(text: String, envelopeRecipient: String? = nil) -> Classification {
        MessageClassifier.classify(ParsedMessage.parse(Array(text.utf8)), envelopeRecipient: envelopeRecipient)
    }
}
