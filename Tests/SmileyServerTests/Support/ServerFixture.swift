import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
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
    static let browser = RawHTTP.browser

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

    /// Runs `body` with a client of the server, started on a free loopback port as `smiley serve` runs it
    /// (Hummingbird's service in a ServiceGroup), and shut down gracefully afterwards.
    func withServer<Value: Sendable>(
        _ body: @Sendable (Client) async throws -> Value
    ) async throws -> Value {
        let (ports, announce) = AsyncStream<Int>.makeStream()
        let application = try server().application { port in announce.yield(port) }
        return try await withRunningService(application, ports: ports) { port in try await body(Client(port: port)) }
    }
}

/// Speaks to one server.
struct Client: Sendable {
    /// The server's port on 127.0.0.1.
    let port: Int

    /// A request as a browser sends it (a user agent, a language), or as told.
    func browse(
        _ path: String,
        method: String = "GET",
        userAgent: String? = RawHTTP.browser,
        acceptLanguage: String = "en-GB,en;q=0.9",
        form: [(String, String)]? = nil
    ) async throws -> RawResponse {
        try await RawHTTP.request(
            port: port,
            method,
            path,
            userAgent: userAgent,
            headers: [("Accept-Language", acceptLanguage)],
            form: form
        )
    }
}
