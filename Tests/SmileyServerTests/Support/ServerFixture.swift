import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SmileyCore
import SmileyServer
import SmileyStore
import SmileyWorkflows
import Testing

/// A fresh installation (from `smiley init`) with one surveyed person, and the server over it on a free
/// loopback port, spoken to over real HTTP.
struct ServerFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let browser =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"

    let installation: Installation
    let person = try! EmailAddress("jane.doe@customer.example")
    let recipient: Recipient
    let token: String

    /// - Parameters:
    ///   - scale: the survey's rating scale.
    ///   - issuedAt: when the person's token was issued (old dates give expired links).
    ///   - serverSection: the `server` section of smiley.json, as JSON.
    init(scale: RatingScale = .smiley, issuedAt: Date = Date(), serverSection: String? = nil) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("smiley-web-\(UUID().uuidString)")
            .path
        let created = try InitWorkflow.run(
            directory: folder,
            fromName: "Acme Support",
            fromAddress: "support@acme.example",
            replyDomain: "reply.acme.example"
        )
        let data = try Data(contentsOf: URL(fileURLWithPath: created.configPath))
        var config = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var surveys = try #require(config["surveys"] as? [[String: Any]])
        surveys[0]["links"] = "https"
        surveys[0]["scale"] = scale.rawValue
        config["surveys"] = surveys
        config["baseURL"] = "https://feedback.acme.example"
        if let serverSection {
            config["server"] = try JSONSerialization.jsonObject(with: Data(serverSection.utf8))
        }
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: created.configPath))
        installation = try Installation.load(
            configPath: created.configPath,
            builtInTemplates: Self.root.appendingPathComponent("templates").path
        )
        recipient = Recipient(email: person, displayName: "Jane Doe", ticketID: "T-1042", agent: "Ana")
        let surveyID = installation.surveys[0].id
        token = installation.keyring.sign(
            surveyID: surveyID,
            recipientID: recipient.id(inSurvey: surveyID),
            issuedAt: issuedAt
        )
        try installation.store(synchronize: false).sentIndex.remember(
            survey: surveyID,
            recipient: recipient,
            messageID: "<survey-1@acme.example>",
            at: Date()
        )
    }

    var store: DataStore { installation.store(synchronize: false) }

    func records() throws -> [FeedbackRecord] { try store.records.records(matching: .all) }

    func server(logger: Logger = Logger(label: "test")) throws -> WebServer {
        var settings = installation.config.server ?? ServerSettings()
        settings.port = 0
        return try WebServer(
            installation: installation,
            builtInTemplates: Self.root.appendingPathComponent("templates").path,
            settings: settings,
            synchronize: false,
            logger: logger
        )
    }

    /// Runs `body` with a client of the server started on a free loopback port.
    func withServer<Value: Sendable>(
        _ body: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        try await server().application().test(.live) { client in try await body(client) }
    }
}

extension TestClientProtocol {
    /// A request as a browser sends it (a user agent, a language).
    func browse(
        _ uri: String,
        method: HTTPRequest.Method = .get,
        userAgent: String? = ServerFixture.browser,
        form: [(String, String)]? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extra
        if let userAgent { headers[.userAgent] = userAgent }
        if headers[.acceptLanguage] == nil { headers[.acceptLanguage] = "en-GB,en;q=0.9" }
        var body: ByteBuffer?
        if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            let encoded = form.map { name, value in
                name + "=" + (value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            }.joined(separator: "&")
            body = ByteBuffer(string: encoded)
        }
        return try await execute(uri: uri, method: method, headers: headers, body: body)
    }
}

extension TestResponse {
    /// The body as text.
    var text: String { String(buffer: body) }

    /// The value of the hidden form field `name` in the page.
    func hiddenField(_ name: String) -> String? {
        let page = text
        guard let range = page.range(of: "name=\"\(name)\"") else { return nil }
        let tail = page[range.upperBound...]
        guard let value = tail.range(of: "value=\"") else { return nil }
        let start = value.upperBound
        guard let end = tail[start...].firstIndex(of: "\"") else { return nil }
        return String(tail[start..<end])
    }
}
