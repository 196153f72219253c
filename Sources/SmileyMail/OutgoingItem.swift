/// One message to deliver to one recipient, produced lazily by the caller.
public struct OutgoingItem: Sendable {
    /// The caller's stable key for the recipient (e.g. a RecipientID's text); the journal is keyed by it.
    public var recipientKey: String
    /// MAIL FROM address (bounces go there); empty for the null sender.
    public var envelopeFrom: String
    /// RCPT TO address.
    public var envelopeTo: String
    /// The message's Message-ID (with or without angle brackets); names outbox files and journal entries.
    public var messageID: String
    /// The whole message with CRLF line ends.
    public var bytes: [UInt8]

    /// Creates an item.
    /// - Parameters:
    ///   - recipientKey: Stable key of the recipient within this send.
    ///   - envelopeFrom: MAIL FROM address.
    ///   - envelopeTo: RCPT TO address.
    ///   - messageID: The message's Message-ID.
    ///   - bytes: The message.
    public init(
        recipientKey: String,
        envelopeFrom: String,
        envelopeTo: String,
        messageID: String,
        bytes: [UInt8]
    ) {
        self.recipientKey = recipientKey
        self.envelopeFrom = envelopeFrom
        self.envelopeTo = envelopeTo
        self.messageID = messageID
        self.bytes = bytes
    }
}
