import SmileyMIME
import Testing

@testable import SmileyInbound

/// The VERP token of a bounce: from To, Delivered-To or X-Original-To (an address among others, a quoted or
/// commented one), else the envelope recipient; fields without a '+' are not parsed, and give none.
struct BounceVERPTests {
    static let token = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_Ab"

    static func headers(_ pairs: [(String, String)]) -> MIMEHeaders {
        MIMEHeaders(fields: pairs.map { MIMEHeaderField(name: $0.0, rawValue: Array($0.1.utf8)) })
    }

    @Test func theTokenIsFoundInAnyOfTheThreeFieldsAndNotElsewhere() {
        let verp = "bounces+\(Self.token)@reply.example.com"
        for (name, value) in [
            ("To", "Surveys <surveys@example.com>, \"Bounces\" <\(verp)>"),
            ("Delivered-To", verp),
            ("X-Original-To", " (relay) BOUNCES+\(Self.token)@REPLY.EXAMPLE.COM"),
        ] {
            let headers = Self.headers([("To", "someone@example.com"), (name, value)])
            #expect(BounceVERP.token(in: headers, envelopeRecipient: nil) == Self.token, "\(name): \(value)")
        }
        let none = Self.headers([
            ("To", "a@example.com, b@example.com"), ("Cc", verp), ("Delivered-To", "c+x@example.com"),
        ])
        #expect(BounceVERP.token(in: none, envelopeRecipient: nil) == nil)
        #expect(BounceVERP.token(in: none, envelopeRecipient: "<\(verp)>") == Self.token)
        #expect(BounceVERP.token(in: none, envelopeRecipient: "feedback+\(Self.token)@reply.example.com") == nil)
    }
}
