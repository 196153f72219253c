import Foundation
import SmileyMIME

extension InboundProvider {
    /// The message of an SES receipt notification (an SNS notification's `Message`, already verified): the raw MIME
    /// in `content`, base64 or UTF-8 as the receipt rule's SNS action says. A notification without `content` (an
    /// S3 or Lambda action's alert), and SES's other notifications (bounces, complaints, deliveries), carry no
    /// message to keep: they are refused (422), with what to change.
    static func ses(_ notification: SNSMessage, replayKey: String?) throws(InboundWebhookError) -> Delivery {
        guard let object = try? JSONSerialization.jsonObject(with: Data(notification.message.utf8)) as? [String: Any]
        else {
            throw .malformed("the SNS Message is not SES's notification JSON (is the topic an SES receipt rule's?)")
        }
        guard let type = object["notificationType"] as? String else { throw .missingField("notificationType") }
        guard type == "Received" else {
            throw .notAMessage(
                "an SES \(type) notification is about mail Smiley sent, not a reply; Smiley reads bounces and "
                    + "complaints from the mail itself: publish only the receipt rule's SNS action to this topic"
            )
        }
        let receipt = object["receipt"] as? [String: Any] ?? [:]
        let action = receipt["action"] as? [String: Any] ?? [:]
        guard let content = object["content"] as? String, !content.isEmpty else {
            let kind = action["type"] as? String ?? "unknown"
            throw .notAMessage(
                "this SES notification has no content: the receipt rule's \(kind) action leaves the message in "
                    + (kind == "S3" ? "the S3 bucket, " : "AWS, ")
                    + "not in the notification; give the rule an SNS action (encoding Base64) for this topic"
            )
        }
        let message: [UInt8]
        if (action["encoding"] as? String)?.uppercased() == "BASE64" {
            let decoded = Base64.decode(Array(content.utf8))
            guard !decoded.malformed, !decoded.bytes.isEmpty else {
                throw .malformed("the content is marked Base64 but is not base64")
            }
            message = decoded.bytes
        } else {
            // UTF-8 encoding: the message as text (SES replaced bytes that were not UTF-8).
            message = Array(content.utf8)
        }
        let recipients = receipt["recipients"] as? [String] ?? []
        let destination = (object["mail"] as? [String: Any])?["destination"] as? [String] ?? []
        return Delivery(
            message: message,
            envelopeRecipient: recipients.first ?? destination.first,
            rebuilt: false,
            replayKey: replayKey,
            signedAt: notification.publishedAt
        )
    }

    /// The message of a verified SNS notification from an SES receipt rule, remembered by its MessageId against
    /// replays.
    /// - Throws: ``InboundWebhookError``: 422 for a notification that carries no message (S3 action, bounce), 400
    ///   for one that is not SES's.
    public static func sesDelivery(of notification: SNSMessage) throws(InboundWebhookError) -> Delivery {
        try ses(notification, replayKey: "ses/" + notification.messageID)
    }

    /// A verified SNS post for the `ses` route: the message of a notification, or a refusal for a confirmation
    /// (the server answers those itself).
    static func sns(
        _ request: WebhookRequest,
        _ credential: Credential,
        _ now: Date
    ) throws(InboundWebhookError) -> Delivery {
        guard case .sns(let verifier) = credential else { throw .unauthenticated("the ses route has no verifier") }
        let message = try verifier.verify(request, now: now)
        guard message.kind == .notification else {
            throw .notAMessage("an SNS \(message.kind.rawValue) is answered by 'smiley serve', not read as mail")
        }
        return try sesDelivery(of: message)
    }
}
