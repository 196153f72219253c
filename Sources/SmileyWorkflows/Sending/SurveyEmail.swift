public import Foundation
public import SmileyCore
import SmileyMIME
public import SmileyTemplates

/// One survey email, ready for a transport: the message bytes and its envelope.
public struct SurveyEmail: Sendable {
    /// The recipient's stable id in the survey (the journal's key).
    public let recipientID: RecipientID
    /// The recipient's address (the envelope recipient).
    public let recipient: EmailAddress
    /// The VERP envelope sender, `bounces+TOKEN@replyDomain`: a bounce names its recipient even when it quotes
    /// no headers.
    public let envelopeSender: String
    /// The Message-ID without angle brackets; the same survey to the same person always has the same one.
    public let messageID: String
    /// The token the links carry.
    public let token: String
    /// The whole message, CRLF line ends.
    public let bytes: [UInt8]

    /// Random once per process: with the Message-ID it makes every boundary unpredictable and unique.
    static let processNonce = UInt64.random(in: 0 ... .max)

    /// Composes the email for one recipient.
    ///
    /// Headers: From, To, Reply-To (the recipient's plus-address), Subject, Date, Message-ID, MIME-Version,
    /// `List-Unsubscribe` (mailto, and https when the survey has a web side) with `List-Unsubscribe-Post:
    /// List-Unsubscribe=One-Click` (RFC 8058, only with an https URI), `Auto-Submitted: auto-generated` and
    /// `X-Auto-Response-Suppress: OOF, AutoReply` (so out-of-office robots stay quiet), and
    /// `X-Smiley-Survey` / `X-Smiley-Token` for the inbound side.
    /// - Parameters:
    ///   - variant: `survey` or `reminder`; a reminder gets its own Message-ID.
    ///   - boundarySeed: makes MIME boundaries reproducible (tests, previews); when `nil`, the Message-ID and a
    ///     random number drawn once per process (one `getrandom` per send instead of one per message).
    /// - Throws: ``WorkflowError`` when a header value from data holds a line break or cannot be encoded.
    public static func compose(
        survey: Survey,
        recipient: Recipient,
        rendered: RenderedSurvey,
        links: SurveyLinks,
        token: String,
        date: Date,
        variant: String = "survey",
        boundarySeed: String? = nil
    ) throws(WorkflowError) -> SurveyEmail {
        let recipientID = recipient.id(inSurvey: survey.id)
        let messageID = SurveyMessageID(
            surveyID: survey.id,
            recipientID: recipientID,
            variant: variant == "survey" ? nil : variant,
            domain: survey.sender.address.domain
        ).description
        var message = OutgoingMessage()
        do {
            try message.setAddresses(
                "From",
                [Mailbox(name: survey.sender.name, address: survey.sender.address.description)]
            )
            try message.setAddresses("To", [Mailbox(name: recipient.displayName, address: recipient.email.description)])
            try message.setAddresses(
                "Reply-To",
                [Mailbox(name: survey.sender.name, address: links.replyAddress.address)]
            )
            try message.setText("Subject", rendered.subject)
            try message.setStructured("Date", RFC5322Date.format(date))
            try message.setStructured("Message-ID", "<\(messageID)>")
            var unsubscribe = "<\(links.unsubscribeMailto)>"
            if let https = links.oneClickUnsubscribeURL {
                unsubscribe = "<\(https)>, " + unsubscribe
                try message.setStructured("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
            }
            try message.setStructured("List-Unsubscribe", unsubscribe)
            try message.setStructured("Auto-Submitted", "auto-generated")
            try message.setStructured("X-Auto-Response-Suppress", "OOF, AutoReply")
            try message.setStructured("X-Smiley-Survey", survey.id)
            try message.setStructured("X-Smiley-Token", token)
        } catch {
            throw WorkflowError("\(recipient.email): \(error.description)", exitCode: ExitStatus.dataError)
        }
        message.textBody = rendered.text
        message.htmlBody = rendered.html
        message.inlineImages = rendered.inlineImages
        let seed = boundarySeed ?? "\(messageID)\(Self.processNonce)"
        let envelope = ReplyAddress.bounce(token: token, domain: survey.replyDomain).address
        return SurveyEmail(
            recipientID: recipientID,
            recipient: recipient.email,
            envelopeSender: envelope,
            messageID: messageID,
            token: token,
            bytes: message.serialize(boundarySeed: seed)
        )
    }
}
