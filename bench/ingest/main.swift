// The Swift side of the in-process ingest benchmark (see run.sh), compiled with `swiftc -O` against the package's
// release build. For every message named in CORPUS/expected/*.jsonl it does what `smiley ingest` does between
// reading the bytes and writing the record: `ParsedMessage.parse` (SmileyMIME), then `Interpreter.interpret`
// (SmileyInbound: classification incl. bounce/DSN reading, survey lookup by token and Message-ID, reply
// extraction — HTML bodies through libxml2 — and rating detection), with a real keyring and survey.
// The list is repeated until TARGET messages were interpreted; one warm-up pass is not timed.
//
//     ingest-bench CORPUS_DIR TARGET_MESSAGES
//
// Prints one JSON line: impl, distinct, messages, bytes, seconds, messages_per_second, cpu_seconds,
// messages_per_cpu_second, and counts of what the interpretations held (so a change in behaviour shows in the
// output, and the work cannot be optimised away).
import Foundation
import SmileyCore
import SmileyInbound
import SmileyMIME

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("ingest-bench: \(message)\n".utf8))
    exit(1)
}

let arguments = CommandLine.arguments
guard arguments.count == 3, let target = Int(arguments[2]), target > 0 else {
    fail("usage: ingest-bench CORPUS_DIR TARGET_MESSAGES")
}
let corpus = URL(fileURLWithPath: arguments[1])
let expected = corpus.appendingPathComponent("expected")
var messages: [[UInt8]] = []
do {
    for name in try FileManager.default.contentsOfDirectory(atPath: expected.path).sorted()
    where name.hasSuffix(".jsonl") {
        let data = try Data(contentsOf: expected.appendingPathComponent(name))
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                let file = object["file"] as? String
            else { fail("\(name): a line without \"file\"") }
            guard let bytes = FileManager.default.contents(atPath: corpus.appendingPathComponent(file).path) else {
                fail("\(file) (named in \(name)) cannot be read")
            }
            messages.append(Array(bytes))
        }
    }
} catch {
    fail("cannot read \(expected.path): \(error)")
}
guard !messages.isEmpty else { fail("no messages named under \(expected.path)") }

// A real keyring and survey, as an installation has them (the corpus carries no valid tokens, so every
// candidate address is parsed and refused, as for real strangers' mail).
let keyring: TokenKeyring
let survey: Survey
do {
    keyring = try TokenKeyring(secrets: [1: TokenKeyring.generateSecret()])
    survey = Survey(
        id: "support",
        sender: Sender(name: "Support", address: try EmailAddress("support@example.com")),
        replyDomain: "reply.example.com",
        linkMode: .mailto
    )
} catch {
    fail("cannot set up the keyring: \(error)")
}
let interpreter = Interpreter(keyring: keyring, surveys: [survey])
let now = Date()

var kinds: [String: Int] = [:]
var rated = 0
var replyCharacters = 0
func work(_ bytes: [UInt8]) {
    let message = ParsedMessage.parse(bytes)
    let meaning = interpreter.interpret(message, now: now)
    kinds[meaning.kind.rawValue, default: 0] += 1
    if meaning.rating != nil { rated += 1 }
    replyCharacters &+= meaning.replyText.utf8.count
}

for bytes in messages { work(bytes) }  // warm-up pass, not timed
kinds = [:]
rated = 0
replyCharacters = 0
/// CPU seconds this process has used (user + system): less disturbed than wall time on a shared machine.
func cpuSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}
let clock = ContinuousClock()
let cpuStart = cpuSeconds()
var done = 0
var totalBytes = 0
let elapsed = clock.measure {
    while done < target {
        for bytes in messages where done < target {
            work(bytes)
            done += 1
            totalBytes += bytes.count
        }
    }
}
let cpu = cpuSeconds() - cpuStart
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
let kindsJSON = kinds.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ")
print(
    "{\"impl\": \"smiley\", \"distinct\": \(messages.count), \"messages\": \(done), \"bytes\": \(totalBytes), "
        + "\"seconds\": \(seconds), \"messages_per_second\": \(Double(done) / seconds), "
        + "\"cpu_seconds\": \(cpu), \"messages_per_cpu_second\": \(Double(done) / cpu), \"kinds\": {\(kindsJSON)}, "
        + "\"rated\": \(rated), \"reply_utf8_bytes\": \(replyCharacters)}"
)
