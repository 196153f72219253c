import Foundation
import SmileyMIME
import Testing

/// Set `SMILEY_CLASSIFY_FILE=<path under $SMILEY_SHARED>` to print that message's part tree.
@Test("part tree (only with SMILEY_CLASSIFY_FILE)")
func classifierDebugTree() throws {
    guard let file = ProcessInfo.processInfo.environment["SMILEY_CLASSIFY_FILE"] else { return }
    let message = ParsedMessage.parse(try ClassifierFixtures.bytes(file))
    func show(_ part: MIMEPart, _ depth: Int) {
        print(String(repeating: "  ", count: depth) + part.contentType.mimeType + " body=\(part.body.count) " + String(decoding: part.body.prefix(80), as: UTF8.self).replacingOccurrences(of: "\n", with: "⏎"))
        for child in part.children { show(child, depth + 1) }
    }
    show(message.root, 0)
    print(message.warnings)
}
