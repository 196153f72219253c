import SmileyMIME

/// Recognises abuse complaints: ARF reports (RFC 5965 `multipart/report; report-type=feedback-report`), Hotmail's
/// older "complaint about message from" format, and Apple Mail's unsubscribe requests.
enum ClassifierFeedbackReport {
    /// The complaint's reasons and complained-about recipients, or nil when the message is not a complaint.
    static func read(_ message: ParsedMessage) -> (reasons: [String], recipients: [BounceReport.Recipient])? {
        let reportParts = parts(of: message.root) { $0.contentType.mimeType == "message/feedback-report" }
        let isReport =
            message.root.contentType.mimeType == "multipart/report"
            && message.root.contentType.parameters["report-type"]?.lowercased() == "feedback-report"
        if isReport || !reportParts.isEmpty {
            var reasons = ["Content-Type: multipart/report; report-type=feedback-report (ARF, RFC 5965)"]
            var recipients: [BounceReport.Recipient] = []
            for part in reportParts {
                for group in DeliveryStatusFields(part.body).groups {
                    let type = group["Feedback-Type"]
                    if let type { reasons.append("Feedback-Type: \(type)") }
                    for value in group.all("Original-Rcpt-To") + group.all("Removal-Recipient") {
                        if let address = DeliveryStatusFields.address(value) {
                            recipients.append(complaint(address, type: type))
                        }
                    }
                }
            }
            if recipients.isEmpty { recipients = originalRecipients(message).map { complaint($0, type: nil) } }
            return (reasons, recipients)
        }
        if let subject = message.subject, ASCIISearch.hasPrefix(subject.trimming(" "), "complaint about message from"),
            let original = parts(of: message.root, where: { $0.contentType.mimeType == "message/rfc822" }).first
        {
            let named = original.children.first?.headers.raw("X-HmXmrOriginalRecipient").flatMap(
                DeliveryStatusFields.address
            )
            let addresses = named.map { [$0] } ?? originalRecipients(message)
            return (
                ["Subject: \"\(subject)\" with the original message attached (Hotmail complaint)"],
                addresses.map { complaint($0, type: "abuse") }
            )
        }
        if message.headers.raw("X-Apple-Unsubscribe")?.lowercased() == "true" {
            let from = message.headers.raw("From").map(AddressParser.parse)?.first?.address
            return (
                ["X-Apple-Unsubscribe: true (Apple Mail's unsubscribe request)"],
                from.map { [complaint($0, type: "unsubscribe")] } ?? []
            )
        }
        return nil
    }

    private static func complaint(_ address: String, type: String?) -> BounceReport.Recipient {
        BounceReport.Recipient(address: address, status: nil, action: "complaint", diagnostic: type, remoteMTA: nil)
    }

    /// The To addresses of the returned original message (`message/rfc822` or `text/rfc822-headers` part).
    static func originalRecipients(_ message: ParsedMessage) -> [String] {
        guard let headers = originalHeaders(message), let to = headers.raw("To") else { return [] }
        return AddressParser.parse(to).map(\.address).filter { $0.contains("@") }
    }

    /// The headers of the returned original message, if the report carries it.
    static func originalHeaders(_ message: ParsedMessage) -> MIMEHeaders? {
        let original = parts(of: message.root) {
            $0.contentType.mimeType == "message/rfc822" || $0.contentType.mimeType == "text/rfc822-headers"
                || $0.contentType.mimeType == "message/rfc822-headers" || $0.contentType.mimeType == "message/global"
                || $0.contentType.mimeType == "text/rfc822-header"
                || $0.contentType.mimeType == "message/global-headers"
        }.first
        guard let original else { return nil }
        if let child = original.children.first { return child.headers }
        return ParsedMessage.parse(original.body).headers
    }

    /// The parts matching a test, depth first, not entering embedded messages.
    static func parts(of root: MIMEPart, where test: (MIMEPart) -> Bool) -> [MIMEPart] {
        var found: [MIMEPart] = []
        var stack = [root]
        while let part = stack.popLast() {
            if test(part) {
                found.append(part)
                continue
            }
            if part.contentType.type == "multipart" { stack += part.children.reversed() }
        }
        return found
    }
}
