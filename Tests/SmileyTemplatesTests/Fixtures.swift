import Foundation
import SmileyCore

@testable import SmileyTemplates

/// Shared test data: the package's own templates folder, a fixed survey, recipient, keyring and time.
enum Fixtures {
    /// The package root, from this file's path (`Tests/SmileyTemplatesTests/Fixtures.swift`).
    static let packageRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static var templatesDirectory: String { packageRoot + "/templates" }
    static var goldenDirectory: String { packageRoot + "/Tests/SmileyTemplatesTests/Golden" }

    static let locales = ["en", "de", "nl", "fr", "es"]

    static func library(override: String? = nil) throws -> TemplateLibrary {
        try TemplateLibrary(builtInDirectory: templatesDirectory, overrideDirectory: override)
    }

    static func survey(
        _ scale: RatingScale,
        template: String = "default",
        linkMode: LinkMode = .https(baseURL: "https://smiley.example.com")
    ) throws -> Survey {
        Survey(
            id: "support",
            scale: scale,
            template: template,
            locale: "en",
            sender: Sender(name: "Acme Support", address: try EmailAddress("support@acme.example")),
            replyDomain: "reply.acme.example",
            linkMode: linkMode
        )
    }

    /// A fixed secret and time, so tokens (and so goldens) never change.
    static func keyring() throws -> TokenKeyring {
        try TokenKeyring(secrets: [1: Array(repeating: 0x5A, count: 32)])
    }

    static let issuedAt = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

    static func links(_ survey: Survey, _ recipient: Recipient) throws -> SurveyLinks {
        let token = try keyring().sign(
            surveyID: survey.id,
            recipientID: recipient.id(inSurvey: survey.id),
            issuedAt: issuedAt
        )
        return SurveyLinks(survey: survey, token: token, subjectForMailto: "Feedback")
    }

    static func goldenRecipient() throws -> Recipient {
        Recipient(
            email: try EmailAddress("anna.schmidt@customer.example"),
            displayName: "Anna Schmidt",
            ticketID: "T-10421",
            ticketSubject: "Printer on 3rd floor prints blank pages",
            agent: "Jonas Weber",
            company: "Customer GmbH",
            custom: ["plan": "Enterprise"]
        )
    }

    /// Recipients whose values try to break out of HTML, plus absent values and non-ASCII text.
    static func awkwardRecipients() throws -> [Recipient] {
        [
            try goldenRecipient(),
            Recipient(
                email: try EmailAddress("x@example.com"),
                displayName: "<script>alert('x')</script>",
                ticketID: "T-1&2",
                ticketSubject: "He said \"hi\" & <b>left</b> 'quickly'",
                agent: "O'Brien <ob@example.com>",
                company: "A&B",
                custom: ["plan": "<i>pro</i>", "region": "EU & \"UK\""]
            ),
            Recipient(
                email: try EmailAddress("zoe@example.com"),
                displayName: "Zoë Ångström-Łukasiewicz 山田太郎 😀",
                ticketID: "",
                ticketSubject: "Ünïcödé ✓ naïve café — “quotes”",
                agent: "",
                company: ""
            ),
            Recipient(email: try EmailAddress("nobody@example.com")),
            Recipient(
                email: try EmailAddress("lines@example.com"),
                displayName: "  Line\nBreak\tName  ",
                ticketID: "T-9",
                ticketSubject: "multi\r\nline\u{0}subject",
                agent: "Agent\u{7F}Smith"
            ),
        ]
    }
}
