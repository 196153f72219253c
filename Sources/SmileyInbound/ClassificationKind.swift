/// What an inbound message is, as far as Smiley's ingest is concerned.
///
/// Decided by ``MessageClassifier/classify(_:envelopeRecipient:)``; a bounce wins over an auto-reply, and an ARF
/// complaint over both.
public enum MessageKind: String, Sendable, Codable, CaseIterable {
    /// A message written by a person: record its rating or comment.
    case reply
    /// An automatic answer (out-of-office, vacation, autoresponder, RFC 3834 `Auto-Submitted`): ignore it.
    case autoReply
    /// A delivery status notification (RFC 3464 or an MTA's own text format): the survey did not arrive.
    case bounce
    /// An abuse complaint (ARF, RFC 5965, or a provider's complaint notification): suppress the address.
    case feedbackReport
    /// Nothing could be read: no sender and no body.
    case unknown
}
