import Foundation
import SmileyMIME

/// CloudMailin (raw and JSON formats) and the Mailjet Parse API: both authenticated with HTTP basic auth in the
/// URL the provider posts to (neither signs its posts).
extension InboundProvider {
    /// CloudMailin's "Raw Message" format (multipart: the message in `message`, the envelope in `envelope[to]`),
    /// or its JSON format (rebuilt from `headers`, `plain`, `html`). Its multipart "normalized" format is refused:
    /// it drops header fields Smiley reads; choose Raw or JSON.
    static func cloudmailin(_ request: WebhookRequest) throws(InboundWebhookError) -> Delivery {
        let type = request.header("Content-Type")?.lowercased() ?? ""
        if type.hasPrefix("application/json") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any] else {
                throw .malformed("CloudMailin's JSON format posts a JSON object")
            }
            guard let headers = object["headers"] as? [String: Any] else { throw .missingField("headers") }
            var message = RebuiltMessage()
            for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
                // A field sent more than once (Received) is an array.
                for item in value as? [String] ?? [value as? String].compactMap({ $0 }) { message.add(name, item) }
            }
            guard message.has("From") else { throw .malformed("the headers object has no From") }
            let envelope = object["envelope"] as? [String: Any]
            return Delivery(
                message: message.message(text: object["plain"] as? String, html: object["html"] as? String),
                envelopeRecipient: envelope?["to"] as? String,
                rebuilt: true
            )
        }
        let form = try request.form()
        guard let raw = form["message"]?.value, !raw.isEmpty else {
            if form["plain"] != nil || form["headers[From]"] != nil || form["headers[from]"] != nil {
                throw .notAMessage(
                    "CloudMailin's multipart (normalized) format drops header fields Smiley reads; "
                        + "set the address's format to Raw or JSON"
                )
            }
            throw .missingField("message")
        }
        return Delivery(message: raw, envelopeRecipient: form["envelope[to]"]?.text, rebuilt: false)
    }

    /// The Mailjet Parse API's JSON: Mailjet posts no raw message, so it is rebuilt from `Headers` (an object of
    /// arrays) and the `Text-part` and `Html-part`; without readable `Headers`, from `From`, `Recipient`,
    /// `Subject` and `Date`.
    static func mailjet(_ request: WebhookRequest) throws(InboundWebhookError) -> Delivery {
        guard let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any] else {
            throw .malformed("the Parse API posts a JSON object")
        }
        var message = RebuiltMessage()
        if let headers = object["Headers"] as? [String: Any] {
            for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
                for item in value as? [String] ?? [value as? String].compactMap({ $0 }) { message.add(name, item) }
            }
        }
        let top: [(field: String, header: String)] = [("From", "From"), ("Recipient", "To"), ("Subject", "Subject")]
        for (field, header) in top where !message.has(header) {
            if let value = object[field] as? String, !value.isEmpty { message.add(header, value) }
        }
        if !message.has("Date"), let date = (object["Date"] as? String).flatMap(Self.mailjetDate) {
            message.add("Date", date)
        }
        guard message.has("From") else { throw .missingField("From") }
        let text = (object["Text-part"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        let html = (object["Html-part"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        guard text != nil || html != nil else { throw .missingField("Text-part") }
        return Delivery(
            message: message.message(text: text, html: html),
            envelopeRecipient: object["Recipient"] as? String,
            rebuilt: true
        )
    }

    /// Mailjet's `20150410T160638` (UTC) as an RFC 5322 date.
    static func mailjetDate(_ text: String) -> String? {
        let parser = DateFormatter()
        parser.locale = Locale(identifier: "en_US_POSIX")
        parser.timeZone = TimeZone(identifier: "UTC")
        parser.dateFormat = "yyyyMMdd'T'HHmmss"
        guard let date = parser.date(from: text) else { return nil }
        parser.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return parser.string(from: date)
    }
}
