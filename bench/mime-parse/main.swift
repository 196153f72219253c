// SmileyMIME parse benchmark, built by bench/mime-parse/run.sh with -O together with Sources/SmileyMIME.
// Usage: mime-bench CORPUS_DIR TARGET_MESSAGES
// Loads every message named in CORPUS_DIR/expected/*.jsonl, then parses the list repeatedly until
// TARGET_MESSAGES have been parsed, doing what an ingest does with each: parse, decode Subject and From,
// find the text body (decoded to a String) and the attachments. Prints one JSON line.
import Foundation

let arguments = CommandLine.arguments
guard arguments.count >= 3, let target = Int(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: mime-bench CORPUS_DIR TARGET_MESSAGES\n".utf8))
    exit(2)
}
let corpus = URL(fileURLWithPath: arguments[1])
var messages: [[UInt8]] = []
let expected = corpus.appendingPathComponent("expected")
for name in (try FileManager.default.contentsOfDirectory(atPath: expected.path)).sorted() where name.hasSuffix(".jsonl")
{
    let data = try Data(contentsOf: expected.appendingPathComponent(name))
    for line in data.split(separator: UInt8(ascii: "\n")) {
        guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
            let file = object["file"] as? String,
            let bytes = FileManager.default.contents(atPath: corpus.appendingPathComponent(file).path)
        else { continue }
        messages.append(Array(bytes))
    }
}
guard !messages.isEmpty else {
    FileHandle.standardError.write(Data("no messages found under \(corpus.path)\n".utf8))
    exit(1)
}

var checksum = 0
func work(_ bytes: [UInt8]) {
    let message = ParsedMessage.parse(bytes)
    checksum &+= message.headers["subject"]?.utf8.count ?? 0
    checksum &+= AddressParser.parse(message.headers.raw("from") ?? "").count
    checksum &+= message.textBody?.utf8.count ?? 0
    checksum &+= message.attachments.count
}

for bytes in messages { work(bytes) }  // warm-up: one pass
let clock = ContinuousClock()
var parsed = 0
var totalBytes = 0
let elapsed = clock.measure {
    while parsed < target {
        for bytes in messages where parsed < target {
            work(bytes)
            parsed += 1
            totalBytes += bytes.count
        }
    }
}
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print(
    "{\"impl\": \"SmileyMIME\", \"distinct\": \(messages.count), \"messages\": \(parsed), \"bytes\": \(totalBytes), \"seconds\": \(seconds), \"messages_per_second\": \(Double(parsed) / seconds), \"checksum\": \(checksum)}"
)
