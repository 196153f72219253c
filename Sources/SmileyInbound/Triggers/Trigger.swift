public import SmileyCore

/// One help-desk ticket to survey, read from a verified trigger: the ticket, its requester and the survey.
/// A trigger is idempotent on ``source`` and ``ticketID``: the same ticket from the same source is surveyed once.
public struct Trigger: Sendable, Hashable {
    /// The configured source it came from (`triggers.sources` key).
    public var source: String
    /// The ticket's id in the help desk.
    public var ticketID: String
    /// The requester.
    public var email: EmailAddress
    /// The requester's name, if the payload has it.
    public var name: String?
    /// The agent who handled the ticket.
    public var agent: String?
    /// The ticket's subject.
    public var subject: String?
    /// The requester's language.
    public var locale: String?
    /// The survey to send.
    public var surveyID: String

    /// A trigger.
    public init(
        source: String,
        ticketID: String,
        email: EmailAddress,
        name: String? = nil,
        agent: String? = nil,
        subject: String? = nil,
        locale: String? = nil,
        surveyID: String
    ) {
        self.source = source
        self.ticketID = ticketID
        self.email = email
        self.name = name
        self.agent = agent
        self.subject = subject
        self.locale = locale
        self.surveyID = surveyID
    }

    /// The recipient the survey goes to (the ticket's id, subject and agent are the template's).
    public var recipient: Recipient {
        Recipient(
            email: email,
            displayName: name ?? "",
            ticketID: ticketID,
            ticketSubject: subject ?? "",
            agent: agent ?? "",
            locale: locale
        )
    }
}

/// What a post to a trigger route means.
public enum TriggerReading: Sendable, Hashable {
    /// A ticket to survey.
    case trigger(Trigger)
    /// A post whose condition does not hold (the ticket is not closed): nothing to do, and nothing to retry.
    case ignored(String)
}
