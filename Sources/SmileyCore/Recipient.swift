/// One person a survey goes to, usually the requester of one closed ticket.
public struct Recipient: Sendable, Hashable, Codable {
    /// Where the survey goes.
    public var email: EmailAddress
    /// The name shown in greetings and in the `To:` header; may be empty.
    public var displayName: String
    /// The ticket the survey is about (e.g. `T-10421`); may be empty.
    public var ticketID: String
    /// The ticket's subject line, quoted in the email; may be empty.
    public var ticketSubject: String
    /// The agent who handled the ticket, for per-agent reports; may be empty.
    public var agent: String
    /// The customer's company; may be empty.
    public var company: String
    /// The recipient's language (`en`, `de`, `nl`, `fr`, `es` …); `nil` uses the survey's.
    public var locale: String?
    /// Any further columns of the recipient list, available to templates as `{{custom.NAME}}`.
    public var custom: [String: String]

    /// Creates a recipient.
    public init(
        email: EmailAddress,
        displayName: String = "",
        ticketID: String = "",
        ticketSubject: String = "",
        agent: String = "",
        company: String = "",
        locale: String? = nil,
        custom: [String: String] = [:]
    ) {
        self.email = email
        self.displayName = displayName
        self.ticketID = ticketID
        self.ticketSubject = ticketSubject
        self.agent = agent
        self.company = company
        self.locale = locale
        self.custom = custom
    }

    /// The stable identifier of this recipient within a survey: the same survey, address and ticket always
    /// give the same id, so a re-run or a resumed send recognises a person it has already surveyed.
    public func id(inSurvey surveyID: String) -> RecipientID {
        RecipientID(surveyID: surveyID, normalizedEmail: email.normalized, ticketID: ticketID)
    }
}
