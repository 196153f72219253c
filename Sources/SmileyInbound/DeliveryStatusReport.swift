import Foundation
import SmileyMIME

/// Reads the recipients of an RFC 3464 report from its `message/delivery-status` part(s).
enum DeliveryStatusReport {
    /// Whether a media type carries delivery-status fields (RFC 3464, RFC 6533, and a mislabelled variant seen in
    /// use). A switch: a `Set` made on first use cost a relay's process more than all its look-ups.
    static func carriesStatus(_ mediaType: String) -> Bool {
        switch mediaType {
        case "message/delivery-status", "message/global-delivery-status", "text/delivery-status": true
        default: false
        }
    }

    /// Every delivery-status part, depth first, not entering embedded messages.
    static func parts(in root: MIMEPart) -> [MIMEPart] {
        var found: [MIMEPart] = []
        var stack = [root]
        while let part = stack.popLast() {
            if carriesStatus(part.contentType.mimeType) {
                found.append(part)
                continue
            }
            if part.contentType.type == "multipart" { stack += part.children.reversed() }
        }
        return found
    }

    /// The per-recipient entries of the delivery-status parts (groups with no recipient field and no Action or
    /// Status are per-message fields and are skipped).
    static func recipients(in parts: [MIMEPart]) -> [BounceReport.Recipient] {
        parts.flatMap { recipients(in: DeliveryStatusFields($0.body)) }
    }

    /// Per-recipient field groups written inline in a text (a report whose MIME structure is broken, or a text
    /// bounce that copies the fields into its body); only groups with a `Final-Recipient` or
    /// `Original-Recipient` address count here.
    static func inlineRecipients(in text: String) -> [BounceReport.Recipient] {
        guard
            ASCIISearch.caseInsensitiveStart(of: "final-recipient:", in: text) != nil
                || ASCIISearch.caseInsensitiveStart(of: "original-recipient:", in: text) != nil
        else { return [] }
        return recipients(in: DeliveryStatusFields(Array(text.utf8))).filter { $0.address != nil }
    }

    private static func recipients(in fields: DeliveryStatusFields) -> [BounceReport.Recipient] {
        var recipients: [BounceReport.Recipient] = []
        for group in fields.groups {
            let address =
                group["Final-Recipient"].flatMap(DeliveryStatusFields.address)
                ?? group["Original-Recipient"].flatMap(DeliveryStatusFields.address)
                ?? group["X-Actual-Recipient"].flatMap(DeliveryStatusFields.address)
            let action = group["Action"].map { AutoReplyDetector.firstWord($0) }
            let rawStatus = group["Status"]
            let hasStatus = rawStatus.flatMap { BounceTextScanner.enhancedStatus(in: $0) } != nil
            guard address != nil || action != nil || (hasStatus && group["Reporting-MTA"] == nil) else { continue }
            let diagnostic = group["Diagnostic-Code"].map(DeliveryStatusFields.stripType)
            var status = rawStatus.flatMap { BounceTextScanner.enhancedStatus(in: $0) }
            if status == nil, let diagnostic { status = BounceTextScanner.status(in: diagnostic) }
            if status == nil, let rawStatus { status = BounceTextScanner.replyCodeStatus(in: rawStatus) }
            let remote = group["Remote-MTA"].map(DeliveryStatusFields.stripType)
            recipients.append(
                BounceReport.Recipient(
                    address: address,
                    status: status,
                    action: action,
                    diagnostic: diagnostic?.isEmpty == false ? diagnostic : nil,
                    remoteMTA: remote?.isEmpty == false ? remote : nil
                )
            )
        }
        return recipients
    }
}
