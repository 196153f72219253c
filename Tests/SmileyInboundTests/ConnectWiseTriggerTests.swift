import Foundation
import Synchronization
import Testing

@testable import SmileyCore
@testable import SmileyInbound

/// The ConnectWise callback scheme and the help-desk lookups, with an in-memory API that remembers what was asked
/// (the same flows over real HTTP are in SmileyServerTests' HelpDeskLookupRouteTests): the signing key is fetched
/// only from the tenant's host, kept, fetched again once when the signature stops matching; the callback is read
/// offline from its `Entity` when no API is given; settings name what is wrong.
@Suite("ConnectWise callbacks")
struct ConnectWiseTriggerTests {
    /// An API whose answers are set per URL; a URL without one fails as an unreachable server would.
    final class FakeAPI: HelpDeskFetcher {
        struct Unreachable: Error {}
        private let state = Mutex<(answers: [String: HelpDeskAnswer], asked: [String])>(([:], []))

        init(_ answers: [String: (Int, String)]) {
            state.withLock {
                $0.answers = answers.mapValues { HelpDeskAnswer(status: $0.0, body: Array($0.1.utf8)) }
            }
        }

        var asked: [String] { state.withLock { $0.asked } }

        func set(_ url: String, _ status: Int, _ body: String) {
            state.withLock { $0.answers[url] = HelpDeskAnswer(status: status, body: Array(body.utf8)) }
        }

        func get(
            _ url: String,
            headers: [(name: String, value: String)],
            timeoutSeconds: Int
        ) throws -> HelpDeskAnswer {
            let answer = state.withLock { state in
                state.asked.append(url)
                return state.answers[url]
            }
            guard let answer else { throw Unreachable() }
            return answer
        }
    }

    static let base = "https://api-na.myconnectwise.net/v4_6_release/apis/3.0"
    static let keyURL = "https://api-na.myconnectwise.net/v4_6_release/system/callbackkey/index.rails?id=7"
    static let signingKey = "cw-callback-signing-key-3f9a"
    static let ticket = #"{"id":1042,"summary":"Printer offline","status":{"name":"Closed"},"contact":{"id":301}}"#
    static let contact =
        #"{"id":301,"firstName":"Ann","lastName":"Example","communicationItems":[{"value":"ann@example.com","defaultFlag":true,"communicationType":"Email"}]}"#

    static func settings(keyHost: String? = nil) -> TriggerSettings.Source {
        TriggerSettings.Source(
            format: .connectwise,
            signature: .init(scheme: "connectwise", keyHost: keyHost),
            survey: "support",
            fields: .init(ticketID: "id", email: "contactEmailAddress", name: "contactName", subject: "summary"),
            when: .init(path: "status.name", equals: ["Closed"]),
            lookup: .init(api: "connectwise", baseURL: base, credentialFile: "cw", clientId: "client")
        )
    }

    static func source(_ api: FakeAPI?, keyHost: String? = nil) -> TriggerSource {
        TriggerSource(
            name: "connectwise",
            settings: settings(keyHost: keyHost),
            credential: .secret([]),
            api: api.map { HelpDeskAPI(settings: settings().lookup!, credential: "acme+pub:priv", fetcher: $0) }
        )
    }

    static func callback(keyURL: String = keyURL, entity: String = #""{\"id\":1042}""#) -> [UInt8] {
        Array(
            #"{"Action":"updated","Type":"ticket","ID":1042,"Entity":\#(entity),"Metadata":{"key_url":"\#(keyURL)"}}"#
                .utf8
        )
    }

    static func signed(_ body: [UInt8], key: String = signingKey) -> WebhookRequest {
        let mac = HMACSignature.code(
            .sha256,
            key: TriggerSettings.Signature.connectwiseHMACKey(signingKey: key),
            message: body
        )
        return WebhookRequest(headers: [("x-content-signature", Data(mac).base64EncodedString())], body: body)
    }

    static func status(_ body: () throws(TriggerError) -> Void) -> Int? {
        do {
            try body()
            return nil
        } catch { return error.httpStatus }
    }

    static func api() -> FakeAPI {
        FakeAPI([
            keyURL: (200, #"{"signing_key":"\#(signingKey)"}"#),
            base + "/service/tickets/1042": (200, ticket),
            base + "/company/contacts/301": (200, contact),
        ])
    }

    @Test func theHMACKeyIsTheSHA256OfTheSigningKey() {
        // sha256("cw-callback-signing-key-3f9a"), computed apart from Smiley (Python's hashlib).
        #expect(
            HMACSignature.hex(TriggerSettings.Signature.connectwiseHMACKey(signingKey: Self.signingKey))
                == "38d1798f4f3792b2c407a29fb6b97f011b4291440e7577b57904d0c2b42bf6df"
        )
    }

    @Test func goodForgedAndUnsignedCallbacks() throws {
        let api = Self.api()
        let source = Self.source(api)
        let good = Self.signed(Self.callback())
        #expect(try source.verify(good).replayKey == nil, "no MessageId: a re-sent callback is a duplicate")
        guard case .trigger(let trigger) = try source.read(good) else {
            Issue.record("a closed ticket was not a trigger")
            return
        }
        #expect(trigger.ticketID == "1042" && trigger.email.description == "ann@example.com")
        #expect(trigger.name == "Ann Example" && trigger.subject == "Printer offline")
        var tampered = good
        tampered.body = Self.callback(entity: #""{\"id\":1043}""#)
        let wrongKey = Self.signed(Self.callback(), key: "guess")
        let unsigned = WebhookRequest(headers: [], body: Self.callback())
        for request in [tampered, wrongKey, unsigned] {
            #expect(Self.status { () throws(TriggerError) in _ = try source.verify(request) } == 401)
        }
        // The key was fetched once and kept: a forged callback does not have it fetched again.
        #expect(api.asked.filter { $0 == Self.keyURL }.count == 1)
    }

    @Test(
        "a signing-key URL off the tenant's host is refused before anything is fetched",
        arguments: [
            "https://evil.example/v4_6_release/system/callbackkey/index.rails?id=7",
            "http://api-na.myconnectwise.net/v4_6_release/system/callbackkey/index.rails",
            "https://api-na.myconnectwise.net:8443/key",
            "https://api-na.myconnectwise.net.evil.example/key",
            "https://api-na.myconnectwise.net@evil.example/key",
            "not a url",
        ]
    )
    func foreignKeyURL(url: String) {
        let api = Self.api()
        let request = Self.signed(Self.callback(keyURL: url))
        #expect(Self.status { () throws(TriggerError) in _ = try Self.source(api).verify(request) } == 401)
        #expect(api.asked.isEmpty)
    }

    @Test func theDefaultPortIsTheSameOrigin() throws {
        let url = "https://api-na.myconnectwise.net:443/v4_6_release/system/callbackkey/index.rails?id=7"
        let api = FakeAPI([url: (200, #"{"signing_key":"\#(Self.signingKey)"}"#)])
        _ = try Self.source(api).verify(Self.signed(Self.callback(keyURL: url)))
    }

    @Test func theHeaderSchemeReadsACallbackToo() throws {
        // Where a reverse proxy turns a secret in the callback URL into a header field (ConnectWise sets none).
        var settings = Self.settings()
        settings.signature = .init(scheme: "header", header: "X-Smiley-Trigger-Secret", secretFile: "s")
        let source = TriggerSource(
            name: "connectwise",
            settings: settings,
            credential: .secret(Array("s3cret".utf8)),
            api: HelpDeskAPI(settings: settings.lookup!, credential: "acme+pub:priv", fetcher: Self.api())
        )
        let good = WebhookRequest(headers: [("X-Smiley-Trigger-Secret", "s3cret")], body: Self.callback())
        _ = try source.verify(good)
        guard case .trigger(let trigger) = try source.read(good) else {
            Issue.record("not a trigger")
            return
        }
        #expect(trigger.email.description == "ann@example.com")
        let forged = WebhookRequest(headers: [("X-Smiley-Trigger-Secret", "guess")], body: Self.callback())
        #expect(Self.status { () throws(TriggerError) in _ = try source.verify(forged) } == 401)
    }

    @Test func keyHostNamesAnotherTenantHost() throws {
        let url = "https://na.myconnectwise.net/v4_6_release/system/callbackkey/index.rails?id=7"
        let api = FakeAPI([url: (200, #"{"signing_key":"\#(Self.signingKey)"}"#)])
        let request = Self.signed(Self.callback(keyURL: url))
        _ = try Self.source(api, keyHost: "na.myconnectwise.net").verify(request)
        #expect(Self.status { () throws(TriggerError) in _ = try Self.source(api).verify(request) } == 401)
    }

    @Test func aChangedKeyIsFetchedAgainAndAFailedFetchIsForARetry() throws {
        let api = Self.api()
        let source = Self.source(api)
        let now = Date()
        _ = try source.verify(Self.signed(Self.callback()), now: now)
        api.set(Self.keyURL, 200, #"{"signing_key":"rotated"}"#)
        // Within a minute of the fetch, a signature under another key is refused without asking again…
        let soon = Self.status { () throws(TriggerError) in
            _ = try source.verify(Self.signed(Self.callback(), key: "rotated"), now: now.addingTimeInterval(30))
        }
        #expect(soon == 401 && api.asked.count == 1)
        // …later, the key is fetched again once, and the changed key is taken.
        _ = try source.verify(Self.signed(Self.callback(), key: "rotated"), now: now.addingTimeInterval(90))
        #expect(api.asked.count == 2)
        api.set(Self.keyURL, 404, "{}")
        let refused = Self.status { () throws(TriggerError) in
            _ = try Self.source(api).verify(Self.signed(Self.callback(), key: "rotated"))
        }
        #expect(refused == 401, "a key URL that has no key")
        let down = FakeAPI([:])
        #expect(
            Self.status { () throws(TriggerError) in _ = try Self.source(down).verify(Self.signed(Self.callback())) }
                == 503
        )
        api.set(Self.keyURL, 500, "")
        #expect(
            Self.status { () throws(TriggerError) in _ = try Self.source(api).verify(Self.signed(Self.callback())) }
                == 502
        )
    }

    @Test func withoutAnAPITheCallbackIsReadFromItsEntityAndNothingIsFetched() throws {
        let entity =
            #""{\"id\":1042,\"summary\":\"Printer offline\",\"status\":{\"name\":\"Closed\"},\"contactEmailAddress\":\"ann@example.com\"}""#
        guard case .trigger(let trigger) = try Self.source(nil).read(Self.signed(Self.callback(entity: entity)))
        else {
            Issue.record("the Entity was not read")
            return
        }
        #expect(trigger.email.description == "ann@example.com" && trigger.ticketID == "1042")
        let object = #"{"id":1042,"status":{"name":"New"}}"#
        guard case .ignored = try Self.source(nil).read(Self.signed(Self.callback(entity: object))) else {
            Issue.record("an open ticket (Entity as an object) was a trigger")
            return
        }
        // No address in the Entity and no API to ask: 422 naming the path.
        let bare = Self.signed(Self.callback(entity: #""{\"id\":1042,\"status\":{\"name\":\"Closed\"}}""#))
        #expect(Self.status { () throws(TriggerError) in _ = try Self.source(nil).read(bare) } == 422)
    }

    @Test func otherCallbacksAreIgnored() throws {
        for body in [
            #"{"Action":"updated","Type":"company","ID":250,"Metadata":{"key_url":"x"}}"#,
            #"{"Action":"deleted","Type":"ticket","ID":1042,"Metadata":{"key_url":"x"}}"#,
        ] {
            guard case .ignored = try Self.source(Self.api()).read(WebhookRequest(headers: [], body: Array(body.utf8)))
            else {
                Issue.record("\(body) was a trigger")
                return
            }
        }
    }

    @Test(
        "lookup settings name what is wrong",
        arguments: [
            (
                #""lookup": {"api": "connectwise", "baseURL": "http://cw.example/apis/3.0", "credentialFile": "c", "clientId": "x"}"#,
                "baseURL"
            ),
            (
                #""lookup": {"api": "connectwise", "baseURL": "https://cw.example/apis/3.0", "credentialFile": "c"}"#,
                "clientId"
            ),
            (
                #""lookup": {"api": "autotask", "baseURL": "https://ws.autotask.net/atservicesrest", "credentialFile": "c", "integrationCode": "I"}"#,
                "username"
            ),
            (#""lookup": {"api": "halo", "baseURL": "https://x.example", "credentialFile": "c"}"#, "halo"),
            (#""nolookup": true"#, "lookup"),
        ]
    )
    func settingsProblems(lookup: String, named: String) throws {
        let json = #"""
            {"sources": {"cw": {"format": "connectwise", "signature": {"scheme": "connectwise"}, "survey": "s",
             "fields": {"ticketID": "id", "email": "contactEmailAddress"}, \#(lookup)}}}
            """#
        let settings = try JSONDecoder().decode(TriggerSettings.self, from: Data(json.utf8))
        let problem = try #require(settings.problem)
        #expect(problem.contains("triggers.sources.cw") && problem.contains(named), "\(problem)")
    }

    @Test func autotaskLookupFromTheWebhooksContactID() throws {
        let base = "https://webservices2.autotask.net/atservicesrest"
        let api = FakeAPI([base + "/V1.0/Contacts/29683370": (200, #"{"item":{"emailAddress":"ann@example.com"}}"#)])
        let settings = TriggerSettings.Source(
            signature: .init(scheme: "autotask", secretFile: "x"),
            survey: "support",
            fields: .init(ticketID: "Fields.TicketNumber", email: "Fields.ContactEmail"),
            lookup: .init(api: "autotask", baseURL: base, credentialFile: "c", integrationCode: "I", username: "u")
        )
        let source = TriggerSource(
            name: "autotask",
            settings: settings,
            credential: .secret([]),
            api: HelpDeskAPI(settings: settings.lookup!, credential: "s", fetcher: api)
        )
        let body = #"{"Id":41234,"Fields":{"TicketNumber":"T1","ContactID":29683370}}"#
        guard case .trigger(let trigger) = try source.read(WebhookRequest(headers: [], body: Array(body.utf8))) else {
            Issue.record("not a trigger")
            return
        }
        #expect(trigger.email.description == "ann@example.com")
        #expect(
            api.asked == [base + "/V1.0/Contacts/29683370"],
            "the ticket is not fetched when the post names the contact"
        )
    }
}
