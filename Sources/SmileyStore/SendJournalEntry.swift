public import Foundation
public import SmileyCore

/// One line of a send journal (JSON Lines): what happened to one recipient's message at one moment.
public struct SendJournalEntry: Codable, Sendable, Equatable {
    /// The kinds of events, in the order a message goes through them.
    public enum Event: String, Codable, Sendable {
        /// About to be handed to the server. Without a later outcome the message is "in doubt": it may have
        /// been accepted just before a crash (see ``BulkSender``).
        case queued
        /// The server accepted the message (final).
        case accepted
        /// The server refused it for now (4xx or a broken connection); another attempt is planned.
        case deferred
        /// The server refused it for good (5xx); never retried. Suppress or correct the address.
        case failed
        /// Deferred too many times; the send gave up on it. It may be sent again by a later resume.
        case gaveUp = "gave-up"
    }

    /// What happened.
    public var event: Event
    /// The recipient's key (``OutgoingItem/recipientKey``).
    public var key: String
    /// When, as recorded by the sender's clock.
    public var at: Date
    /// The message's Message-ID (on `queued`).
    public var messageID: String?
    /// The attempt number, from 1.
    public var attempt: Int?
    /// The server's reply code, when there was one.
    public var code: Int?
    /// The server's reply text, or the error's description when the server did not reply.
    public var text: String?
    /// The server's queue id (on `accepted`, when the server names one).
    public var queueID: String?
    /// When the next attempt is due (on `deferred`).
    public var next: Date?
    /// The Smiley that wrote the line (``SmileyVersion/writer``); `nil` in journals of unversioned builds.
    public var writer: String?

    /// Creates an entry.
    /// - Parameters:
    ///   - event: What happened.
    ///   - key: The recipient key.
    ///   - at: When.
    ///   - messageID: The Message-ID, if known.
    ///   - attempt: Attempt number.
    ///   - code: Reply code.
    ///   - text: Reply text or error description.
    ///   - queueID: Server's queue id.
    ///   - next: When the next attempt is due.
    ///   - writer: The Smiley that writes the line; the running one unless replaying another's.
    public init(
        event: Event,
        key: String,
        at: Date = Date(),
        messageID: String? = nil,
        attempt: Int? = nil,
        code: Int? = nil,
        text: String? = nil,
        queueID: String? = nil,
        next: Date? = nil,
        writer: String? = SmileyVersion.writer
    ) {
        self.event = event
        self.key = key
        self.at = at
        self.messageID = messageID
        self.attempt = attempt
        self.code = code
        self.text = text
        self.queueID = queueID
        self.next = next
        self.writer = writer
    }
}
