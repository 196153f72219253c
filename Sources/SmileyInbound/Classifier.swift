import SmileyHTML
public import SmileyMIME

/// Sorts what a mail relay pipes to `smiley ingest`: a person's reply, an automatic reply, a bounce, or an
/// abuse complaint.
///
/// Order of precedence: complaint (ARF and provider notices), then bounce (RFC 3464 reports, Amazon SES
/// notifications, and text notices from qmail, Exim, Postfix, Sendmail, Exchange, Gmail, Yahoo… when at
/// least two of sender, subject and wording agree), then automatic reply (RFC 3834 and vendor headers,
/// out-of-office subjects), else a reply. Only a message with neither a sender nor any text is `unknown`.
public enum MessageClassifier {
    /// Classifies one message.
    /// - Parameters:
    ///   - message: The parsed message.
    ///   - envelopeRecipient: The envelope recipient the relay delivered to (Postfix `${recipient}`, Exim
    ///     `$local_part@$domain`), used to find the VERP token when no header shows it.
    /// - Returns: The kind, the evidence, and for bounces and complaints the report.
    public static func classify(_ message: ParsedMessage, envelopeRecipient: String? = nil) -> Classification {
        var bodies = MessageBodies(message)
        return classify(message, envelopeRecipient: envelopeRecipient, bodies: &bodies)
    }

    /// ``classify(_:envelopeRecipient:)`` reading the bodies from (and into) a cache the caller keeps using.
    static func classify(
        _ message: ParsedMessage,
        envelopeRecipient: String?,
        bodies: inout MessageBodies
    ) -> Classification {
        let text = readableText(&bodies)
        if let complaint = ClassifierFeedbackReport.read(message) {
            let verp = BounceVERP.token(in: message.headers, envelopeRecipient: envelopeRecipient)
            return Classification(
                kind: .feedbackReport,
                reasons: complaint.reasons,
                bounce: BounceReport(recipients: complaint.recipients, verpToken: verp, format: "arf")
            )
        }
        if let ses = BounceAmazonSES.read(text) {
            let verp = BounceVERP.token(in: message.headers, envelopeRecipient: envelopeRecipient)
            return Classification(
                kind: ses.kind,
                reasons: ["Amazon SES \(ses.type) notification (JSON body)"],
                bounce: BounceReport(recipients: ses.recipients, verpToken: verp, format: "amazon-ses")
            )
        }
        // The subject's lower case, when a search needs it, is made once for the bounce and auto-reply checks.
        let subjectText = message.subject.map(AutoReplyDetector.subjectText)
        if let bounce = ClassifierBounce.read(
            message,
            text: text,
            envelopeRecipient: envelopeRecipient,
            subjectText: subjectText
        ) {
            return Classification(kind: .bounce, reasons: bounce.reasons, bounce: bounce.report)
        }
        let automatic = AutoReplyDetector.reasons(for: message.headers, subject: subjectText)
        if !automatic.isEmpty {
            return Classification(kind: .autoReply, reasons: automatic)
        }
        // An address with an '@' needs an '@' in the field: a From without one is not parsed.
        let from = message.headers.raw("From").flatMap { value in
            value.utf8.contains(0x40) ? AddressParser.parse(value).first { $0.address.contains("@") } : nil
        }
        let hasText = !text.allSatisfy(\.isWhitespace)
        if from == nil, !hasText || message.headers.fields.isEmpty {
            return Classification(
                kind: .unknown,
                reasons: [
                    hasText ? "No header fields at all: not a mail message" : "No sender address and no text to read"
                ]
            )
        }
        var reasons = ["No bounce, complaint or automatic-reply markers"]
        if from == nil { reasons.append("No sender address") }
        if !hasText { reasons.append("No text") }
        return Classification(kind: .reply, reasons: reasons)
    }

    /// Parses and classifies a message as the relay delivered it (any of CRLF, LF or lone-CR line ends, or a mix:
    /// ``ParsedMessage/parse(_:limits:)`` reads them all).
    /// - Parameters:
    ///   - rawMessage: The message bytes.
    ///   - envelopeRecipient: The envelope recipient, see ``classify(_:envelopeRecipient:)``.
    public static func classify(rawMessage: [UInt8], envelopeRecipient: String? = nil) -> Classification {
        classify(ParsedMessage.parse(rawMessage), envelopeRecipient: envelopeRecipient)
    }

    /// The text a person would read: the plain-text body, else the HTML body's text, else the first text part.
    static func readableText(_ message: ParsedMessage) -> String {
        var bodies = MessageBodies(message)
        return readableText(&bodies)
    }

    /// ``readableText(_:)`` from a cache of the message's bodies.
    static func readableText(_ bodies: inout MessageBodies) -> String {
        let message = bodies.message
        if let text = bodies.text, !text.allSatisfy(\.isWhitespace) { return text }
        if message.root.contentType.type == "multipart", message.root.children.isEmpty {
            // A multipart whose boundary never occurs: its body is all there is to read.
            return String(decoding: message.root.body, as: UTF8.self)
        }
        if let text = bodies.htmlText { return text }
        // A text part that is not the body, else a multipart whose boundary never occurs (its raw body).
        let part = ClassifierFeedbackReport.parts(of: message.root) {
            $0.contentType.type == "text" || ($0.contentType.type == "multipart" && $0.children.isEmpty)
        }.first
        guard let part else { return "" }
        return part.contentType.type == "text" ? part.text : String(decoding: part.body, as: UTF8.self)
    }
}
