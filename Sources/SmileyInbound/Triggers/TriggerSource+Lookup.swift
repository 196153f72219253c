public import Foundation
import SmileyCore

/// ConnectWise PSA callbacks, and the requester's address fetched over a help desk's API when the post lacks it
/// (ConnectWise and Autotask contacts, the Zendesk ticket's requester).
///
/// A ConnectWise callback is a summary (`ID`, `Action`, `Type`, `Entity`, `Metadata.key_url`), signed in
/// `x-content-signature` as base64(HMAC-SHA256(SHA-256(signing key), body)), the signing key being what
/// `Metadata.key_url` returns. That URL is in the body, so it is trusted only on the configured tenant's host:
/// any other is refused before anything is fetched. The ticket the callback names is then fetched
/// (`GET {baseURL}/service/tickets/{ID}`), and the mapping and condition are read in it; its contact
/// (`GET {baseURL}/company/contacts/{contact.id}`) gives the address when the ticket has none.
extension TriggerSource {
    /// Verifies a ConnectWise callback's `x-content-signature`.
    /// - Throws: 401 for an unsigned callback, a key URL off the tenant's host, or a signature that does not match;
    ///   502/503 when the key cannot be fetched now (the help desk retries).
    func connectwise(_ request: WebhookRequest, _ now: Date) throws(TriggerError) -> Verification {
        guard let api else { throw .unauthenticated("the source '\(name)' has no lookup to fetch its signing key") }
        guard let signature = request.header("x-content-signature") else {
            throw .unauthenticated("no x-content-signature header")
        }
        let summary = try TriggerPayload(request.body)
        guard let keyURL = summary.text(at: "Metadata.key_url") ?? summary.text(at: "metadata.key_url") else {
            throw .unauthenticated("the callback has no Metadata.key_url to fetch its signing key from")
        }
        guard let tenant = keyOrigin(api), TriggerSettings.Lookup.origin(of: keyURL) == tenant else {
            throw .unauthenticated(
                "the signing-key URL \(keyURL) is not on the tenant's host \(keyOrigin(api) ?? "?"); nothing was fetched"
            )
        }
        var key = try api.signingKey(keyURL, now: now)
        func matches(_ key: String) -> Bool {
            let mac = HMACSignature.code(
                .sha256,
                key: TriggerSettings.Signature.connectwiseHMACKey(signingKey: key),
                message: request.body
            )
            return HMACSignature.constantTimeEqual(Array(signature.utf8), Array(Data(mac).base64EncodedString().utf8))
        }
        if !matches(key.key), now.timeIntervalSince(key.fetched) >= HelpDeskAPI.keyRefreshAfter {
            // The key may have been changed since it was kept: fetch it once more before refusing.
            key = try api.signingKey(keyURL, now: now, refresh: true)
        }
        guard matches(key.key) else { throw .unauthenticated("the signature does not match the body") }
        // No time is signed; a callback re-sent is found queued (a duplicate), never surveyed twice.
        return Verification(replayKey: summary.text(at: "MessageId").map { "connectwise/" + $0 })
    }

    /// The origin (`https://host[:port]`) the signing-key URL must have: `signature.keyHost` on the scheme of
    /// `lookup.baseURL`, or that base URL's own origin.
    private func keyOrigin(_ api: HelpDeskAPI) -> String? {
        guard let base = api.settings.origin else { return nil }
        guard let host = settings.signature.keyHost else { return base }
        return base.hasPrefix("https://") ? TriggerSettings.Lookup.origin(of: "https://" + host) : nil
    }

    /// Reads a ConnectWise callback: the ticket it names, fetched over the API (or, without an API, the callback's
    /// own `Entity`, as `smiley trigger` reads a capture offline).
    func readConnectWise(_ request: WebhookRequest) throws(TriggerError) -> TriggerReading {
        let summary = try TriggerPayload(request.body)
        let entity = summary.object(at: "Entity")
        let kind = summary.text(at: "Type") ?? "ticket"
        guard kind.lowercased() == "ticket" else { return .ignored("a callback about a \(kind), not a ticket") }
        if let action = summary.text(at: "Action"), action.lowercased() == "deleted" {
            return .ignored("the ticket was deleted")
        }
        guard let id = summary.text(at: "ID") ?? entity?.text(at: "id") else {
            throw .missingField("ID", "ticket id")
        }
        guard id.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw .malformed("the callback's ID '\(id)' is not a ticket number")
        }
        guard let api else {
            guard let entity else {
                throw .missingField("Entity", "ticket (without --lookup, the callback's Entity is read)")
            }
            return try read(entity)
        }
        guard let ticket = try api.object("/service/tickets/\(id)", what: "ticket \(id)") else {
            throw TriggerError(.missingField, "ConnectWise has no ticket \(id) (404); nothing to survey")
        }
        return try read(ticket)
    }

    /// `payload` with the requester's address (and name) fetched from the help desk's contact when the mapped
    /// address is missing and the source has an API; unchanged otherwise.
    func completingAddress(_ payload: TriggerPayload) throws(TriggerError) -> TriggerPayload {
        let fields = settings.fields
        guard let api, payload.text(at: fields.email) == nil else { return payload }
        let contact: (email: String, name: String?)?
        switch api.settings.api {
        case "connectwise": contact = try connectwiseContact(payload, api)
        case "zendesk": contact = try zendeskRequester(payload, api)
        default: contact = try autotaskContact(payload, api)
        }
        guard let contact else { return payload }
        var completed = payload.adding(contact.email, at: fields.email)
        if let path = fields.name, payload.text(at: path) == nil, let name = contact.name {
            completed = completed.adding(name, at: path)
        }
        return completed
    }

    /// The ticket's contact (`contact.id`): the default e-mail of its `communicationItems`.
    private func connectwiseContact(
        _ ticket: TriggerPayload,
        _ api: HelpDeskAPI
    ) throws(TriggerError) -> (email: String, name: String?)? {
        guard let id = ticket.text(at: "contact.id") else { return nil }
        guard let contact = try api.object("/company/contacts/\(id)", what: "contact \(id)") else { return nil }
        guard case .array(let items) = contact.value(at: "communicationItems") else { return nil }
        var emails: [(value: String, isDefault: Bool)] = []
        for case .object(let item) in items {
            let entry = TriggerPayload(object: item)
            let type = entry.text(at: "communicationType") ?? entry.text(at: "type.name")
            guard type?.lowercased() == "email", let value = entry.text(at: "value") else { continue }
            emails.append((value, entry.text(at: "defaultFlag") == "true"))
        }
        guard let email = emails.first(where: \.isDefault)?.value ?? emails.first?.value else { return nil }
        return (email, Self.fullName(contact.text(at: "firstName"), contact.text(at: "lastName")))
    }

    /// The Autotask ticket's contact: its id from the post (`Fields.ContactID`) or from the ticket
    /// (`GET /V1.0/Tickets/{Id}`, `item.contactID`), then `GET /V1.0/Contacts/{id}`, `item.emailAddress`.
    private func autotaskContact(
        _ payload: TriggerPayload,
        _ api: HelpDeskAPI
    ) throws(TriggerError) -> (email: String, name: String?)? {
        var contactID = payload.text(at: "Fields.ContactID") ?? payload.text(at: "Fields.contactID")
        if contactID == nil, let ticketID = payload.text(at: "Id") {
            guard Self.isNumber(ticketID) else { throw .malformed("the post's Id '\(ticketID)' is not a number") }
            guard let ticket = try api.object("/V1.0/Tickets/\(ticketID)", what: "ticket \(ticketID)") else {
                throw TriggerError(.missingField, "Autotask has no ticket \(ticketID) (404); nothing to survey")
            }
            contactID = ticket.text(at: "item.contactID")
        }
        guard let contactID, Self.isNumber(contactID) else { return nil }
        guard let contact = try api.object("/V1.0/Contacts/\(contactID)", what: "contact \(contactID)"),
            let email = contact.text(at: "item.emailAddress")
        else { return nil }
        return (email, Self.fullName(contact.text(at: "item.firstName"), contact.text(at: "item.lastName")))
    }

    /// The Zendesk ticket's requester: the ticket (`GET /api/v2/tickets/{id}.json`, the mapped ticket id) names
    /// `ticket.requester_id`, and the user (`GET /api/v2/users/{id}.json`) has `user.email` and `user.name`.
    private func zendeskRequester(
        _ payload: TriggerPayload,
        _ api: HelpDeskAPI
    ) throws(TriggerError) -> (email: String, name: String?)? {
        guard let ticketID = payload.text(at: settings.fields.ticketID) else { return nil }
        guard Self.isNumber(ticketID) else {
            throw .malformed("the ticket id '\(ticketID)' is not a Zendesk ticket number")
        }
        guard let ticket = try api.object("/api/v2/tickets/\(ticketID).json", what: "ticket \(ticketID)") else {
            throw TriggerError(.missingField, "Zendesk has no ticket \(ticketID) (404); nothing to survey")
        }
        guard let requester = ticket.text(at: "ticket.requester_id"), Self.isNumber(requester),
            let user = try api.object("/api/v2/users/\(requester).json", what: "user \(requester)"),
            let email = user.text(at: "user.email")
        else { return nil }
        return (email, user.text(at: "user.name"))
    }

    private static func isNumber(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isNumber }
    }

    private static func fullName(_ first: String?, _ last: String?) -> String? {
        let name = [first, last].compactMap { $0 }.joined(separator: " ")
        return name.isEmpty ? nil : name
    }
}
