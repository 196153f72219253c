import Foundation
import SmileyCore
import SmileyMIME

/// The providers that post several messages at once: SparkPost relay webhooks (a JSON array of
/// `msys.relay_message`) and Mandrill inbound (`mandrill_events`, a JSON array of events). Every message of a
/// verified batch is handed on; one that cannot be read refuses the whole batch, so nothing is kept from half of it
/// and the provider's retry finds the stored ones stored.
extension InboundProvider {
    /// SparkPost: the relay webhook's `auth_token`, sent as `X-MessageSystems-Webhook-Token`.
    static func sparkpost(
        _ request: WebhookRequest,
        _ credential: Credential
    ) throws(InboundWebhookError) -> [Delivery] {
        guard case .token(let token) = credential else {
            throw .unauthenticated("the sparkpost route is configured without a token")
        }
        guard let sent = request.header("X-MessageSystems-Webhook-Token") else {
            throw .unauthenticated(
                "no X-MessageSystems-Webhook-Token header; give the relay webhook an auth_token (the tokenFile's)"
            )
        }
        guard HMACSignature.constantTimeEqual(Array(sent.utf8), Array(token.utf8)) else {
            throw .unauthenticated("the X-MessageSystems-Webhook-Token is not the configured token")
        }
        return try sparkpostMessages(request)
    }

    /// The messages of a SparkPost relay-webhook batch (authenticated by the caller): each `email_rfc822`, base64
    /// when `email_rfc822_is_base64` says so. The parsed `subject`, `to`, `text` fields are not used: SparkPost's
    /// own documented sample shows them disagreeing with the message itself.
    static func sparkpostMessages(_ request: WebhookRequest) throws(InboundWebhookError) -> [Delivery] {
        guard let batch = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [[String: Any]] else {
            throw .malformed("a SparkPost relay webhook posts a JSON array of msys.relay_message objects")
        }
        var deliveries: [Delivery] = []
        for (index, item) in batch.enumerated() {
            guard let relay = (item["msys"] as? [String: Any])?["relay_message"] as? [String: Any],
                let content = relay["content"] as? [String: Any]
            else { throw .missingField("[\(index)].msys.relay_message.content") }
            guard let rfc822 = content["email_rfc822"] as? String, !rfc822.isEmpty else {
                throw .missingField("[\(index)].msys.relay_message.content.email_rfc822")
            }
            var message = Array(rfc822.utf8)
            if content["email_rfc822_is_base64"] as? Bool == true {
                let decoded = Base64.decode(message)
                guard !decoded.malformed else { throw .malformed("message \(index): email_rfc822 is not base64") }
                message = decoded.bytes
            }
            deliveries.append(
                Delivery(message: message, envelopeRecipient: relay["rcpt_to"] as? String, rebuilt: false)
            )
        }
        return deliveries
    }

    /// Mandrill: `X-Mandrill-Signature`, base64 of HMAC-SHA1 under the webhook key of the webhook's URL followed by
    /// each POST field's name and value, sorted by name (Mandrill's "Authenticating webhook requests"). Mandrill
    /// signs no time: a repeated post finds its messages stored (duplicates), as with basic authentication.
    static func mandrill(
        _ request: WebhookRequest,
        _ credential: Credential
    ) throws(InboundWebhookError) -> [Delivery] {
        guard case .urlKey(let url, let key) = credential else {
            throw .unauthenticated("the mandrill route is configured without its URL and key")
        }
        guard let signature = request.header("X-Mandrill-Signature") else {
            throw .unauthenticated("no X-Mandrill-Signature header (Mandrill signs every webhook post)")
        }
        let form = try request.form()
        var signed = Array(url.utf8)
        for field in form.fields.sorted(by: { $0.name < $1.name }) { signed += Array(field.name.utf8) + field.value }
        let expected = Data(HMACSignature.code(.sha1, key: key, message: signed)).base64EncodedString()
        guard HMACSignature.constantTimeEqual(Array(signature.utf8), Array(expected.utf8)) else {
            throw .unauthenticated(
                "the X-Mandrill-Signature does not match; check the webhook key and that server.webhooks.mandrill.url "
                    + "is exactly the URL given to Mandrill"
            )
        }
        return try mandrillMessages(form)
    }

    /// The messages of a Mandrill post (authenticated by the caller): each inbound event's `msg.raw_msg`. Events of
    /// other kinds carry no reply and are passed over.
    static func mandrillMessages(_ form: FormData) throws(InboundWebhookError) -> [Delivery] {
        guard let events = form["mandrill_events"]?.value else { throw .missingField("mandrill_events") }
        guard let batch = try? JSONSerialization.jsonObject(with: Data(events)) as? [[String: Any]] else {
            throw .malformed("mandrill_events is not a JSON array of events")
        }
        var deliveries: [Delivery] = []
        for (index, event) in batch.enumerated() where event["event"] as? String == "inbound" {
            guard let msg = event["msg"] as? [String: Any], let raw = msg["raw_msg"] as? String, !raw.isEmpty else {
                throw .missingField("mandrill_events[\(index)].msg.raw_msg")
            }
            deliveries.append(
                Delivery(message: Array(raw.utf8), envelopeRecipient: msg["email"] as? String, rebuilt: false)
            )
        }
        return deliveries
    }
}
