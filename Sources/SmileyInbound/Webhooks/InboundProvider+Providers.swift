import Foundation
import SmileyCore
import SmileyMIME

extension InboundProvider {
    static func mailgun(
        _ request: WebhookRequest,
        _ credential: Credential,
        _ now: Date,
        _ window: TimeInterval
    ) throws(InboundWebhookError) -> Delivery {
        guard case .signingKey(let key) = credential else {
            throw .unauthenticated("no Mailgun signing key configured")
        }
        let form = try request.form()
        guard let timestamp = form["timestamp"]?.text, let token = form["token"]?.text,
            let signature = form["signature"]?.text
        else { throw .unauthenticated("the form has no timestamp, token and signature (Mailgun signs every post)") }
        let expected = HMACSignature.hex(
            HMACSignature.code(.sha256, key: key, message: Array((timestamp + token).utf8))
        )
        guard HMACSignature.constantTimeEqual(Array(signature.lowercased().utf8), Array(expected.utf8)) else {
            throw .unauthenticated("the signature does not match; check the HTTP webhook signing key")
        }
        let signed = try fresh(timestamp, now, window)
        return try mailgunMessage(form, replayKey: "mailgun/" + token, signedAt: signed)
    }

    /// The message of a Mailgun post (authenticated by the caller).
    static func mailgunMessage(
        _ form: FormData,
        replayKey: String?,
        signedAt signed: Date?
    ) throws(InboundWebhookError) -> Delivery {
        let recipient = form["recipient"]?.text
        // The raw message when the route asks for it (a URL ending in "mime"); the full bodies otherwise, never
        // the stripped ones (`stripped-text` drops quoted text Smiley reads itself).
        if let mime = form["body-mime"]?.value, !mime.isEmpty {
            return Delivery(
                message: mime,
                envelopeRecipient: recipient,
                rebuilt: false,
                replayKey: replayKey,
                signedAt: signed
            )
        }
        var message = RebuiltMessage()
        guard let headersJSON = form["message-headers"]?.value,
            let pairs = try? JSONSerialization.jsonObject(with: Data(headersJSON)) as? [[String]]
        else { throw .missingField("message-headers") }
        for pair in pairs where pair.count == 2 { message.add(pair[0], pair[1]) }
        let text = form["body-plain"]?.text
        let html = form["body-html"]?.text
        guard text != nil || html != nil else { throw .missingField("body-plain") }
        return Delivery(
            message: message.message(text: text, html: html),
            envelopeRecipient: recipient,
            rebuilt: true,
            replayKey: replayKey,
            signedAt: signed
        )
    }

    static func postmark(_ request: WebhookRequest) throws(InboundWebhookError) -> Delivery {
        guard let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any] else {
            throw .malformed("not a JSON object")
        }
        let recipient = (object["OriginalRecipient"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        if let raw = object["RawEmail"] as? String, !raw.isEmpty {
            return Delivery(message: Array(raw.utf8), envelopeRecipient: recipient, rebuilt: false)
        }
        var message = RebuiltMessage()
        for header in object["Headers"] as? [[String: Any]] ?? [] {
            if let name = header["Name"] as? String, let value = header["Value"] as? String { message.add(name, value) }
        }
        let top: [(field: String, header: String)] = [
            ("From", "From"), ("To", "To"), ("Cc", "Cc"), ("ReplyTo", "Reply-To"), ("Subject", "Subject"),
            ("Date", "Date"),
        ]
        for (field, header) in top where !message.has(header) {
            if let value = object[field] as? String, !value.isEmpty { message.add(header, value) }
        }
        guard message.has("From") else { throw .missingField("From") }
        if !message.has("Message-ID"), let id = object["MessageID"] as? String, !id.isEmpty {
            // Postmark's own id (the original's Message-ID is in Headers when it had one): a retry of the same
            // post is then the same message to the store.
            message.add("Message-ID", "<\(id)@postmark.inbound.invalid>")
        }
        let text = (object["TextBody"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        let html = (object["HtmlBody"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        return Delivery(message: message.message(text: text, html: html), envelopeRecipient: recipient, rebuilt: true)
    }

    static func sendgrid(_ request: WebhookRequest) throws(InboundWebhookError) -> Delivery {
        let form = try request.form()
        var recipient: String?
        if let envelope = form["envelope"]?.value,
            let object = try? JSONSerialization.jsonObject(with: Data(envelope)) as? [String: Any],
            let to = object["to"] as? [String]
        {
            recipient = to.first
        }
        if let raw = form["email"]?.value, !raw.isEmpty {
            return Delivery(message: raw, envelopeRecipient: recipient, rebuilt: false)
        }
        guard let headers = form["headers"]?.value else { throw .missingField("headers") }
        // `charsets` names each field's charset ({"text":"iso-8859-1",…}); the bodies are not UTF-8 by default.
        var charsets: [String: String] = [:]
        if let json = form["charsets"]?.value,
            let object = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: String]
        {
            charsets = object
        }
        func decoded(_ name: String) -> String? {
            guard let field = form[name] else { return nil }
            let label = charsets[name] ?? field.contentType?.charset ?? "utf-8"
            // A body named UTF-8 that is not (a sender's client mislabelling windows-1252) is read as windows-1252,
            // the usual truth, so no character becomes U+FFFD; an unknown label falls back inside CharsetDecoder.
            if label.lowercased().replacingOccurrences(of: "-", with: "") == "utf8",
                String(validating: field.value, as: UTF8.self) == nil
            {
                return CharsetDecoder.decode(field.value, charset: "windows-1252").text
            }
            return CharsetDecoder.decode(field.value, charset: label).text
        }
        var message = RebuiltMessage()
        message.addRawHeaderBlock(headers)
        guard message.has("From") else { throw .malformed("the headers field has no From") }
        let text = decoded("text")
        let html = decoded("html")
        return Delivery(message: message.message(text: text, html: html), envelopeRecipient: recipient, rebuilt: true)
    }
}
