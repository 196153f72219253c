public import Foundation
public import SmileyCore
import SmileyHTML
public import SmileyMIME

/// Reads one inbound message the way `smiley ingest` and `smiley inspect` do: classify it, find its survey and
/// recipient, extract the reply, detect the rating.
public struct Interpreter: Sendable {
    /// The keyring that verifies tokens.
    public let keyring: TokenKeyring
    /// The surveys this installation knows.
    public let surveys: [Survey]

    /// Creates an interpreter.
    public init(keyring: TokenKeyring, surveys: [Survey]) {
        self.keyring = keyring
        self.surveys = surveys
    }

    /// The headers searched for a token-bearing address, in order (after the envelope recipient).
    static let addressHeaders = ["Delivered-To", "X-Original-To", "To", "Cc", "Envelope-To", "X-Envelope-To"]

    /// Interprets a parsed message.
    /// - Parameters:
    ///   - message: the parsed message.
    ///   - envelopeRecipient: the recipient the relay delivered to (Postfix `${recipient}`), searched first.
    ///   - now: the time tokens are checked against.
    public func interpret(
        _ message: ParsedMessage,
        envelopeRecipient: String? = nil,
        now: Date = Date()
    ) -> Interpretation {
        var bodies = MessageBodies(message)
        let classification = MessageClassifier.classify(message, envelopeRecipient: envelopeRecipient, bodies: &bodies)
        var result = Interpretation(
            headers: Self.summaryHeaders(message),
            bodySource: "none",
            body: "",
            replyText: "",
            comment: nil,
            rating: nil,
            ratingSource: nil,
            kind: classification.kind,
            reasons: classification.reasons,
            token: nil,
            tokenError: nil,
            matchedBy: nil,
            surveyID: nil,
            recipientID: nil,
            isUnsubscribe: false,
            bounce: classification.bounce,
            warnings: message.warnings
        )
        // A DMARC aggregate report is a report, not a reply: nothing more to read.
        switch DMARCDetection.detect(message) {
        case .report(let report)?:
            result.dmarcReport = report
            result.reasons.append(
                "a DMARC aggregate report from \(report.metadata.organization), id \(report.metadata.reportID)"
            )
            return result
        case .refused(let error)?: result.dmarcError = error
        case nil: break
        }
        if classification.kind == .feedbackReport {
            result.isDMARCFailureReport = DMARCDetection.isFailureReport(message)
        }
        findSurvey(
            message,
            envelopeRecipient: envelopeRecipient,
            verpToken: classification.bounce?.verpToken,
            now: now,
            into: &result
        )
        // (Whether anything is left after trimming whitespace, without copying the text: the first other
        // character answers.)
        if let text = bodies.text, !text.unicodeScalars.allSatisfy({ CharacterSet.whitespacesAndNewlines.contains($0) })
        {
            result.bodySource = "text/plain"
            result.body = text
            let reply = ReplyExtractor.extract(fromPlainText: text)
            result.replyText = reply.text
            result.replyCuts = reply.cuts
        } else if let document = bodies.htmlDocument, let text = bodies.htmlText {
            result.bodySource = "text/html"
            result.body = text
            let reply = ReplyExtractor.extract(fromPlainText: document.text(droppingQuotedHistory: true))
            result.replyText = reply.text
            result.replyCuts = reply.cuts
        }
        guard classification.kind == .reply || classification.kind == .unknown else { return result }
        let survey = result.surveyID.flatMap { id in surveys.first { $0.id == id } }
        let scale = survey?.scale ?? .smiley
        if let code = result.token?.ratingCode {
            if code == "unsubscribe" {
                result.isUnsubscribe = true
            } else if let rating = Rating(scale: scale, code: code) {
                result.rating = rating
                result.ratingSource = "link"
            } else {
                result.warnings.append("the address's rating '\(code)' is not on the \(scale.rawValue) scale; ignored")
            }
        }
        // The rating words are read only when the link gave no rating (then the lexicons are built at all).
        if result.rating == nil {
            let detection = Self.detectRating(in: result.replyText, scale: scale, surveyLocale: survey?.locale)
            if let rating = detection.rating {
                result.rating = rating
                result.ratingSource = "text"
                result.comment = detection.comment.isEmpty ? nil : detection.comment
                return result
            }
        }
        // A rating from the link, or none: the whole reply text is the comment.
        let text = result.replyText.replyTrimmingWhitespace()
        result.comment = text.isEmpty ? nil : text
        return result
    }

    /// The languages whose rating words are tried, after the survey's own: customers answer in their language,
    /// whatever the survey's default is.
    static let ratingLanguages = ["en", "de", "nl", "fr", "es"]

    /// Detects a rating in the survey's language first, then in the other languages Smiley knows.
    static func detectRating(in text: String, scale: RatingScale, surveyLocale: String?) -> RatingDetection {
        var languages = surveyLocale.map { [$0] } ?? []
        languages += ratingLanguages.filter { !languages.contains($0) }
        var first: RatingDetection?
        let reply = RatingDetector.PreparedReply(text)
        for language in languages {
            let detection = RatingDetector.detect(in: reply, scale: scale, locale: language)
            if detection.rating != nil { return detection }
            if first == nil { first = detection }
        }
        return first ?? RatingDetector.detect(in: reply, scale: scale, locale: surveyLocale)
    }

    /// Interprets a bare reply text (no headers): reply extraction and rating only.
    public func interpret(bareText text: String, scale: RatingScale, locale: String?) -> Interpretation {
        let extracted = ReplyExtractor.extract(fromPlainText: text)
        let reply = extracted.text
        let detection = Self.detectRating(in: reply, scale: scale, surveyLocale: locale)
        let comment =
            detection.rating == nil ? reply.replyTrimmingWhitespace() : detection.comment
        return Interpretation(
            headers: [:],
            bodySource: "text/plain",
            body: text,
            replyText: reply,
            replyCuts: extracted.cuts,
            comment: comment.isEmpty ? nil : comment,
            rating: detection.rating,
            ratingSource: detection.rating == nil ? nil : "text",
            kind: .reply,
            reasons: ["bare body: no headers to classify"],
            token: nil,
            tokenError: nil,
            matchedBy: nil,
            surveyID: nil,
            recipientID: nil,
            isUnsubscribe: false,
            bounce: nil,
            warnings: []
        )
    }

    private func findSurvey(
        _ message: ParsedMessage,
        envelopeRecipient: String?,
        verpToken: String?,
        now: Date,
        into result: inout Interpretation
    ) {
        var candidates: [(address: String, parsed: ReplyAddress)] = []
        if let verpToken {
            let verp = ReplyAddress.bounce(token: verpToken, domain: "")
            candidates.append(("\(ReplyAddress.bounceMailbox)+\(verpToken)", verp))
        }
        var addresses: [String] = envelopeRecipient.map { [$0] } ?? []
        for name in Self.addressHeaders {
            // A reply address is `mailbox+TOKEN@`: a field without a '+' (most of them) holds none and is not parsed.
            for value in message.headers.all(name) where value.utf8.contains(0x2B) {
                addresses += AddressParser.parse(value).map(\.address)
            }
        }
        for address in addresses {
            if let parsed = ReplyAddress(parsing: address) { candidates.append((address, parsed)) }
        }
        for candidate in candidates {
            do {
                let claims = try keyring.verify(candidate.parsed.token, knownSurveyIDs: surveys.map(\.id), now: now)
                result.token = .init(
                    surveyID: claims.surveyID,
                    recipientID: claims.recipientID,
                    issuedAt: claims.issuedAt,
                    keyID: claims.keyID,
                    ratingCode: candidate.parsed.ratingCode,
                    address: candidate.address
                )
                result.surveyID = claims.surveyID
                result.recipientID = claims.recipientID
                result.matchedBy = "token"
                return
            } catch {
                if result.tokenError == nil { result.tokenError = "\(candidate.address): \(error.description)" }
            }
        }
        // No usable token: a reply to the survey email names its Message-ID, which encodes survey and recipient.
        let references = (message.headers.all("In-Reply-To") + message.headers.all("References"))
            .flatMap { $0.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "," }) }
        // A bounce quotes the survey's own headers (text/rfc822-headers or message/rfc822): its Message-ID is there.
        let quoted = Self.quotedMessageIDs(in: message.root)
        for reference in references + quoted.map({ Substring($0) }) {
            if let id = SurveyMessageID(parsing: reference),
                surveys.contains(where: { $0.id == id.surveyID })
            {
                result.surveyID = id.surveyID
                result.recipientID = id.recipientID
                result.matchedBy = "in-reply-to"
                return
            }
        }
    }

    /// Message-IDs of Smiley's own emails quoted inside a report (bounce, complaint), in part order.
    static func quotedMessageIDs(in part: MIMEPart, depth: Int = 0) -> [String] {
        guard depth < 8 else { return [] }
        var found: [String] = []
        let type = part.contentType.mimeType
        if type == "text/rfc822-headers" || type == "message/rfc822" || type == "message/rfc822-headers" {
            for value in part.headers.all("Message-ID") where SurveyMessageID(parsing: value) != nil {
                found.append(value)
            }
            let text = part.text
            var search = text[...]
            while let start = search.range(of: "<smiley.") {
                guard let end = search[start.upperBound...].firstIndex(of: ">") else { break }
                let candidate = String(search[start.lowerBound...end])
                if SurveyMessageID(parsing: candidate) != nil { found.append(candidate) }
                search = search[search.index(after: end)...]
            }
        }
        for child in part.children { found += quotedMessageIDs(in: child, depth: depth + 1) }
        return found
    }

    /// The header fields `inspect` and the record show, by lowercased name.
    private static let summaryNames: [String: String] = [
        "from": "From", "to": "To", "cc": "Cc", "reply-to": "Reply-To", "subject": "Subject", "date": "Date",
        "message-id": "Message-ID", "in-reply-to": "In-Reply-To", "references": "References",
        "delivered-to": "Delivered-To", "x-original-to": "X-Original-To", "auto-submitted": "Auto-Submitted",
        "precedence": "Precedence", "content-type": "Content-Type", "return-path": "Return-Path",
    ]

    /// The first field of each summary name, decoded (the Subject as the message decoded it), in one pass.
    private static func summaryHeaders(_ message: ParsedMessage) -> [String: String] {
        var headers: [String: String] = [:]
        for field in message.headers.fields {
            guard let name = summaryNames[field.key], headers[name] == nil else { continue }
            headers[name] = name == "Subject" ? message.subject : field.decodedValue
        }
        return headers
    }
}
