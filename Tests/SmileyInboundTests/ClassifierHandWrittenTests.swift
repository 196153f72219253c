import SmileyInbound
import Testing

/// Messages written here to pin down the rules the corpus does not show: VERP bounces, a person's reply
/// quoting the survey, and a person's "out of office" subject with `Auto-Submitted: no`.
@Suite("Classifier on hand-written messages")
struct ClassifierHandWrittenTests {
    static let token = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_Ab"

    /// A Postfix-style bounce that quotes none of the original's headers; the only link back to the survey is
    /// the VERP address the relay delivered it to (Delivered-To).
    @Test("a VERP bounce without quoted headers gives its token from Delivered-To")
    func verpBounceFromDeliveredTo() throws {
        let message = """
            Return-Path: <>
            Delivered-To: bounces+\(Self.token)@reply.example.com
            From: MAILER-DAEMON@mx.example.net (Mail Delivery System)
            To: surveys@example.com
            Subject: Undelivered Mail Returned to Sender
            Date: Tue, 3 Mar 2026 10:00:00 +0000

            This is the mail system at host mx.example.net.

            I'm sorry to have to inform you that your message could not
            be delivered to one or more recipients.

            <gone.customer@example.org>: host mx.example.org[192.0.2.10] said: 550 5.1.1
                <gone.customer@example.org>: Recipient address rejected: User unknown
            """
        let result = ClassifierFixtures.classify(text: message)
        #expect(result.kind == .bounce)
        let report = try #require(result.bounce)
        #expect(report.verpToken == Self.token)
        #expect(report.addresses == ["gone.customer@example.org"])
        #expect(report.recipients.first?.status == "5.1.1")
        #expect(report.isPermanent)
        #expect(report.format == "postfix")
    }

    @Test("the envelope recipient gives the VERP token when no header has it")
    func verpFromEnvelope() throws {
        let message = """
            From: postmaster@mx.example.net
            To: surveys@example.com
            Subject: Delivery Status Notification (Failure)

            Delivery to the following recipient failed permanently:

                 nobody@example.org

            550 5.1.1 The email account that you tried to reach does not exist.
            """
        let result = ClassifierFixtures.classify(
            text: message,
            envelopeRecipient: "bounces+\(Self.token)@reply.example.com"
        )
        #expect(result.kind == .bounce)
        #expect(result.bounce?.verpToken == Self.token)
        #expect(result.bounce?.addresses == ["nobody@example.org"])
        // A feedback+ address is a reply address, not a return path: no VERP token from it.
        let other = ClassifierFixtures.classify(
            text: message,
            envelopeRecipient: "feedback+\(Self.token)@reply.example.com"
        )
        #expect(other.bounce?.verpToken == nil)
    }

    @Test("a person's \"Re:\" reply quoting the survey is a reply")
    func quotedSurveyReply() {
        let message = """
            From: Dana Customer <dana@example.org>
            To: feedback+\(Self.token)@reply.example.com
            Subject: Re: How did we do on ticket #4711?
            In-Reply-To: <survey-4711@example.com>
            Date: Tue, 3 Mar 2026 11:00:00 +0100
            Content-Type: text/plain; charset=utf-8

            Great, thanks! The fix worked first time.

            On Tue, 3 Mar 2026 at 10:00, Example Support <support@example.com> wrote:
            > How would you rate the support you received?
            > Great: https://smiley.example.com/r/\(Self.token)/positive
            > Okay: https://smiley.example.com/r/\(Self.token)/neutral
            > Not good: https://smiley.example.com/r/\(Self.token)/negative
            > If this message could not be delivered, please contact postmaster@example.com.
            """
        let result = ClassifierFixtures.classify(text: message)
        #expect(result.kind == .reply, "\(result.reasons)")
        #expect(result.bounce == nil)
    }

    /// Decision: `Auto-Submitted: no` is the sender stating that a person wrote the message (RFC 3834 §5), so it
    /// outweighs the out-of-office subject heuristic; the message is a reply and its rating counts.
    @Test("an \"out of office\" subject with Auto-Submitted: no is a reply")
    func outOfOfficeSubjectButHuman() {
        let base = """
            From: Sam Customer <sam@example.org>
            To: feedback+\(Self.token)@reply.example.com
            Subject: Out of office tomorrow, but: all good
            """
        let human = ClassifierFixtures.classify(text: base + "\nAuto-Submitted: no\n\nAll good, 5 stars.\n")
        #expect(human.kind == .reply, "\(human.reasons)")
        // The same subject without the header is taken for an autoresponder.
        let automatic = ClassifierFixtures.classify(text: base + "\n\nAll good, 5 stars.\n")
        #expect(automatic.kind == .autoReply)
        #expect(automatic.reasons.contains { $0.contains("out of office") })
    }

    @Test(
        "auto-reply headers and subjects in several languages",
        arguments: [
            ("Auto-Submitted: auto-replied", "Re: ticket"),
            ("X-Autoreply: yes", "Re: ticket"),
            ("X-Autorespond: on", "Re: ticket"),
            ("Precedence: auto_reply", "Re: ticket"),
            ("Precedence: bulk", "Re: ticket"),
            ("X-Autogenerated: Reply", "Re: ticket"),
            ("X-Mailer: Outlook", "Automatic reply: How did we do?"),
            ("X-Mailer: Outlook", "Abwesenheitsnotiz: How did we do?"),
            ("X-Mailer: Outlook", "Réponse automatique : How did we do?"),
            ("X-Mailer: Outlook", "Automatisch antwoord: How did we do?"),
            ("X-Mailer: Outlook", "Respuesta automática: How did we do?"),
            ("X-Mailer: Outlook", "Risposta automatica: How did we do?"),
            ("X-Mailer: Outlook", "Fora do escritório: How did we do?"),
            ("X-Mailer: Outlook", "[Out of Office] How did we do?"),
        ]
    )
    func autoReplies(header: String, subject: String) {
        let message = "From: a@example.org\nTo: b@example.com\nSubject: \(subject)\n\(header)\n\nI am away.\n"
        let result = ClassifierFixtures.classify(text: message)
        #expect(result.kind == .autoReply, "\(header) / \(subject): \(result.reasons)")
    }

    @Test("X-Auto-Response-Suppress alone does not make an auto-reply")
    func suppressHeaderAlone() {
        let message =
            "From: a@example.org\nTo: b@example.com\nSubject: Re: ticket\nX-Auto-Response-Suppress: All\n\nThanks!\n"
        #expect(ClassifierFixtures.classify(text: message).kind == .reply)
    }

    @Test("a bounce sent with Auto-Submitted is a bounce first")
    func bounceBeatsAutoReply() {
        let message = """
            From: Mail Delivery System <MAILER-DAEMON@mx.example.net>
            To: surveys@example.com
            Subject: Mail delivery failed: returning message to sender
            Auto-Submitted: auto-replied
            X-Failed-Recipients: left@example.org

            This message was created automatically by mail delivery software.

            A message that you sent could not be delivered to one or more of its
            recipients. This is a permanent error. The following address(es) failed:

              left@example.org
                SMTP error from remote mail server after RCPT TO:<left@example.org>:
                host mx.example.org [192.0.2.1]: 550 No such user here
            """
        let result = ClassifierFixtures.classify(text: message)
        #expect(result.kind == .bounce)
        #expect(result.bounce?.format == "exim")
        #expect(result.bounce?.addresses == ["left@example.org"])
        #expect(result.bounce?.recipients.first?.status == "5.0.0", "a bare 550 becomes 5.0.0")
    }

    @Test("RFC 3464 fields: folded Diagnostic-Code, rfc822; prefixes, several recipients")
    func deliveryStatusFields() throws {
        let message = """
            From: MAILER-DAEMON@mx.example.net
            To: bounces+\(Self.token)@reply.example.com
            Subject: Returned mail
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

            --b1
            Content-Type: text/plain

            Two recipients failed.
            --b1
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.net

            Final-Recipient: rfc822; <one@example.org>
            Original-Recipient: rfc822;one@example.org
            Action: failed
            Status: 5.1.1 (user unknown)
            Remote-MTA: dns; mx.example.org
            Diagnostic-Code: smtp; 550-5.1.1 The account
             does not exist

            Final-Recipient: RFC822; two@example.org
            Action: delayed
            Status: 4.2.2
            --b1--
            """
        let result = ClassifierFixtures.classify(text: message)
        #expect(result.kind == .bounce)
        let report = try #require(result.bounce)
        #expect(report.format == "rfc3464")
        #expect(report.verpToken == Self.token)
        #expect(report.addresses == ["one@example.org", "two@example.org"])
        let first = try #require(report.recipients.first)
        #expect(first.status == "5.1.1")
        #expect(first.action == "failed")
        #expect(first.remoteMTA == "mx.example.org")
        #expect(first.diagnostic == "550-5.1.1 The account does not exist")
        #expect(report.recipients.last?.action == "delayed")
        #expect(report.isPermanent)
    }

    @Test("nothing readable is unknown; a message without sender but with text is a reply")
    func unknownOnlyWhenEmpty() {
        #expect(ClassifierFixtures.classify(text: "").kind == .unknown)
        #expect(ClassifierFixtures.classify(text: "Subject: hi\n\n5 stars\n").kind == .reply)
    }
}
