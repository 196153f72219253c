import Foundation
import Testing

/// `smiley inspect` on real-world messages, compared with what Python's `email` package read from them
/// (`$SMILEY_SHARED/corpus/expected/*.jsonl`).
@Suite("inspect the real-world corpus")
struct InspectCorpusTests {
    /// One corpus message and Python's reading of it.
    struct Sample: CustomTestStringConvertible, Sendable {
        let file: String
        let subject: String
        let fromAddress: String
        var testDescription: String { file }
    }

    /// Ten messages of each expected file, spread evenly over those Python parsed cleanly with a subject and a
    /// From address (so plain, encoded-word, 8-bit and ISO-2022-JP subjects are all among them).
    static func samples() throws -> [Sample] {
        let shared = try sharedData()
        var samples: [Sample] = []
        for corpus in ["cpython-email", "mikel-mail"] {
            let path = shared.appendingPathComponent("corpus/expected/\(corpus).jsonl")
            guard let data = FileManager.default.contents(atPath: path.path) else {
                throw HarnessError("\(path.path) is missing from the shared data")
            }
            var eligible: [Sample] = []
            for line in data.split(separator: UInt8(ascii: "\n")) {
                guard let entry = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                    let file = entry["file"] as? String, entry["mode"] as? String == "rfc822",
                    entry["parse_error"] is NSNull || entry["parse_error"] == nil,
                    (entry["defects"] as? [Any])?.isEmpty == true, (entry["header_errors"] as? [Any])?.isEmpty == true,
                    let headers = entry["headers"] as? [String: Any],
                    let subject = headers["subject"] as? String, !subject.isEmpty,
                    let from = (headers["from"] as? [String: Any])?["address"] as? String, from.contains("@")
                else { continue }
                eligible.append(Sample(file: file, subject: subject, fromAddress: from))
            }
            guard eligible.count >= 10 else {
                throw HarnessError("\(path.path): only \(eligible.count) usable messages")
            }
            samples += (0..<10).map { eligible[$0 * eligible.count / 10] }
        }
        return samples
    }

    /// Whitespace runs as one space (Python keeps the space between adjacent encoded words; see the corpus README).
    static func squeezed(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    @Test("20 corpus messages: headers.Subject and headers.From agree with Python's email package")
    func corpusHeaders() async throws {
        let samples = try Self.samples()
        try #require(samples.count == 20, "expected 10 usable messages from each of cpython-email and mikel-mail")
        let shared = try sharedData()
        let folder = try Workspace()
        for sample in samples {
            let file = shared.appendingPathComponent("corpus").appendingPathComponent(sample.file)
            let result = try await smiley(["inspect", file.path], in: folder.root)
            #expect(result.status == 0 && !result.signaled, "\(sample.file): \(result)")
            guard let json = try? JSONSerialization.jsonObject(with: result.stdout) as? [String: Any],
                let headers = json["headers"] as? [String: Any]
            else {
                Issue.record("\(sample.file): inspect did not print a JSON object with headers: \(result)")
                continue
            }
            let subject = headers["Subject"] as? String
            #expect(subject.map(Self.squeezed) == Self.squeezed(sample.subject), "\(sample.file): Subject")
            let from = (headers["From"] as? String) ?? ""
            #expect(
                from.lowercased().contains(sample.fromAddress.lowercased()),
                "\(sample.file): From '\(from)' lacks \(sample.fromAddress)"
            )
        }
    }

    @Test("inspect --body reads \"Great, thanks!\" as positive, and stores nothing")
    func bareBodyRating() async throws {
        let folder = try Workspace()
        let result = try await smiley(["inspect", "--body"], in: folder.root, stdin: Array("Great, thanks!\n".utf8))
        #expect(result.status == 0, "\(result)")
        let json = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result)")
        let rating = json["rating"] as? [String: Any]
        #expect(rating?["scale"] as? String == "smiley", "\(result.out)")
        #expect(rating?["code"] as? String == "positive", "\(result.out)")
        #expect(rating?["sentiment"] as? String == "positive", "\(result.out)")
        #expect(folder.allFiles(below: folder.root).allSatisfy { $0.hasPrefix(".runs/") }, "inspect writes nothing")

        let negative = try await smiley(
            ["inspect", "--body"],
            in: folder.root,
            stdin: Array("Not great, the printer still jams.\n".utf8)
        )
        let negativeJSON = try #require(
            try JSONSerialization.jsonObject(with: negative.stdout) as? [String: Any],
            "\(negative)"
        )
        #expect(
            (negativeJSON["rating"] as? [String: Any])?["code"] as? String == "negative",
            "'not great' is negative: \(negative.out)"
        )
    }
}
