public import Foundation
public import SmileyCore

/// One piece of customer feedback as the store keeps it: a rating, a comment, or a message that could not be
/// used (a bounce, an auto-reply, an unsubscribe request, a quarantined message).
///
/// ## Schema (version 1)
/// Each record is one JSON object, keys sorted, dates in ISO 8601 UTC with whole seconds; absent optional
/// values are left out:
///
/// | key | type | meaning |
/// |---|---|---|
/// | `schemaVersion` | int | always `1`; a reader refuses larger numbers |
/// | `id` | string | 32 hex digits, see ``RecordID`` (from the Message-ID, else the content) |
/// | `surveyID` | string? | the survey, when the message could be tied to one |
/// | `recipientID` | string? | 16 hex digits, ``RecipientID`` from the rating token |
/// | `recipientEmail` | string? | the customer's address; what GDPR access and erasure look for |
/// | `ticketID`, `agent`, `company` | string | from the recipient list; empty when unknown |
/// | `rating` | object? | `{"scale": "smiley" \| "csat5" \| "nps", "value": int}` |
/// | `comment` | string? | the customer's words, quotes and signature removed |
/// | `source` | string | `reply`, `click` or `webhook` |
/// | `confirmation` | string? | clicks only: `provisional` (the link was opened), `interaction` (the page saw a person act) or `comment` (the page's form was sent); see ``ClickRule`` |
/// | `classification` | string | `surveyReply`, `comment`, `autoReply`, `bounce`, `unsubscribe`, `quarantined` |
/// | `receivedAt` | string | when Smiley received it, e.g. `2025-03-14T09:26:53Z` |
/// | `messageID`, `inReplyTo` | string? | the message's headers, as received |
/// | `parserWarnings` | [string] | what the parser had to guess or skip |
/// | `bounce` | object? | `{"statusCode": "5.1.1", "diagnostic": "…"}` for delivery reports |
/// | `writer` | string? | the Smiley that wrote the file, `smiley 0.1.0` (``SmileyVersion/writer``); absent in records of unversioned builds |
public struct FeedbackRecord: Sendable, Hashable {
    /// The schema version this Smiley writes and the highest it reads.
    public static let schemaVersion = 1

    /// Derived from the Message-ID or content; the store keeps one record per id.
    public var id: RecordID
    /// The survey the feedback answers; `nil` when it could not be told (e.g. a bounce without a token).
    public var surveyID: String?
    /// The surveyed person's id within the survey, from the rating token.
    public var recipientID: RecipientID?
    /// The customer's address, when known.
    public var recipientEmail: EmailAddress?
    /// The ticket the survey was about; empty when unknown.
    public var ticketID: String
    /// The agent who handled the ticket; empty when unknown.
    public var agent: String
    /// The customer's company; empty when unknown.
    public var company: String
    /// The rating given, if any.
    public var rating: Rating?
    /// The customer's comment, if any.
    public var comment: String?
    /// How the feedback arrived.
    public var source: Source
    /// What kind of message it was.
    public var classification: Classification
    /// When Smiley received it, in whole seconds (finer parts are dropped so a record reads back equal).
    public var receivedAt: Date
    /// The Message-ID header, if the feedback came by mail.
    public var messageID: String?
    /// The In-Reply-To header, if any.
    public var inReplyTo: String?
    /// What the parser had to guess or skip, in words, for an operator.
    public var parserWarnings: [String]
    /// The delivery-status details of a bounce.
    public var bounce: Bounce?
    /// The Smiley that wrote the record (``SmileyVersion/writer`` for a new one); `nil` when read from a record
    /// written before Smiley had versions.
    public var writer: String?
    /// For a click: what showed a person made it (see ``ClickRule``); `nil` for every other source.
    public var confirmation: Confirmation?

    /// Creates a record. `receivedAt` is truncated to whole seconds.
    public init(
        id: RecordID,
        surveyID: String?,
        recipientID: RecipientID?,
        recipientEmail: EmailAddress? = nil,
        ticketID: String = "",
        agent: String = "",
        company: String = "",
        rating: Rating? = nil,
        comment: String? = nil,
        source: Source,
        classification: Classification,
        receivedAt: Date,
        messageID: String? = nil,
        inReplyTo: String? = nil,
        parserWarnings: [String] = [],
        bounce: Bounce? = nil,
        writer: String? = SmileyVersion.writer,
        confirmation: Confirmation? = nil
    ) {
        self.id = id
        self.surveyID = surveyID
        self.recipientID = recipientID
        self.recipientEmail = recipientEmail
        self.ticketID = ticketID
        self.agent = agent
        self.company = company
        self.rating = rating
        self.comment = comment
        self.source = source
        self.classification = classification
        self.receivedAt = Date(timeIntervalSince1970: receivedAt.timeIntervalSince1970.rounded(.down))
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.parserWarnings = parserWarnings
        self.bounce = bounce
        self.writer = writer
        self.confirmation = confirmation
    }

    /// What showed that a click on a rating link was made by a person and not by a link scanner.
    public enum Confirmation: String, Sendable, Hashable, Codable, CaseIterable {
        /// The link was opened (GET) by a client that is not a known scanner: it counts once ``ClickRule`` says so.
        case provisional
        /// The page the link opened saw a person act on it (a pointer, key or touch), and said so.
        case interaction
        /// The page's comment form was sent.
        case comment

        /// Whether a person is known to have made the click.
        public var isHuman: Bool { self != .provisional }
    }

    /// How feedback reached Smiley.
    public enum Source: String, Sendable, Hashable, Codable, CaseIterable {
        /// An email reply (to the plus-address or the survey's reply address).
        case reply
        /// A click on a rating link.
        case click
        /// A help-desk or mail-provider webhook.
        case webhook
    }

    /// What an incoming message turned out to be.
    public typealias Classification = RecordClassification

    /// The delivery-status details of a bounce (RFC 3464).
    public struct Bounce: Sendable, Hashable, Codable {
        /// The enhanced status code, such as `5.1.1` (`5.x.x` is permanent, `4.x.x` temporary).
        public var statusCode: String
        /// The remote server's diagnostic text, if given.
        public var diagnostic: String?

        /// Creates bounce details.
        public init(statusCode: String, diagnostic: String? = nil) {
            self.statusCode = statusCode
            self.diagnostic = diagnostic
        }

        /// Whether the failure is permanent (status class 5), so the address should be suppressed.
        public var isPermanent: Bool { statusCode.hasPrefix("5") }
    }
}
