import SmileyHTML

/// A Salesforce Outbound Message: a SOAP 1.1 `notifications` request (`http://soap.sforce.com/2005/09/outbound`)
/// carrying up to 100 `Notification`s, each an `Id` and an `sObject` whose children are the fields the admin
/// chose. Read through ``XMLDocument`` (libxml2 with no entity expansion, no DTD, no network: a payload declaring
/// entities is refused). Salesforce retries a message until it is answered with ``acknowledgement``.
struct SalesforceOutboundMessage {
    static let namespace = "http://soap.sforce.com/2005/09/outbound"

    /// The organization that sent it.
    let organizationID: String
    /// Each notification's values: the sObject's fields by local name, plus `NotificationId`, `ObjectType`
    /// (`Case` of `sf:Case`), `OrganizationId` and `ActionId`.
    let notifications: [[String: String]]

    /// Parses a message.
    init(_ body: [UInt8]) throws(TriggerError) {
        let document: XMLDocument
        do { document = try XMLDocument(parsing: body) } catch {
            throw .malformed("not a Salesforce Outbound Message (\(error.description))")
        }
        guard document.root.localName == "Envelope",
            let notifications = document.root.descendant(path: ["Body", "notifications"]),
            notifications.namespaceURI == Self.namespace
        else {
            throw .malformed("not a SOAP Envelope with a Body holding <notifications xmlns=\"\(Self.namespace)\">")
        }
        let organization = notifications.child(named: "OrganizationId")?.allText.trimmed ?? ""
        guard !organization.isEmpty else { throw .malformed("the message has no OrganizationId") }
        let action = notifications.child(named: "ActionId")?.allText.trimmed ?? ""
        var values: [[String: String]] = []
        for notification in notifications.children(named: "Notification") {
            guard let id = notification.child(named: "Id")?.allText.trimmed, !id.isEmpty,
                let object = notification.child(named: "sObject")
            else { throw .malformed("a Notification lacks its Id or sObject") }
            var fields: [String: String] = [:]
            for field in object.children where fields[field.localName] == nil {
                fields[field.localName] = field.allText.trimmed
            }
            fields["NotificationId"] = id
            fields["OrganizationId"] = organization
            fields["ActionId"] = action
            if let type = object.attributes["xsi:type"] {
                fields["ObjectType"] = String(type.split(separator: ":").last ?? Substring(type))
            }
            values.append(fields)
        }
        guard !values.isEmpty else { throw .malformed("the message carries no Notification") }
        self.organizationID = organization
        self.notifications = values
    }

    /// The answer Salesforce needs to stop retrying the message.
    static let acknowledgement = """
        <?xml version="1.0" encoding="UTF-8"?>
        <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" \
        xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
         <soapenv:Body>
          <notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound">
           <Ack>true</Ack>
          </notificationsResponse>
         </soapenv:Body>
        </soapenv:Envelope>

        """
}

extension String {
    fileprivate var trimmed: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
