import Foundation
import SmileyCore
import SmileyInbound
import SmileyMIME
import Testing

/// The one decision every inbound path persists (``InboundDecision``), on real messages.
@Suite("Inbound decision")
struct InboundDecisionTests {
    static func decision(_ relative: String) throws -> InboundDecision {
        let keyring = try TokenKeyring(secrets: [0: TokenKeyring.generateSecret()])
        let bytes = try ClassifierFixtures.bytes(relative)
        return Interpreter(keyring: keyring, surveys: []).interpret(ParsedMessage.parse(bytes), envelopeRecipient: nil)
            .decision
    }

    @Test(
        "a permanent bounce is stored and suppresses; a complaint suppresses; a robot's reply about no survey waits in quarantine"
    )
    func kinds() throws {
        #expect(
            try Self.decision("payloads/dsn/sisimai_lhost-postfix-01.eml") == .store(.bounce, suppress: .hardBounce)
        )
        #expect(try Self.decision("payloads/arf/sisimai_arf-01.eml") == .store(.bounce, suppress: .complaint))
        let robot = try Self.decision("payloads/autoreply/sisimai_rfc3834-01.eml")
        #expect(robot == .quarantine(.noSurvey(tokenProblem: nil)), "\(robot)")
    }

    @Test("a reply that names no survey is quarantined with the reason; only answers keep rating and comment")
    func quarantineAndFeedback() throws {
        let message = "From: a@example.com\r\nTo: b@example.com\r\nSubject: hi\r\n\r\nGreat work!\r\n"
        let keyring = try TokenKeyring(secrets: [0: TokenKeyring.generateSecret()])
        let decision = Interpreter(keyring: keyring, surveys: []).interpret(
            ParsedMessage.parse(Array(message.utf8)),
            envelopeRecipient: nil
        ).decision
        guard case .quarantine(let reason) = decision else {
            Issue.record("expected quarantine, got \(decision)")
            return
        }
        #expect(reason.code == "no-survey" && reason.description.contains("no survey token"))
        #expect(InboundDecision.store(.surveyReply, suppress: nil).keepsFeedback)
        #expect(InboundDecision.store(.comment, suppress: nil).keepsFeedback)
        #expect(!InboundDecision.store(.autoReply, suppress: nil).keepsFeedback)
        #expect(!InboundDecision.store(.unsubscribe, suppress: .unsubscribed).keepsFeedback)
    }
}
