/// Where a bulk send stands, passed to the progress callback (for a progress bar).
public struct BulkSendProgress: Sendable {
    /// Accepted by the server in this run.
    public var accepted: Int
    /// Waiting for another attempt right now.
    public var deferred: Int
    /// Refused permanently (5xx).
    public var failed: Int
    /// Given up after too many temporary refusals.
    public var gaveUp: Int
    /// Skipped because the journal shows them accepted by an earlier run.
    public var skipped: Int
    /// Accepted messages per second since the send started.
    public var messagesPerSecond: Double
    /// The pacing rate in force (nil: unlimited); lower than configured after rate-limit replies.
    public var currentRateLimit: Double?
    /// Estimated time left, when the caller gave the expected total and something was accepted.
    public var estimatedRemaining: Duration?
    /// Seconds since the send started.
    public var elapsed: Duration
}

/// A recipient the server refused for good: the caller should suppress the address.
public struct PermanentFailure: Sendable, Equatable {
    /// The recipient key.
    public var recipientKey: String
    /// The RCPT TO address.
    public var address: String
    /// The server's reply code (5xx).
    public var code: Int?
    /// The server's reply text.
    public var text: String
}

/// The outcome of a bulk send.
public struct BulkSendReport: Sendable {
    /// Accepted by the server in this run.
    public var accepted = 0
    /// Refused permanently; listed in ``permanentFailures``.
    public var failed = 0
    /// Given up after ``BulkSendConfiguration/Retry/maxAttempts`` temporary refusals (journal: `gave-up`).
    public var gaveUp = 0
    /// Skipped: already accepted according to the journal.
    public var skipped = 0
    /// Temporary refusals met along the way (each one retried or given up).
    public var deferrals = 0
    /// Rate-limit replies met (each slowed the whole send down).
    public var rateLimitReplies = 0
    /// The permanently refused recipients.
    public var permanentFailures: [PermanentFailure] = []
    /// Wall time of the send.
    public var elapsed: Duration = .zero
    /// The pacing rate at the end (nil: unlimited).
    public var finalRate: Double?
}

/// A bulk send stopped before the end. Messages not yet accepted are not marked accepted in the journal,
/// so running the send again with the same journal resumes it.
public struct BulkSendError: Error, Sendable, CustomStringConvertible {
    /// Why the whole send stopped.
    public let reason: String
    /// The counts up to the stop.
    public let report: BulkSendReport

    /// What went wrong, what was done, and what to do.
    public var description: String {
        "The send stopped: \(reason) So far: \(report.accepted) accepted, \(report.failed) refused, "
            + "\(report.gaveUp) given up, \(report.skipped) skipped. Fix the cause and run the send again "
            + "with the same journal to resume; accepted recipients are not sent twice."
    }
}
