import Foundation
import Testing

@testable import SmileyCore
@testable import SmileyInbound

/// The help desks' trigger signatures, each with a good, a forged and a stale (or re-sent) request, and the
/// field mapping over the shared samples. Replays are refused one level up (``TriggerWorkflow``), by the key each
/// verification returns; these tests check that key.
@Suite("trigger signatures")
struct TriggerSignatureTests {
    static let key = Array("zendesk-signing-secret".utf8)
    static let now = ISO8601DateFormatter().date(from: "2025-02-03T20:00:00Z")!

    static func source(
        _ scheme: String,
        fields: TriggerSettings.Fields,
        when: TriggerSettings.Condition? = nil
    ) -> TriggerSource {
        TriggerSource(
            name: scheme,
            settings: .init(
                signature: .init(scheme: scheme, secretFile: "x"),
                survey: "support",
                fields: fields,
                when: when
            ),
            credential: .secret(key)
        )
    }

    static func zendeskSigned(_ body: [UInt8], at timestamp: String, key: [UInt8] = key) -> WebhookRequest {
        let mac = HMACSignature.code(.sha256, key: key, message: Array(timestamp.utf8) + body)
        return WebhookRequest(
            headers: [
                ("X-Zendesk-Webhook-Signature", Data(mac).base64EncodedString()),
                ("X-Zendesk-Webhook-Signature-Timestamp", timestamp),
            ],
            body: body
        )
    }

    static func status(_ body: () throws(TriggerError) -> Void) -> Int {
        do {
            try body()
            return 200
        } catch { return error.httpStatus }
    }

    @Test func zendeskGoodForgedStaleAndTheSampleLacksTheRequesterAddress() throws {
        let body = try ClassifierFixtures.bytes("payloads/zendesk/zulip_ticket_create_update.json")
        let zendesk = Self.source(
            "zendesk",
            fields: .init(ticketID: "ticket_id", email: "requester_email", name: "requester_full_name"),
            when: .init(path: "ticket_status", equals: ["Open", "Solved"])
        )
        let good = Self.zendeskSigned(body, at: "2025-02-03T19:59:30Z")
        let verification = try zendesk.verify(good, now: Self.now, window: 300)
        #expect(verification.replayKey?.hasPrefix("zendesk/") == true)
        // The same request again carries the same key: the workflow's replay cache refuses it (409).
        #expect(try zendesk.verify(good, now: Self.now, window: 300) == verification)
        let forgedKey = Self.zendeskSigned(body, at: "2025-02-03T19:59:30Z", key: Array("guess".utf8))
        var forgedBody = good
        forgedBody.body += [0x20]
        let stale = Self.zendeskSigned(body, at: "2025-02-03T18:00:00Z")
        let unsigned = WebhookRequest(headers: [], body: body)
        for request in [forgedKey, forgedBody, stale, unsigned] {
            #expect(Self.status { () throws(TriggerError) in _ = try zendesk.verify(request, now: Self.now) } == 401)
        }
        // Zendesk's sample body (admin-authored placeholders) names the requester but not their address.
        do {
            _ = try zendesk.read(good)
            Issue.record("a trigger without an address was read")
        } catch {
            #expect(error.httpStatus == 422 && error.description.contains("requester_email"))
        }
        // With {{ticket.requester.email}} added to the webhook body, the same post is a trigger.
        var text = String(decoding: body, as: UTF8.self)
        text = text.replacingOccurrences(
            of: "\"ticket_id\"",
            with: "\"requester_email\": \"tester@example.org\",\n    \"ticket_id\""
        )
        guard case .trigger(let trigger) = try zendesk.read(WebhookRequest(headers: [], body: Array(text.utf8))) else {
            Issue.record("the condition did not hold")
            return
        }
        #expect(
            trigger.ticketID == "7" && trigger.name == "testerzulip"
                && trigger.email.description == "tester@example.org"
        )
    }

    /// Autotask publishes no sample; this body follows its documented fields (Action, Guid, EntityType, Id,
    /// Fields, EventTime, SequenceNumber, PersonID), with the contact's address as a display-always field.
    static let autotaskBody = Array(
        #"""
        {"Action":"Update","Guid":"6f1c2f0e-3b8a-4c8e-9d51-0a5b1c2d3e4f","EntityType":"Ticket","Id":41234,
         "Fields":{"Status":5,"TicketNumber":"T20250203.0042","Title":"Printer offline","ContactEmail":"ann@example.com"},
         "EventTime":"2025-02-03T19:59:30Z","SequenceNumber":17,"PersonID":29683345}
        """#.utf8
    )

    static func autotaskSigned(_ body: [UInt8], key: [UInt8] = key) -> WebhookRequest {
        let mac = HMACSignature.code(.sha1, key: key, message: body)
        return WebhookRequest(headers: [("X-Hook-Signature", "sha1=" + Data(mac).base64EncodedString())], body: body)
    }

    @Test func autotaskGoodForgedAndReplayKeyedOnGuidIdSequence() throws {
        let autotask = Self.source(
            "autotask",
            fields: .init(ticketID: "Fields.TicketNumber", email: "Fields.ContactEmail", subject: "Fields.Title"),
            when: .init(path: "Fields.Status", equals: ["5"])
        )
        let good = Self.autotaskSigned(Self.autotaskBody)
        let verification = try autotask.verify(good)
        #expect(verification.replayKey == "autotask/6f1c2f0e-3b8a-4c8e-9d51-0a5b1c2d3e4f/41234/17")
        var forged = good
        forged.body = Array(
            String(decoding: Self.autotaskBody, as: UTF8.self).replacingOccurrences(of: "ann@", with: "eve@").utf8
        )
        let wrongKey = Self.autotaskSigned(Self.autotaskBody, key: Array("guess".utf8))
        let hex = WebhookRequest(
            headers: [
                (
                    "X-Hook-Signature",
                    "sha1=" + HMACSignature.hex(HMACSignature.code(.sha1, key: Self.key, message: Self.autotaskBody))
                )
            ],
            body: Self.autotaskBody
        )
        for request in [forged, wrongKey, hex, WebhookRequest(headers: [], body: Self.autotaskBody)] {
            #expect(Self.status { () throws(TriggerError) in _ = try autotask.verify(request) } == 401)
        }
        guard case .trigger(let trigger) = try autotask.read(good) else {
            Issue.record("a completed ticket was ignored")
            return
        }
        #expect(trigger.ticketID == "T20250203.0042" && trigger.email.description == "ann@example.com")
        #expect(trigger.subject == "Printer offline")
        let open = Array(
            String(decoding: Self.autotaskBody, as: UTF8.self).replacingOccurrences(
                of: "\"Status\":5",
                with: "\"Status\":1"
            ).utf8
        )
        guard case .ignored = try autotask.read(Self.autotaskSigned(open)) else {
            Issue.record("an open ticket was a trigger")
            return
        }
    }

    @Test func freshdeskSampleReadsThroughItsMapping() throws {
        let body = try ClassifierFixtures.bytes("payloads/freshdesk/zulip_status_changed.json")
        let freshdesk = Self.source(
            "header",
            fields: .init(
                ticketID: "freshdesk_webhook.ticket_id",
                email: "freshdesk_webhook.requester_email",
                name: "freshdesk_webhook.requester_name"
            )
        )
        guard case .trigger(let trigger) = try freshdesk.read(WebhookRequest(headers: [], body: body)) else {
            Issue.record("no condition, yet ignored")
            return
        }
        #expect(trigger.ticketID == "11" && trigger.name == "Requester Bob" && trigger.surveyID == "support")
    }
}

/// Salesforce Outbound Messages through the project's libxml2 reader: the shared samples (one with a UTF-8 BOM),
/// the organization check, and entity tricks refused.
@Suite("salesforce outbound messages")
struct SalesforceTriggerTests {
    static func source(organization: String) -> TriggerSource {
        TriggerSource(
            name: "salesforce",
            settings: .init(
                format: .salesforce,
                signature: .init(scheme: "salesforce", organizationId: organization),
                survey: "support",
                fields: .init(ticketID: "Id", email: "Email", name: "FirstName")
            ),
            credential: .secret([])
        )
    }

    static func status(_ body: () throws(TriggerError) -> Void) -> Int {
        do {
            try body()
            return 200
        } catch { return error.httpStatus }
    }

    @Test func theSampleGivesOneTriggerAndPassesOverTheContactWithoutAnAddress() throws {
        let body = try ClassifierFixtures.bytes("payloads/salesforce/aspnet_webhooks_outbound_message_request.xml")
        let request = WebhookRequest(headers: [], body: body)
        let salesforce = Self.source(organization: "012345678901234")
        #expect(try salesforce.verify(request).replayKey == nil)
        let readings = try salesforce.readAll(request)
        #expect(readings.count == 2)
        guard case .ignored(let why) = readings[0], case .trigger(let trigger) = readings[1] else {
            Issue.record("expected the first notification passed over and the second read: \(readings)")
            return
        }
        #expect(why.contains("04l1I000000fztEQAQ") && why.contains("Email"))
        #expect(trigger.ticketID == "0031I0000081tb0QAA" && trigger.email.description == "drb24@cornell.edu")
        #expect(trigger.name == "Doug")
        #expect(TriggerSource.acknowledgement(.salesforce)?.contains("<Ack>true</Ack>") == true)
        // Another organization's message is refused before anything is read.
        #expect(
            Self.status { () throws(TriggerError) in
                _ = try Self.source(organization: "00D000000000001").verify(request)
            } == 401
        )
    }

    @Test func theBOMSampleIsReadAndItsLongOrganizationIdMatchesTheShortForm() throws {
        let body = try ClassifierFixtures.bytes("payloads/salesforce/aspnet_webhooks_OutboundMessage1.xml")
        #expect(body.starts(with: [0xEF, 0xBB, 0xBF]))
        let salesforce = Self.source(organization: "0123456789ABCDE")
        let request = WebhookRequest(headers: [], body: body)
        _ = try salesforce.verify(request)
        // Its three Leads carry no Email: nothing to survey, refused (422) naming the field, so the admin sees it.
        do {
            _ = try salesforce.readAll(request)
            Issue.record("a message without any address was read")
        } catch {
            #expect(error.httpStatus == 422 && error.description.contains("'Email'"))
        }
    }

    @Test(arguments: [
        // XXE: an external entity naming a local file.
        #"<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><notifications xmlns="http://soap.sforce.com/2005/09/outbound"><OrganizationId>012345678901234</OrganizationId><Notification><Id>1</Id><sObject><Id>2</Id><Email>&x;</Email></sObject></Notification></notifications></soapenv:Body></soapenv:Envelope>"#,
        // Billion laughs.
        #"<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><notifications xmlns="http://soap.sforce.com/2005/09/outbound"><OrganizationId>012345678901234</OrganizationId><Notification><Id>1</Id><sObject><Id>&d;</Id><Email>a@example.com</Email></sObject></Notification></notifications></soapenv:Body></soapenv:Envelope>"#,
        // Not SOAP at all.
        #"{"Id": "1"}"#,
    ])
    func entityTricksAndOtherBodiesAreRefused(_ text: String) {
        let request = WebhookRequest(headers: [], body: Array(text.utf8))
        let salesforce = Self.source(organization: "012345678901234")
        #expect(Self.status { () throws(TriggerError) in _ = try salesforce.verify(request) } == 400)
        #expect(Self.status { () throws(TriggerError) in _ = try salesforce.readAll(request) } == 400)
    }
}
