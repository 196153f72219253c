public import Foundation
public import SmileyCore

/// What one inbound message means to Smiley: the answer to "why was this reply read like that?".
///
/// `smiley inspect` prints it as JSON; `smiley ingest` turns it into a stored record.
public struct Interpretation: Sendable, Encodable {
    /// The decoded headers that matter for the decision.
    public var headers: [String: String]
    /// Which part the reply text came from: `text/plain`, `text/html`, or `none`.
    public var bodySource: String
    /// The chosen body, decoded to text (HTML already converted).
    public var body: String
    /// The new text of the reply, without quoted history and signature.
    public var replyText: String
    /// Which rules cut the reply text out of the body (quoted lines, an attribution, a header block, a signature),
    /// with their language, client and line: what to quote when reporting a reply read wrongly.
    public var replyCuts: [ReplyCut] = []
    /// The comment: the reply text without the rating word, or `nil` when nothing is left.
    public var comment: String?
    /// The rating, when one was found.
    public var rating: Rating?
    /// Where the rating came from: `link` (the rating in a `mailto:` plus-address) or `text` (a word, number or
    /// emoji in the reply).
    public var ratingSource: String?
    /// The message's kind and the reasons for it.
    public var kind: MessageKind
    /// Why the message was classified as it was.
    public var reasons: [String]
    /// The verified token's claims, when a token was found and verified.
    public var token: TokenInfo?
    /// Why a token that was found was refused.
    public var tokenError: String?
    /// How the survey and recipient were found: `token`, `in-reply-to`, or `nil` (not found).
    public var matchedBy: String?
    /// The survey and recipient, when found.
    public var surveyID: String?
    /// The recipient's id in the survey, when found.
    public var recipientID: RecipientID?
    /// Whether this is a request to stop surveys (the footer's unsubscribe address).
    public var isUnsubscribe: Bool
    /// The bounce report of a bounce or complaint.
    public var bounce: BounceReport?
    /// Warnings from the MIME parser and from interpretation.
    public var warnings: [String]
    /// The DMARC aggregate report the message carries, when one was read (see ``DMARCDetection``).
    public var dmarcReport: DMARCReport? = nil
    /// Why something that looked like a DMARC aggregate report could not be read; such a message is quarantined
    /// with this reason unless it belongs to a survey.
    public var dmarcError: DMARCReportError? = nil
    /// Whether the message is a DMARC failure report (ARF `auth-failure`): quarantined, never taken for a
    /// complaint.
    public var isDMARCFailureReport = false

    /// The claims of a verified token, for display.
    public struct TokenInfo: Sendable, Encodable {
        /// The survey.
        public var surveyID: String
        /// The recipient's id.
        public var recipientID: RecipientID
        /// When it was issued.
        public var issuedAt: Date
        /// The key that signed it.
        public var keyID: UInt8
        /// The rating code in the address, if any.
        public var ratingCode: String?
        /// The address the token was read from.
        public var address: String
    }

    /// What ingest should do with the message.
    public enum Disposition: String, Sendable, Encodable {
        /// A rating and/or comment for a survey: store it.
        case feedback
        /// An out-of-office or other robot reply to a survey: store it as such, never as a rating.
        case autoReply
        /// A bounce: suppress the address on a permanent failure, store it.
        case bounce
        /// A spam complaint: suppress the address, store it.
        case complaint
        /// An unsubscribe request: suppress the address, store it.
        case unsubscribe
        /// A DMARC aggregate report (RFC 7489): store the parsed report, once per organization and report id.
        case dmarcReport
        /// Nothing Smiley can attribute: keep the raw message in quarantine.
        case quarantine
    }

    /// What ingest should do, from kind, match and token.
    public var disposition: Disposition {
        if dmarcReport != nil { return .dmarcReport }
        switch kind {
        case .bounce: return .bounce
        case .feedbackReport: return isDMARCFailureReport ? .quarantine : .complaint
        case .autoReply: return surveyID == nil ? .quarantine : .autoReply
        case .reply, .unknown:
            guard surveyID != nil else { return .quarantine }
            if isUnsubscribe { return .unsubscribe }
            return rating == nil && (comment ?? "").isEmpty ? .quarantine : .feedback
        }
    }

    private enum CodingKeys: String, CodingKey {
        case disposition, kind, reasons, matchedBy, surveyID, recipientID, rating, ratingSource, comment, replyText,
            replyCuts,
            bodySource, body, headers, token, tokenError, isUnsubscribe, bounce, warnings, dmarcReport, dmarcError,
            isDMARCFailureReport
    }

    /// Why a quarantined message is quarantined, for the quarantine's sidecar; `nil` for other dispositions.
    public var quarantineReason: QuarantineReason? {
        guard disposition == .quarantine else { return nil }
        if let dmarcError, surveyID == nil { return .unreadableDMARCReport(dmarcError.description) }
        if isDMARCFailureReport { return .dmarcFailureReport }
        return surveyID == nil ? .noSurvey(tokenProblem: tokenError) : .nothingToKeep(tokenProblem: tokenError)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(disposition, forKey: .disposition)
        try c.encode(kind, forKey: .kind)
        try c.encode(reasons, forKey: .reasons)
        try c.encodeIfPresent(matchedBy, forKey: .matchedBy)
        try c.encodeIfPresent(surveyID, forKey: .surveyID)
        try c.encodeIfPresent(recipientID, forKey: .recipientID)
        if let rating {
            try c.encode(
                RatingJSON(
                    scale: rating.scale.rawValue,
                    value: rating.value,
                    code: rating.code,
                    sentiment: rating.sentiment.rawValue
                ),
                forKey: .rating
            )
        }
        try c.encodeIfPresent(ratingSource, forKey: .ratingSource)
        try c.encodeIfPresent(comment, forKey: .comment)
        try c.encode(replyText, forKey: .replyText)
        try c.encode(replyCuts, forKey: .replyCuts)
        try c.encode(bodySource, forKey: .bodySource)
        try c.encode(body, forKey: .body)
        try c.encode(headers, forKey: .headers)
        try c.encodeIfPresent(token, forKey: .token)
        try c.encodeIfPresent(tokenError, forKey: .tokenError)
        try c.encode(isUnsubscribe, forKey: .isUnsubscribe)
        if let bounce {
            try c.encode(BounceJSON(bounce), forKey: .bounce)
        }
        try c.encode(warnings, forKey: .warnings)
        try c.encodeIfPresent(dmarcReport, forKey: .dmarcReport)
        try c.encodeIfPresent(dmarcError?.description, forKey: .dmarcError)
        if isDMARCFailureReport { try c.encode(true, forKey: .isDMARCFailureReport) }
    }
}

/// The JSON form of a ``BounceReport`` in `smiley inspect` output.
private struct BounceJSON: Encodable {
    struct RecipientJSON: Encodable {
        var address: String?
        var status: String?
        var action: String?
        var diagnostic: String?
        var remoteMTA: String?
    }

    var format: String
    var isPermanent: Bool
    var verpToken: String?
    var recipients: [RecipientJSON]

    init(_ report: BounceReport) {
        format = report.format
        isPermanent = report.isPermanent
        verpToken = report.verpToken
        recipients = report.recipients.map {
            RecipientJSON(
                address: $0.address,
                status: $0.status,
                action: $0.action,
                diagnostic: $0.diagnostic,
                remoteMTA: $0.remoteMTA
            )
        }
    }
}

/// The JSON form of a rating in `smiley inspect` output.
private struct RatingJSON: Encodable {
    var scale: String
    var value: Int
    var code: String
    var sentiment: String
}
