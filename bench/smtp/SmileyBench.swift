// Smiley's BulkSender in bench/smtp/run.sh: SmileyBench URL COUNT CONNECTIONS MESSAGE_FILE JOURNAL
// Compiled by run.sh together with Sources/SmileyMail (one module), so it needs no product in Package.swift.
import Foundation

let arguments = CommandLine.arguments
let url = arguments[1]
let count = Int(arguments[2])!
let connections = Int(arguments[3])!
let message = [UInt8](FileManager.default.contents(atPath: arguments[4])!)
let journalPath = arguments[5]
try? FileManager.default.removeItem(atPath: journalPath)

/// Items made on demand (streaming), as a caller rendering each survey would.
struct BenchItems: Sequence, Sendable {
    let count: Int
    let message: [UInt8]
    func makeIterator() -> AnyIterator<OutgoingItem> {
        var i = 0
        return AnyIterator {
            guard i < count else { return nil }
            defer { i += 1 }
            return OutgoingItem(recipientKey: "r\(i)", envelopeFrom: "bench@example.org",
                                envelopeTo: "sink@example.org", messageID: "m\(i)@bench", bytes: message)
        }
    }
}
let items = BenchItems(count: count, message: message)
let sender = BulkSender(transport: .smtp(SMTPConfiguration(url: url)),
                        configuration: BulkSendConfiguration(connections: connections))
let journal = try SendJournal(path: journalPath)
let start = ContinuousClock.now
let report = try await sender.send(items, journal: journal, expectedTotal: count)
try journal.close()
let elapsed = (ContinuousClock.now - start).seconds
print(report.accepted, String(format: "%.3f", elapsed))
