import SmileyMIME

/// Decides whether a message is a bounce and reads its report: RFC 3464 first, then the text formats.
enum ClassifierBounce {
    /// The bounce's reasons and report, or nil when the message is not a bounce.
    /// - Parameters:
    ///   - message: The parsed message.
    ///   - text: The readable body (plain text, else text of the HTML).
    ///   - envelopeRecipient: The relay's envelope recipient, if known.
    ///   - subjectText: The subject prepared for phrase searches, shared with the auto-reply check.
    static func read(
        _ message: ParsedMessage,
        text: String,
        envelopeRecipient: String?,
        subjectText: LoweredText? = nil
    ) -> (reasons: [String], report: BounceReport)? {
        let headers = message.headers
        let verp = BounceVERP.token(in: headers, envelopeRecipient: envelopeRecipient)
        var reasons: [String] = []

        let root = message.root.contentType
        let isReport =
            root.mimeType == "multipart/report"
            && root.parameters["report-type"]?.lowercased().hasSuffix("delivery-status") == true
        let statusParts = DeliveryStatusReport.parts(in: message.root)
        let daemonSignal = BounceSignals.daemonSender(headers)
        let subjectSignal = BounceSignals.subject(message.subject, searchText: subjectText)
        // Without a report, two of the three signals must agree: when neither the sender nor the subject reads
        // like a bounce, the body cannot decide alone, so the (costly) body scans are skipped.
        if !isReport, statusParts.isEmpty, daemonSignal == nil, subjectSignal == nil { return nil }
        let lines = BounceTextScanner.diagnosticLines(of: text)
        if isReport || !statusParts.isEmpty {
            reasons.append(
                isReport
                    ? "Content-Type: multipart/report; report-type=delivery-status (RFC 3464)"
                    : "Has a \(statusParts[0].contentType.mimeType) part (RFC 3464)"
            )
            var recipients = DeliveryStatusReport.recipients(in: statusParts)
            var format = "rfc3464"
            if !recipients.contains(where: { $0.address != nil }) {
                let raw = message.root.children.isEmpty ? String(decoding: message.root.body, as: UTF8.self) : ""
                let inline = DeliveryStatusReport.inlineRecipients(in: text + "\n\n" + raw)
                if !inline.isEmpty {
                    reasons.append("The report's MIME structure is broken; its fields were read from the text")
                    return (reasons, BounceReport(recipients: inline, verpToken: verp, format: "rfc3464"))
                }
                let fromText = textRecipients(message, lines: lines, text: text, envelopeRecipient: envelopeRecipient)
                if !fromText.isEmpty {
                    reasons.append("The report names no recipient; \(fromText.count) found in its text")
                    recipients = merge(fromText, statuses: recipients)
                    format = BounceTextParser.format(of: text)
                }
            } else {
                reasons.append("The delivery-status part lists \(recipients.count) recipient(s)")
            }
            if verp != nil { reasons.append("Sent back to a VERP address (bounces+token)") }
            return (reasons, BounceReport(recipients: recipients, verpToken: verp, format: format))
        }

        let diagnosticText = lines.joined(separator: "\n")
        let signals = [daemonSignal, subjectSignal, BounceSignals.body(diagnosticText)].compactMap { $0 }
        guard signals.count >= 2 else { return nil }
        reasons += signals
        let inline = DeliveryStatusReport.inlineRecipients(in: text)
        if !inline.isEmpty {
            reasons.append("The text carries RFC 3464 recipient fields")
            return (reasons, BounceReport(recipients: inline, verpToken: verp, format: "rfc3464"))
        }
        let format = BounceTextParser.format(of: text)
        if format != "text" { reasons.append("Written by \(format)") }
        let recipients = textRecipients(message, lines: lines, text: text, envelopeRecipient: envelopeRecipient)
        if verp != nil { reasons.append("Sent back to a VERP address (bounces+token)") }
        return (reasons, BounceReport(recipients: recipients, verpToken: verp, format: format))
    }

    /// The recipients of a text bounce: `X-Failed-Recipients` or the addresses in the server's lines, else the
    /// To of the returned original when it has exactly one address.
    static func textRecipients(
        _ message: ParsedMessage,
        lines: [String],
        text: String,
        envelopeRecipient: String?
    ) -> [BounceReport.Recipient] {
        let headers = message.headers
        var excluded = Set<String>()
        var weak = Set<String>()
        func collect(_ headers: MIMEHeaders, _ names: [String], into set: inout Set<String>) {
            for name in names {
                let key = name.lowercased()
                // The sets are only compared with addresses found in the notice's lines, which all hold an '@': a
                // field without one adds nothing that could match, and is not parsed.
                for field in headers.fields where field.key == key && field.rawValue.contains(0x40) {
                    for mailbox in AddressParser.parse(field.unfoldedValue) { set.insert(mailbox.address.lowercased()) }
                }
            }
        }
        collect(headers, ["From", "Reply-To", "Sender"], into: &excluded)
        collect(headers, ["To", "Cc", "Return-Path"], into: &weak)
        if let envelopeRecipient { excluded.insert(envelopeRecipient.trimming(" <>").lowercased()) }
        let original = ClassifierFeedbackReport.originalHeaders(message)
        if let original { collect(original, ["From", "Return-Path", "Sender", "Reply-To"], into: &weak) }
        weak.subtract(excluded)

        let preferred = headers.all("X-Failed-Recipients").flatMap { value in
            value.split(separator: ",").compactMap { DeliveryStatusFields.address(String($0)) }
        }
        let delayed = BounceTextParser.isDelayWarning(subject: message.subject, text: lines.joined(separator: "\n"))
        var recipients = BounceTextParser.recipients(
            lines: lines,
            excluded: excluded,
            weak: weak,
            preferred: preferred,
            delayed: delayed
        )
        if recipients.isEmpty {
            var to = ClassifierFeedbackReport.originalRecipients(message)
            if to.isEmpty, let copied = BounceTextParser.originalTo(in: text, after: lines.count) { to = [copied] }
            to = to.filter { !excluded.contains($0.lowercased()) && !weak.contains($0.lowercased()) }
            if to.count == 1 {
                let status = BounceTextScanner.status(in: lines.joined(separator: "\n"))
                recipients = [
                    BounceReport.Recipient(
                        address: to[0],
                        status: status,
                        action: delayed && status?.hasPrefix("5") != true ? "delayed" : "failed",
                        diagnostic: nil,
                        remoteMTA: nil
                    )
                ]
            }
        }
        return recipients
    }

    /// Text-found recipients with the status of a report entry that had none of its own (same position).
    private static func merge(
        _ found: [BounceReport.Recipient],
        statuses: [BounceReport.Recipient]
    ) -> [BounceReport.Recipient] {
        found.enumerated().map { index, recipient in
            guard index < statuses.count else { return recipient }
            let entry = statuses[index]
            return BounceReport.Recipient(
                address: recipient.address,
                status: entry.status ?? recipient.status,
                action: entry.action ?? recipient.action,
                diagnostic: entry.diagnostic ?? recipient.diagnostic,
                remoteMTA: entry.remoteMTA
            )
        }
    }
}
