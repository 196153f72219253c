/// Why a message is kept in the quarantine instead of stored as a record: decided by the inbound side (no survey
/// found, nothing to keep, a DMARC report that cannot be read) or by the workflow that persists the decision (an
/// empty or oversized message, a record the store refused for good), and kept by the store as it is, with its
/// ``code`` beside the words, so an operator can sort the quarantine without reading sentences.
public enum QuarantineReason: Sendable, Hashable, CustomStringConvertible {
    /// The message had no bytes at all.
    case emptyMessage
    /// The message was larger than the limit, in bytes, and was not parsed.
    case tooLarge(limit: Int)
    /// No survey token and no survey Message-ID was found; `tokenProblem` says why a token that was found was
    /// refused (altered, expired, another key), if one was.
    case noSurvey(tokenProblem: String?)
    /// The survey was found, but the reply carries neither a rating nor a comment.
    case nothingToKeep(tokenProblem: String?)
    /// A DMARC failure report (ARF `auth-failure`, RFC 6591): about one message, neither a complaint nor an
    /// aggregate report.
    case dmarcFailureReport
    /// A DMARC aggregate report that could not be read (the parser's words).
    case unreadableDMARCReport(String)
    /// The record could not be written for good (the store's words); the mail itself is kept instead.
    case notStorable(String)

    /// A stable keyword for the reason, for counting and sorting: `empty-message`, `too-large`, `no-survey`,
    /// `nothing-to-keep`, `dmarc-failure-report`, `unreadable-dmarc-report` or `not-storable`.
    public var code: String {
        switch self {
        case .emptyMessage: "empty-message"
        case .tooLarge: "too-large"
        case .noSurvey: "no-survey"
        case .nothingToKeep: "nothing-to-keep"
        case .dmarcFailureReport: "dmarc-failure-report"
        case .unreadableDMARCReport: "unreadable-dmarc-report"
        case .notStorable: "not-storable"
        }
    }

    /// The reason in words, with what to do where there is something to do.
    public var description: String {
        switch self {
        case .emptyMessage: return "empty message"
        case .tooLarge(let limit): return "larger than \(limit) bytes; not parsed"
        case .noSurvey(let problem):
            return "no survey token or survey Message-ID found" + (problem.map { "; " + $0 } ?? "")
        case .nothingToKeep(let problem):
            return "a reply with neither rating nor comment" + (problem.map { "; " + $0 } ?? "")
        case .dmarcFailureReport:
            return "a DMARC failure report (ARF auth-failure, RFC 6591): about one message that failed DMARC, "
                + "neither a complaint nor an aggregate report; look at it, then delete it"
        case .unreadableDMARCReport(let detail): return detail
        case .notStorable(let detail): return "could not be stored: \(detail)"
        }
    }
}
