import Foundation
import SmileyMIME

/// Reads a plain-text bounce (qmail, Exim, Postfix without a report, Sendmail, Exchange, Gmail, Yahoo…):
/// which program wrote it, which addresses failed, and the status each got.
///
/// Only the server's own words are read (see ``BounceTextScanner/diagnosticLines(of:)``), never the returned
/// copy of the original message, and the addresses of the bounce's own sender and receiver and of the original
/// sender are left out, so a listed address really is a recipient that could not be reached.
enum BounceTextParser {
    /// Markers (lowercased) of the programs with a well-known text format, checked in order.
    static let formats: [(marker: StaticString, name: String)] = [
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
        formats.first { ASCIISearch.contains(text, $0.marker) }?.name ?? "text"
    }

    /// Whether the line holds an '@' byte (a native string's bytes searched by `memchr`).
    static func hasAtSign(_ line: String) -> Bool {
        if let found = line.utf8.withContiguousStorageIfAvailable({ bytes in
            bytes.isEmpty ? false : memchr(bytes.baseAddress!, 0x40, bytes.count) != nil
        }) {
            return found
        }
        return line.utf8.contains(0x40)
    }

    /// Lines whose addresses are never failed recipients: the original's summary, the envelope sender.
    private static let skippedLinePrefixes: [StaticString] = [
        "from:", "to:", "cc:", "reply-to:", "sender:", "subject:", "date:", "sent:", "return-path", "message-id",
        "mail from", ">>> mail from", "envelope-from", "x-", "the original message was received", "received from",
        "original-sender", "from ",
    ]
    static let skippedLineContents: [StaticString] = [
        "mail from:", "envelope-from", "message-id", "mail from <", "sender address", "contact", "assistance",
        "write to", "please send",
    ]

    /// Role mailboxes a notice invites you to contact; they are recipients only when nothing else is named.
    private static let roleNames: Set<String> = [
        "support", "help", "helpdesk", "abuse", "webmaster", "hostmaster", "noc", "admin",
    ]

    /// Phrases after which a line names an alias, not the failed address (`<a@b> (expanded from <alias@c>)`).
    static let aliasMarkers: [StaticString] = [
        "(expanded from", "(generated from", "expanded from:", "generated from:",
    ]

    /// Phrases that say a failure is final although the notice gives no status code; such a recipient gets
    /// `5.0.0` so that it counts as permanent.
    static let permanentPhrases: [StaticString] = [
        "permanent error", "permanent fatal", "failed permanently", "permanent failure", "user unknown",
        "unknown user", "no such user", "does not exist", "recipient name is not recognized", "not recognized",
        "invalid recipient", "invalid address", "no mailbox here", "mailbox unavailable", "account has been disabled",
        "i've given up", "host unknown", "unrouteable address", "address rejected",
    ]

    /// The failed recipients written in the diagnostic lines, each with the status and diagnostic line found in
    /// the lines that follow it (up to the next recipient), else anywhere in the text.
    ///
    /// Addresses are taken in tiers: ordinary addresses first; then `postmaster@`-style ones; then, only on a
    /// line that names nothing but the address (`<a@b>:`, `a@b`, `RCPT TO:<a@b>`), the `weak` ones (the
    /// original sender, who may have written to themself).
    /// - Parameters:
    ///   - lines: The server's own lines.
    ///   - excluded: Lowercased addresses that are never recipients (the bounce's sender, the envelope recipient).
    ///   - weak: Lowercased addresses that are recipients only on a line of their own (the original sender).
    ///   - preferred: Addresses named by `X-Failed-Recipients`; when given, only these are reported.
    ///   - delayed: Whether the notice is a delay warning (`delayed` instead of `failed`).
    static func recipients(
        lines: [String],
        excluded: Set<String>,
        weak: Set<String>,
        preferred: [String],
        delayed: Bool
    ) -> [BounceReport.Recipient] {
        var tiers: [[String]] = [[], [], []]
        var firstLine: [String: Int] = [:]
        for (index, line) in lines.enumerated() {
            // Only an '@' starts an address (``BounceTextScanner/addresses(in:)``): a line without one adds none,
            // and most lines of a notice have none, so they are passed over before the phrase checks below.
            guard Self.hasAtSign(line) else { continue }
            // Lowercasing neither makes nor removes a space, tab or '>', so trimming first and searching
            // ASCII-case-insensitively is `line.lowercased().trimming(" \t>")` searched, without the copy.
            let trimmed = line.trimming(" \t>")
            if skippedLinePrefixes.contains(where: { ASCIISearch.hasPrefix(trimmed, $0) }) { continue }
            if skippedLineContents.contains(where: { ASCIISearch.contains(trimmed, $0) }) { continue }
            var scanned = Substring(line)
            // Every marker holds "from": an ASCII line without it (ASCII case-insensitively) has none of them.
            let mayHaveMarker = !line.utf8.allSatisfy({ $0 < 0x80 }) || ASCIISearch.contains(line, "from")
            if mayHaveMarker,
                let marker = aliasMarkers.compactMap({ ASCIISearch.caseInsensitiveStart(of: $0, in: line) }).min()
            {
                scanned = line[..<marker]
            }
            for address in BounceTextScanner.addresses(in: String(scanned)) {
                let key = address.lowercased()
                guard !excluded.contains(key), firstLine[key] == nil else { continue }
                let tier: Int
                if weak.contains(key) {
                    guard namesOnly(address, line: line) else { continue }
                    tier = 2
                } else {
                    let local = String(BounceSignals.localPart(key))
                    tier = BounceSignals.daemonNames.contains(local) || roleNames.contains(local) ? 1 : 0
                }
                firstLine[key] = index
                tiers[tier].append(address)
            }
        }
        var addresses = tiers.first { !$0.isEmpty } ?? []
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
        let statesPermanence = !delayed && permanentPhrases.contains { ASCIISearch.contains(whole, $0) }
        // The status found in the whole text, and the first line giving each status, are the same for every
        // recipient: looked for once, not once per recipient (up to 100 scans of the whole text).
        var wholeStatus: String??
        var lineGivingStatus: [String: String?] = [:]
        var result: [BounceReport.Recipient] = []
        for address in addresses.prefix(100) {
            var status: String?
            var diagnostic: String?
            if let start = firstLine[address.lowercased()] {
                let end = starts.first { $0 > start } ?? lines.count
                for line in lines[start..<end] {
                    if let found = BounceTextScanner.failureStatus(in: line) {
                        status = found
                        diagnostic = line.trimming(" \t")
                        break
                    }
                }
            }
            if status == nil {
                if wholeStatus == nil { wholeStatus = .some(BounceTextScanner.failureStatus(in: whole)) }
                status = wholeStatus ?? nil
            }
            if diagnostic == nil, let status {
                if lineGivingStatus[status] == nil {
                    lineGivingStatus[status] = .some(
                        lines.first { BounceTextScanner.failureStatus(in: $0) == status }?.trimming(" \t")
                    )
                }
                diagnostic = lineGivingStatus[status] ?? nil
            }
            if status == nil, statesPermanence { status = "5.0.0" }
            let action = delayed && status?.hasPrefix("5") != true ? "delayed" : "failed"
            result.append(
                BounceReport.Recipient(
                    address: address,
                    status: status,
                    action: action,
                    diagnostic: diagnostic,
                    remoteMTA: nil
                )
            )
        }
        return result
    }

    /// Whether a line names only this address: `a@b`, `<a@b>:`, `a@b:`, `<a@b>... User unknown`,
    /// `RCPT TO:<a@b>`.
    static func namesOnly(_ address: String, line: String) -> Bool {
        let lower = line.lowercased()
        if lower.contains("rcpt to") { return true }
        guard let range = lower.range(of: address.lowercased()) else { return false }
        let before = lower[..<range.lowerBound].trimming(" \t<'\"")
        let after = lower[range.upperBound...].trimming(" \t>:'\"")
        return before.isEmpty && (after.isEmpty || after.hasPrefix("...") || after.hasPrefix("("))
    }

    /// The address of the first `To:` line after the server's own lines (the returned original's headers copied
    /// into the text), when that line names exactly one address.
    static func originalTo(in text: String, after diagnosticLineCount: Int) -> String? {
        let lines = ReplyExtractor.splitLines(text)
        for line in lines.dropFirst(diagnosticLineCount) where ASCIISearch.hasPrefix(line, "to:") {
            let found = BounceTextScanner.addresses(in: String(line))
            return found.count == 1 ? found[0] : nil
        }
        return nil
    }

    /// Whether the notice only warns of a delay (delivery is still being retried).
    static func isDelayWarning(subject: String?, text: String) -> Bool {
        let subject = subject?.lowercased() ?? ""
        if subject.contains("delay") || subject.hasPrefix("warning") || subject.contains("still being retried") {
            return true
        }
        return delayPhrases.contains { ASCIISearch.contains(text, $0) }
    }

    /// What a delay warning says in its text, lowercased.
    static let delayPhrases: [StaticString] = [
        "will continue to be attempted", "delivery attempts will continue", "still being retried", "will be retried",
        "not yet been delivered", "has been delayed",
    ]
}
