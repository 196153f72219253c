import Foundation

/// Reads an Amazon SES notification delivered by SNS e-mail (`AWS Notification Message`): a JSON body with
/// `notificationType` `Bounce`, `Complaint` or `Delivery`.
enum BounceAmazonSES {
    /// The notification's kind and recipients, or nil when the text is not an SES notification.
    static func read(_ text: String) -> (kind: MessageKind, recipients: [BounceReport.Recipient], type: String)? {
        let trimmed = text.trimming(" \t\r\n")
        guard trimmed.hasPrefix("{"), trimmed.contains("notificationType") else { return nil }
        // The JSON is followed by SNS's footer ("--\nIf you wish to stop receiving…"): cut at the last brace.
        guard let close = trimmed.lastIndex(of: "}") else { return nil }
        let json = String(trimmed[...close])
        // Mail transport may have folded the long JSON line; line breaks never belong inside SES's JSON.
        let unfolded = json.filter { $0 != "\n" && $0 != "\r" && $0 != "\r\n" }
        let parsed =
            (try? JSONSerialization.jsonObject(with: Data(json.utf8)))
            ?? (try? JSONSerialization.jsonObject(with: Data(unfolded.utf8)))
        guard var object = parsed as? [String: Any] else { return nil }
        // SNS wraps the SES notification as a JSON string in "Message" when raw delivery is off.
        if object["notificationType"] == nil, let inner = object["Message"] as? String,
            let unwrapped = (try? JSONSerialization.jsonObject(with: Data(inner.utf8))) as? [String: Any]
        {
            object = unwrapped
        }
        guard let type = object["notificationType"] as? String else { return nil }
        switch type {
        case "Bounce":
            let bounce = object["bounce"] as? [String: Any] ?? [:]
            let permanent = (bounce["bounceType"] as? String) == "Permanent"
            let list = bounce["bouncedRecipients"] as? [[String: Any]] ?? []
            let recipients = list.map { entry in
                let status = (entry["status"] as? String) ?? (permanent ? "5.0.0" : nil)
                return BounceReport.Recipient(
                    address: entry["emailAddress"] as? String,
                    status: status,
                    action: (entry["action"] as? String)?.lowercased() ?? "failed",
                    diagnostic: (entry["diagnosticCode"] as? String).map(DeliveryStatusFields.stripType),
                    remoteMTA: bounce["reportingMTA"] as? String
                )
            }
            return (.bounce, recipients, type)
        case "Complaint":
            let complaint = object["complaint"] as? [String: Any] ?? [:]
            let list = complaint["complainedRecipients"] as? [[String: Any]] ?? []
            let recipients = list.map {
                BounceReport.Recipient(
                    address: $0["emailAddress"] as? String,
                    status: nil,
                    action: "complaint",
                    diagnostic: complaint["complaintFeedbackType"] as? String,
                    remoteMTA: nil
                )
            }
            return (.feedbackReport, recipients, type)
        case "Delivery":
            let delivery = object["delivery"] as? [String: Any] ?? [:]
            let list = delivery["recipients"] as? [String] ?? []
            let recipients = list.map {
                BounceReport.Recipient(
                    address: $0,
                    status: "2.0.0",
                    action: "delivered",
                    diagnostic: delivery["smtpResponse"] as? String,
                    remoteMTA: delivery["reportingMTA"] as? String
                )
            }
            return (.bounce, recipients, type)
        default:
            return nil
        }
    }
}
