import SmileyMIME

/// Reads a plain-text bounce (qmail, Exim, Postfix without a report, Sendmail, Exchange, Gmail, Yahoo…):
/// which program wrote it, which addresses failed, and the status each got.
///
/// Only the server's own words are read (see ``BounceTextScanner/diagnosticLines(of:)``), never the returned
/// copy of the original message, and the addresses of the bounce's own sender and receiver and of the original
/// sender are left out, so a listed address really is a recipient that could not be reached.
enum BounceTextParser {
    /// Markers (lowercased) of the programs with a well-known text format, checked in order.
    static let formats: [(marker: String, name: String)] = [
        ("qmail-send program", "qmail"),
        ("created automatically by mail delivery software", "exim"),
        ("dragonfly mail agent", "dragonfly"),
        ("google tried to deliver", "gmail"),
        ("delivery to the following recipient", "gmail"),
        ("this is the mail system at host", "postfix"),
        ("permanent fatal errors", "sendmail"),
        ("transcript of session follows", "sendmail"),
        ("did not reach the following recipient", "exchange"),
        ("msexch", "exchange"),
        ("sorry, we were unable to deliver your message", "yahoo"),
    ]

    /// The name of the program that wrote the text, or `text`.
    static func format(of text: String) -> String {
        let lower = text.lowercased()
        return formats.first { lower.contains($0.marker) }?.name ?? "text"
    }

    /// Lines whose addresses are never failed recipients: the original's summary, the envelope sender.
    private static let skippedLinePrefixes = [
        "from:", "to:", "cc:", "reply-to:", "sender:", "subject:", "date:", "sent:", "return-path", "message-id",
        "mail from", ">>> mail from", "envelope-from", "x-", "the original message was received", "received from",
        "original-sender", "from ",
    ]
    private static let skippedLineContents = ["mail from:", "envelope-from", "message-id", "mail from <", "sender address"]

    /// The failed recipients written in the diagnostic lines, each with the status and diagnostic line found in
    /// the lines that follow it (up to the next recipient), else anywhere in the text.
    /// - Parameters:
    ///   - lines: The server's own lines.
    ///   - excluded: Lowercased addresses that are not recipients (sender, receiver, original sender).
    ///   - preferred: Addresses named by `X-Failed-Recipients`; when given, only these are reported.
    ///   - delayed: Whether the notice is a delay warning (`delayed` instead of `failed`).
    static func recipients(lines: [String], excluded: Set<String>, preferred: [String], delayed: Bool) -> [BounceReport.Recipient] {
        var order: [String] = []
        var firstLine: [String: Int] = [:]
        for (index, line) in lines.enumerated() {
            let lower = line.lowercased().trimming(" \t>")
            if skippedLinePrefixes.contains(where: { lower.hasPrefix($0) }) { continue }
            if skippedLineContents.contains(where: { lower.contains($0) }) { continue }
            for address in BounceTextScanner.addresses(in: line) {
                let key = address.lowercased()
                guard !excluded.contains(key), firstLine[key] == nil else { continue }
                if BounceSignals.daemonNames.contains(String(BounceSignals.localPart(key))) { continue }
                firstLine[key] = index
                order.append(address)
            }
        }
        var addresses = order
        if !preferred.isEmpty {
            addresses = preferred
            for address in preferred where firstLine[address.lowercased()] == nil {
                if let index = lines.firstIndex(where: { $0.lowercased().contains(address.lowercased()) }) {
                    firstLine[address.lowercased()] = index
                }
            }
        }
        let starts = addresses.compactMap { firstLine[$0.lowercased()] }.sorted()
        let whole = lines.joined(separator: "\n")
        var result: [BounceReport.Recipient] = []
        for address in addresses.prefix(100) {
            var status: String?
            var diagnostic: String?
            if let start = firstLine[address.lowercased()] {
                let end = starts.first { $0 > start } ?? lines.count
                for line in lines[start..<end] {
                    if let found = BounceTextScanner.status(in: line) {
                        status = found
                        diagnostic = line.trimming(" \t")
                        break
                    }
                }
            }
            if status == nil { status = BounceTextScanner.status(in: whole) }
            if diagnostic == nil, let status {
                diagnostic = lines.first { BounceTextScanner.status(in: $0) == status }?.trimming(" \t")
            }
            let action = delayed && status?.hasPrefix("5") != true ? "delayed" : "failed"
            result.append(BounceReport.Recipient(address: address, status: status, action: action, diagnostic: diagnostic, remoteMTA: nil))
        }
        return result
    }

    /// Whether the notice only warns of a delay (delivery is still being retried).
    static func isDelayWarning(subject: String?, text: String) -> Bool {
        let subject = subject?.lowercased() ?? ""
        if subject.contains("delay") || subject.hasPrefix("warning") || subject.contains("still being retried") { return true }
        let lower = text.lowercased()
        return ["will continue to be attempted", "delivery attempts will continue", "still being retried", "will be retried",
                "not yet been delivered", "has been delayed"].contains { lower.contains($0) }
    }
}
