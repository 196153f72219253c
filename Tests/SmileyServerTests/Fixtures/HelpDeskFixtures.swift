import Foundation

/// Response bodies of the help desks' REST APIs, as their documentation gives them, served by ``MockHelpDesk``.
/// They are Swift strings rather than `.json` files so that the test target has no file SwiftPM does not handle.
/// `PORT` is replaced by the mock's port where a body names a URL.
enum HelpDeskFixtures {
    /// The signing key ConnectWise's `Metadata.key_url` returns (`GET …/system/callbackkey/index.rails?id=…`,
    /// answered `{"signing_key": "…"}`).
    static let connectwiseSigningKey = "cw-callback-signing-key-3f9a"

    /// A ConnectWise PSA callback for a ticket (the summary ConnectWise POSTs: `MessageId`, `FromUrl`, `CompanyId`,
    /// `MemberId`, `Action`, `Type`, `ID`, `ProductInstanceId`, `PartnerId`, `Entity` as a JSON string, `Metadata`
    /// with `key_url`), after ConnectWise's "PSA Callbacks" developer page. `ID` is the ticket; `KEYURL` is
    /// replaced by the signing-key URL.
    static func connectwiseCallback(id: Int, messageID: String, keyURL: String, status: String = "Closed") -> String {
        let entity =
            #"{"id":\#(id),"summary":"Printer offline","status":{"id":17,"name":"\#(status)"},"#
            + #""contact":{"id":301,"name":"Ann Example"},"contactName":"Ann Example"}"#
        let escaped = entity.replacingOccurrences(of: "\"", with: "\\\"")
        return #"""
            {"MessageId":"\#(messageID)","FromUrl":"https://api-na.myconnectwise.net","CompanyId":"acme","MemberId":"jsmith","Action":"updated","Type":"ticket","ID":\#(id),"ProductInstanceId":"a7b2c3d4-0000-4e5f-8a9b-0c1d2e3f4a5b","PartnerId":"acme","Entity":"\#(escaped)","Metadata":{"key_url":"\#(keyURL)"}}
            """#
    }

    /// `GET /service/tickets/{id}` of ConnectWise's REST API (the `Ticket` model of its OpenAPI specification:
    /// `id`, `summary`, `board`, `status`, `company`, `contact`, `contactName`, `owner`, `closedFlag`, `_info`).
    /// The API leaves out a field that has no value; this ticket's contact has its address on the contact record
    /// only, so `contactEmailAddress` is absent and the contact is fetched.
    static func connectwiseTicket(id: Int, status: String) -> String {
        #"""
        {
          "id": \#(id),
          "summary": "Printer offline",
          "recordType": "ServiceTicket",
          "board": {"id": 1, "name": "Help Desk", "_info": {"board_href": "https://api-na.myconnectwise.net/v4_6_release/apis/3.0/service/boards/1"}},
          "status": {"id": 17, "name": "\#(status)", "_info": {"status_href": "https://api-na.myconnectwise.net/v4_6_release/apis/3.0/service/boards/1/statuses/17"}},
          "company": {"id": 250, "identifier": "Example", "name": "Example Corp", "_info": {"company_href": "https://api-na.myconnectwise.net/v4_6_release/apis/3.0/company/companies/250"}},
          "contact": {"id": 301, "name": "Ann Example", "_info": {"contact_href": "https://api-na.myconnectwise.net/v4_6_release/apis/3.0/company/contacts/301"}},
          "contactName": "Ann Example",
          "contactPhoneNumber": "5555550100",
          "type": {"id": 4, "name": "Hardware"},
          "priority": {"id": 4, "name": "Priority 3 - Normal Response", "sort": 6},
          "owner": {"id": 150, "identifier": "jsmith", "name": "John Smith"},
          "severity": "Medium",
          "impact": "Medium",
          "closedDate": "2025-02-03T19:58:11Z",
          "closedBy": "jsmith",
          "closedFlag": true,
          "dateEntered": "2025-02-03T15:02:45Z",
          "_info": {"lastUpdated": "2025-02-03T19:58:11Z", "updatedBy": "jsmith"}
        }
        """#
    }

    /// `GET /company/contacts/{id}` of ConnectWise's REST API (the `Contact` model: `communicationItems`, each with
    /// `type`, `value`, `defaultFlag` and `communicationType` Email, Phone or Fax). The default e-mail is the
    /// requester's address; the other one must not be chosen.
    static let connectwiseContact = #"""
        {
          "id": 301,
          "firstName": "Ann",
          "lastName": "Example",
          "company": {"id": 250, "identifier": "Example", "name": "Example Corp"},
          "inactiveFlag": false,
          "communicationItems": [
            {"id": 1101, "type": {"id": 2, "name": "Direct"}, "value": "5555550100", "defaultFlag": true, "communicationType": "Phone"},
            {"id": 1102, "type": {"id": 1, "name": "Email"}, "value": "ann.old@example.com", "defaultFlag": false, "communicationType": "Email"},
            {"id": 1103, "type": {"id": 1, "name": "Email"}, "value": "ann@example.com", "defaultFlag": true, "communicationType": "Email"}
          ],
          "_info": {"lastUpdated": "2024-11-20T10:01:02Z", "updatedBy": "jsmith"}
        }
        """#

    /// An Autotask ticket webhook (the documented `Action`, `Guid`, `EntityType`, `Id`, `Fields`, `EventTime`,
    /// `SequenceNumber`, `PersonID`), without the contact's address or id among its fields.
    static let autotaskWebhook = #"""
        {"Action":"Update","Guid":"6f1c2f0e-3b8a-4c8e-9d51-0a5b1c2d3e4f","EntityType":"Ticket","Id":41234,"Fields":{"Status":5,"TicketNumber":"T20250203.0042","Title":"Printer offline"},"EventTime":"2025-02-03T19:59:30Z","SequenceNumber":18,"PersonID":29683345}
        """#

    /// `GET /V1.0/Tickets/{id}` of Autotask's REST API ("Tickets" entity: the answer wraps the entity in `item`;
    /// `contactID` names the requester).
    static let autotaskTicket = #"""
        {"item":{"id":41234,"ticketNumber":"T20250203.0042","title":"Printer offline","status":5,"priority":2,"companyID":0,"contactID":29683370,"assignedResourceID":29682885,"createDate":"2025-02-03T15:02:45.000Z","completedDate":"2025-02-03T19:59:28.000Z","userDefinedFields":[]}}
        """#

    /// `GET /V1.0/Contacts/{id}` of Autotask's REST API ("Contacts" entity, in `item`).
    static let autotaskContact = #"""
        {"item":{"id":29683370,"companyID":0,"firstName":"Ann","lastName":"Example","emailAddress":"ann@example.com","emailAddress2":null,"isActive":1,"userDefinedFields":[]}}
        """#

    /// `GET /api/v2/tickets/{id}.json` of Zendesk's Support API ("Tickets", Show Ticket: the ticket in `ticket`,
    /// `requester_id` naming the requester).
    static let zendeskTicket = #"""
        {"ticket":{"url":"https://acme.zendesk.com/api/v2/tickets/7.json","id":7,"external_id":null,"via":{"channel":"web"},"created_at":"2025-02-03T19:59:00Z","updated_at":"2025-02-03T20:10:00Z","type":"incident","subject":"Hello world","priority":"normal","status":"solved","requester_id":20978392,"submitter_id":20978392,"assignee_id":235323,"organization_id":null,"group_id":98738,"tags":["change_address","help","order"],"custom_fields":[]}}
        """#

    /// `GET /api/v2/users/{id}.json` of Zendesk's Support API ("Users", Show User: the user in `user`).
    static let zendeskUser = #"""
        {"user":{"id":20978392,"url":"https://acme.zendesk.com/api/v2/users/20978392.json","name":"testerzulip","email":"tester@example.org","created_at":"2025-01-10T09:00:00Z","time_zone":"Eastern Time (US & Canada)","locale":"en-US","role":"end-user","verified":true,"active":true}}
        """#
}
