/// What a stored record is: the kind the inbound side decides (``InboundDecision`` in SmileyInbound) and the store
/// keeps as it is (`FeedbackRecord.Classification`), so the decision is made once and never re-mapped.
public enum RecordClassification: String, Sendable, Hashable, Codable, CaseIterable {
    /// A reply that answers the survey (usually with a rating).
    case surveyReply
    /// A comment without a rating, added to earlier feedback.
    case comment
    /// An out-of-office or other automatic answer.
    case autoReply
    /// A delivery failure report.
    case bounce
    /// A request to stop sending surveys.
    case unsubscribe
    /// A message Smiley could not make sense of, kept whole in the quarantine.
    case quarantined
}

/// Why an address is on the suppression list: decided by the inbound side (an unsubscribe, a complaint, a hard
/// bounce) or by an operator, kept by the store as it is (`SuppressionList.Reason`).
public enum SuppressionReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// The person asked to stop receiving surveys.
    case unsubscribed
    /// Mail to the address failed permanently.
    case hardBounce
    /// The person marked a survey as spam.
    case complaint
    /// An operator added it.
    case manual
    /// The person's data was erased (`smiley erase`); they are never surveyed again.
    case erased
}
