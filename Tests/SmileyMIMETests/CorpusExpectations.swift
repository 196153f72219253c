import Foundation
import SmileyMIME

/// One line of `corpus/expected/<folder>.jsonl`: what Python's email package made of a message.
struct CorpusExpectation: Sendable, CustomStringConvertible {
    var file: String
    var fromAddress: String?
    var toAddresses: [String]?
    var fromName: String?
    var subject: String?
    var messageID: String?
    var date: String?
    var text: String?
    var textSource: String
    var htmlPresent: Bool

    var description: String { file }

    static let folders = [
        "cpython-email", "flanker", "mikel-mail", "nodemailer-mailparser", "stalwart-mail-parser",
        "sisimai-set-of-emails",
    ]

    struct MissingData: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads the expectations of one folder; throws with a clear message when the shared corpus is missing.
    static func load(folder: String) throws -> [CorpusExpectation] {
        let url = TestSupport.corpusFolder.appendingPathComponent("expected").appendingPathComponent(folder + ".jsonl")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw MissingData(
                description:
                    "Cannot read \(url.path): the shared corpus is missing. Set SMILEY_SHARED to the folder holding corpus/ (default: ../shared beside the package)."
            )
        }
        var out: [CorpusExpectation] = []
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { continue }
            let headers = object["headers"] as? [String: Any] ?? [:]
            let from = headers["from"] as? [String: Any]
            let to = headers["to"] as? [[String: Any]]
            out.append(
                CorpusExpectation(
                    file: object["file"] as? String ?? "",
                    fromAddress: from?["address"] as? String,
                    toAddresses: to?.map { $0["address"] as? String ?? "" },
                    fromName: from?["name"] as? String,
                    subject: headers["subject"] as? String,
                    messageID: headers["message_id"] as? String,
                    date: headers["date"] as? String,
                    text: object["text"] as? String,
                    textSource: object["text_source"] as? String ?? "none",
                    htmlPresent: object["html_present"] as? Bool ?? false
                )
            )
        }
        return out
    }

    var url: URL { TestSupport.corpusFolder.appendingPathComponent(file) }
}

/// Compares our parse of a corpus message with Python's, field by field.
enum CorpusComparison {
    static func collapse(_ text: String?) -> String? {
        text.map { $0.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ") }
    }

    static func firstMessageID(_ raw: String?) -> String? {
        guard let raw else { return nil }
        let normalized = raw.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        var start: String.Index?
        for index in normalized.indices {
            let c = normalized[index]
            if c == "<" {
                start = index
            } else if c == ">", let s = start {
                return String(normalized[s...index])
            } else if c.isWhitespace {
                start = nil
            }
        }
        return normalized.isEmpty ? nil : normalized
    }

    static func isoDate(_ date: Date?) -> String? {
        guard let date else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// The fields that differ (empty when all agree).
    static func differences(_ expected: CorpusExpectation, _ message: ParsedMessage) -> [String] {
        var out: [String] = []
        let from = message.headers.raw("from").map(AddressParser.parse)
        if from?.first?.address ?? nil != expected.fromAddress
            && !(from?.first?.address == "" && expected.fromAddress == nil)
        {
            out.append(
                "from: \(String(describing: from?.first?.address)) vs \(String(describing: expected.fromAddress))"
            )
        }
        let to = message.headers.raw("to").map(AddressParser.parse)?.map(\.address)
        if (to ?? []) != (expected.toAddresses ?? []).filter({ !$0.isEmpty }) {
            out.append("to: \(String(describing: to)) vs \(String(describing: expected.toAddresses))")
        }
        if collapse(message.headers["subject"]) != collapse(expected.subject) {
            out.append(
                "subject: \(String(describing: message.headers["subject"])) vs \(String(describing: expected.subject))"
            )
        }
        let id = firstMessageID(message.headers.raw("message-id"))
        if id != expected.messageID {
            out.append("message-id: \(String(describing: id)) vs \(String(describing: expected.messageID))")
        }
        let date = isoDate(message.headers.raw("date").flatMap(RFC5322Date.parse))
        if date != expected.date {
            out.append(
                "date: \(String(describing: date)) vs \(String(describing: expected.date)) raw \(String(describing: message.headers.raw("date")))"
            )
        }
        switch expected.textSource {
        case "plain":
            let ours = collapse(message.textBody)
            if ours != collapse(expected.text) {
                out.append(
                    "text: \(String(describing: ours?.prefix(160))) vs \(String(describing: collapse(expected.text)?.prefix(160)))"
                )
            }
        case "html":
            if message.textBody != nil || message.htmlBody == nil {
                out.append(
                    "text: expected only HTML, got text=\(message.textBody != nil) html=\(message.htmlBody != nil)"
                )
            }
        default:
            if message.textBody != nil || message.htmlBody != nil {
                out.append(
                    "text: expected no body, got text=\(message.textBody != nil) html=\(message.htmlBody != nil)"
                )
            }
        }
        return out
    }
}
