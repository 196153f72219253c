public import SmileyCore

/// What Smiley does with one inbound message: the one decision the relay (`smiley ingest`), every webhook route
/// and `smiley inspect` share. It is made here, once, from the ``Interpretation``; SmileyWorkflows persists it as
/// it is (the record's classification and the suppression reason are the store's own types).
public enum InboundDecision: Sendable, Hashable {
    /// Store a record of this kind; with a reason, put the address on the suppression list too.
    case store(RecordClassification, suppress: SuppressionReason?)
    /// Store the parsed DMARC aggregate report (``Interpretation/dmarcReport``).
    case dmarcReport
    /// Keep the raw message in quarantine, for this reason.
    case quarantine(QuarantineReason)

    /// Whether the record keeps the rating and the comment (an answer to the survey, not a robot's or a bounce).
    public var keepsFeedback: Bool {
        if case .store(let kind, _) = self { return kind == .surveyReply || kind == .comment }
        return false
    }
}

extension Interpretation {
    /// The decision for this message (see ``InboundDecision``).
    public var decision: InboundDecision {
        if let reason = quarantineReason { return .quarantine(reason) }
        switch disposition {
        case .feedback: return .store(rating == nil ? .comment : .surveyReply, suppress: nil)
        case .autoReply: return .store(.autoReply, suppress: nil)
        case .bounce: return .store(.bounce, suppress: bounce?.isPermanent == true ? .hardBounce : nil)
        case .complaint: return .store(.bounce, suppress: .complaint)
        case .unsubscribe: return .store(.unsubscribe, suppress: .unsubscribed)
        case .dmarcReport: return .dmarcReport
        case .quarantine: return .quarantine(.noSurvey(tokenProblem: nil))
        }
    }
}
