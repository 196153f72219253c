// The reference of bench/webhooks (see run.sh): the same replies the routes get, through one in-process ingest
// (`IngestWorkflow.run`, records durable), compiled with `swiftc -O` against the package's release build.
//
//     webhook-reference CONFIG MESSAGES_DIR COUNT
//
// Each message file holds `@@N@@` in its Message-ID; request i gets i there, so every message is new. Prints one
// line: messages, seconds, messages per second, and how many were stored as feedback.
import Foundation
import SmileyWorkflows

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("webhook-reference: \(message)\n".utf8))
    exit(1)
}

let arguments = CommandLine.arguments
guard arguments.count == 4, let count = Int(arguments[3]), count > 0 else {
    fail("usage: webhook-reference CONFIG MESSAGES_DIR COUNT")
}
let installation: Installation
do { installation = try Installation.load(configPath: arguments[1]) } catch { fail("\(error)") }
let names = ((try? FileManager.default.contentsOfDirectory(atPath: arguments[2])) ?? []).sorted()
guard !names.isEmpty else { fail("no messages in \(arguments[2])") }
let templates = names.map {
    String(decoding: FileManager.default.contents(atPath: arguments[2] + "/" + $0)!, as: UTF8.self)
}
var feedback = 0
let started = ContinuousClock.now
for index in 0..<count {
    let message = templates[index % templates.count].replacingOccurrences(of: "@@N@@", with: "ref\(index)")
    do {
        let outcome = try IngestWorkflow.run(installation: installation, bytes: Array(message.utf8))
        if outcome.dispositionName == "feedback", !outcome.duplicate { feedback += 1 }
    } catch {
        fail("\(error)")
    }
}
let elapsed = started.duration(to: .now)
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print("\(count) \(String(format: "%.3f", seconds)) \(Int(Double(count) / seconds)) \(feedback)")
