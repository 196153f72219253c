/// The verdict on one inbound message: its kind, why, and for bounces and complaints the affected addresses.
public struct Classification: Sendable, Hashable {
    /// What the message is.
    public let kind: MessageKind
    /// Human-readable evidence, strongest first, e.g. `Auto-Submitted: auto-replied (RFC 3834)`.
    /// Meant for logs and `smiley ingest --explain`; do not parse it.
    public let reasons: [String]
    /// For ``MessageKind/bounce`` the delivery report; for ``MessageKind/feedbackReport`` the complained-about
    /// recipients (in `recipients`, with `action` `complaint`); nil otherwise.
    public let bounce: BounceReport?

    /// Creates a classification.
    /// - Parameters:
    ///   - kind: What the message is.
    ///   - reasons: The evidence, strongest first.
    ///   - bounce: The report for bounces and complaints.
    public init(kind: MessageKind, reasons: [String], bounce: BounceReport? = nil) {
        self.kind = kind
        self.reasons = reasons
        self.bounce = bounce
    }
}
