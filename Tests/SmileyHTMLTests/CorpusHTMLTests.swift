import Foundation
import SmileyHTML
import Testing

/// Differential check on real messages: the HTML parts of the shared corpus (decoded by Python's `email`, stored in
/// `corpus/expected/*.jsonl`) against the plain-text parts the same senders wrote beside them.
@Suite("Real-world HTML parts")
struct CorpusHTMLTests {
    struct Part: Sendable, CustomStringConvertible {
        let file: String
        let html: String
        let plain: String?
        var description: String { file }
    }

    static func parts() throws -> [Part] {
        let folder = FixturePaths.shared.appendingPathComponent("corpus/expected")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path), !names.isEmpty else {
            throw CorpusMissing(path: folder.path)
        }
        var parts: [Part] = []
        for name in names.sorted() where name.hasSuffix(".jsonl") {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            for line in data.split(separator: UInt8(ascii: "\n")) {
                guard let record = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                    let html = record["html"] as? String, let file = record["file"] as? String
                else { continue }
                let plain = (record["text_source"] as? String) == "plain" ? record["text"] as? String : nil
                parts.append(Part(file: file, html: html, plain: plain))
            }
        }
        return parts
    }

    struct CorpusMissing: Error, CustomStringConvertible {
        let path: String
        var description: String {
            "no corpus expectations at \(path): set SMILEY_SHARED to the shared data folder (it holds corpus/expected)"
        }
    }

    /// Letters-and-digits words of at least three characters, lower-cased.
    static func words(_ text: String) -> Set<String> {
        Set(
            text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).filter { $0.count >= 3 }.map(
                String.init
            )
        )
    }

    @Test("every HTML part in the corpus parses, renders, and says the same as its plain-text twin")
    func htmlPartsMatchPlainParts() throws {
        let parts = try Self.parts()
        #expect(parts.count >= 50, "expected the corpus's HTML parts, found \(parts.count)")
        var compared = 0
        var poor: [String] = []
        for part in parts {
            let document = HTMLDocument(parsing: part.html)
            let text = document.text()
            #expect(!text.contains("<script") && !text.contains("<style"), "\(part.file)")
            guard let plain = part.plain else { continue }
            let plainWords = Self.words(plain)
            let htmlWords = Self.words(text)
            // An empty or near-empty HTML part (bounce generators leave them) has nothing to compare.
            guard plainWords.count >= 5, htmlWords.count >= 5 else { continue }
            compared += 1
            let covered = Double(plainWords.intersection(htmlWords).count) / Double(plainWords.count)
            if covered < 0.8 { poor.append("\(part.file) \(Int(covered * 100))%") }
        }
        #expect(compared >= 20, "too few HTML parts with a plain twin: \(compared)")
        // A few senders put different content in the two parts; allow one in ten, and name them.
        #expect(poor.count * 10 <= compared, "plain words missing from the HTML text: \(poor)")
        print("corpus: \(parts.count) HTML parts, \(compared) compared with their plain twin, below 80%: \(poor)")
    }
}
