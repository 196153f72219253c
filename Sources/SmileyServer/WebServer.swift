import Foundation
import HTTPTypes
public import Hummingbird
import HummingbirdCore
public import Logging
import NIOCore
public import SmileyCore
import SmileyStore
import SmileyTemplates
public import SmileyWorkflows

/// `smiley serve`: Smiley's web side over Hummingbird 2 — rating links, the comment form, one-click
/// unsubscribe, health and metrics — calling the same use cases (``WebFeedback``) and store as the CLI.
///
/// Routes:
///
/// | route | what |
/// |---|---|
/// | `GET /r/{token}/{rating}` | stores a provisional click (unless a scanner), answers the thank-you page |
/// | `HEAD /r/{token}/{rating}` | 200, nothing stored (a link checker) |
/// | `POST /r/{token}/confirm` | the page saw a person act: stores the click as confirmed; 204 |
/// | `POST /r/{token}/comment` | the comment form: stores rating and comment; the thank-you page |
/// | `GET /u/{token}` | a page with one button; a GET alone never unsubscribes |
/// | `POST /u/{token}` | RFC 8058 one-click unsubscribe (`List-Unsubscribe=One-Click`) |
/// | `POST /hooks/{provider}` | inbound mail from a provider's webhook (``InboundWebhooks``): `raw`, `mailgun`, `postmark`, `sendgrid`, `ses`, `mailjet`, `sparkpost`, `cloudmailin`, `mandrill` |
/// | `HEAD /hooks/{provider}` | 200 for a configured provider (Mandrill checks a new webhook URL so), else 404 |
/// | `POST /triggers/{source}` | a help desk's "ticket closed" (``TriggerWorkflow``): queued, then surveyed once |
/// | `GET /healthz`, `GET /metrics` | liveness; Prometheus text |
///
/// TLS is a reverse proxy's job; the client address comes from `X-Forwarded-For` only behind configured proxies.
public struct WebServer: Sendable {
    /// The settings served with (from `smiley.json`'s `server` section, or the defaults).
    public let settings: ServerSettings
    let feedback: WebFeedback
    let pages: [String: WebPageRenderer]
    let fallbackPages: WebPageRenderer
    let scanners: ScannerRules
    let clients: ClientAddress
    let metrics = ServerMetrics()
    let logger: Logger
    /// The inbound webhook routes, when `server.webhooks` configures any.
    let webhooks: InboundWebhooks?
    /// The help-desk trigger routes, when `triggers` in `smiley.json` configures any source.
    let triggers: TriggerWorkflow?

    /// Prepares the server: compiles every page of every template set the surveys use and checks the settings.
    /// - Parameters:
    ///   - installation: the installation served.
    ///   - builtInTemplates: the built-in templates folder.
    ///   - settings: overrides the installation's `server` section (tests use a free port).
    ///   - synchronize: `fsync` writes (turn off only in tests).
    ///   - logger: where access lines and store errors go.
    /// - Throws: ``ServerError`` naming the setting or template at fault.
    public init(
        installation: Installation,
        builtInTemplates: String,
        settings: ServerSettings? = nil,
        synchronize: Bool = true,
        logger: Logger
    ) throws(ServerError) {
        let settings = settings ?? installation.config.server ?? ServerSettings()
        if let problem = settings.problem { throw ServerError(problem) }
        self.settings = settings
        self.feedback = WebFeedback(installation: installation, synchronize: synchronize)
        self.scanners = try ScannerRules(settings: settings)
        self.clients = try ClientAddress(settings: settings)
        self.logger = logger
        do {
            self.webhooks = try settings.webhooks.map { webhooks throws(WorkflowError) in
                try InboundWebhooks(installation: installation, settings: webhooks, synchronize: synchronize)
            }
        } catch {
            throw ServerError(error.description)
        }
        do {
            self.triggers = try installation.config.triggers.map { triggers throws(WorkflowError) in
                try TriggerWorkflow(installation: installation, settings: triggers, synchronize: synchronize)
            }
        } catch {
            throw ServerError(error.description)
        }
        var pages: [String: WebPageRenderer] = [:]
        do {
            let library = try TemplateLibrary(
                builtInDirectory: builtInTemplates,
                overrideDirectory: installation.overrideTemplatesDirectory
            )
            for set in Set(installation.surveys.map(\.template) + ["default"]) {
                // A set of email templates only (no web/ pages) is served with the default pages.
                if set != "default", try library.path(of: WebPageKind.rated.templateFile, inSet: set) == nil {
                    continue
                }
                pages[set] = try WebPageRenderer(library: library, templateSet: set)
            }
        } catch {
            throw ServerError("\(error.description); run 'smiley templates check' to see every problem")
        }
        self.pages = pages
        self.fallbackPages = pages["default"]!
    }

    /// The Hummingbird application: bind address and limits from ``settings``.
    /// - Parameter onServerRunning: called with the port once the server listens (tests ask for port 0).
    public func application(
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let http = HTTP1Channel.Configuration(
            idleTimeout: .seconds(Int64(settings.requestTimeoutSeconds)),
            httpDecoderConfiguration: .init(
                maxHeaderFieldSize: 8_192,
                maxHeaderListSize: 16_384,
                maxHeaderFieldCount: 100
            )
        )
        return Application(
            router: router(),
            server: .http1(configuration: http),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: nil),
            // The trigger queue: sent at start, deferred sends retried with backoff until the shutdown.
            services: triggers.map { [TriggerDrainService(workflow: $0, logger: logger)] } ?? [],
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }

    /// Serves until SIGTERM or SIGINT, then finishes the requests under way and returns.
    public func run() async throws {
        try await application { port in
            logger.notice("smiley serve listening on \(settings.host):\(port)")
        }.runService()
    }

    func router() -> Router<WebContext> {
        let router = Router(context: WebContext.self)
        router.add(middleware: AccessMiddleware(metrics: metrics, logger: logger, clients: clients))
        router.get("/r/:token/:rating") { request, context in await rate(request, context) }
        router.head("/r/:token/:rating") { request, context in await rate(request, context) }
        router.post("/r/:token/confirm") { request, context in await confirm(request, context) }
        router.post("/r/:token/comment") { request, context in await comment(request, context) }
        router.get("/u/:token") { request, context in await unsubscribePage(request, context) }
        router.head("/u/:token") { _, _ in Response(status: .ok) }
        router.post("/u/:token") { request, context in await unsubscribe(request, context) }
        router.post("/hooks/:provider") { request, context in await hook(request, context) }
        router.head("/hooks/:provider") { _, context in hookCheck(context) }
        router.post("/triggers/:source") { request, context in await trigger(request, context) }
        router.get("/healthz") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: "ok\n"))
            )
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition()))
            )
        }
        return router
    }
}

/// The request context: Hummingbird's, plus the connection's peer address.
public struct WebContext: RequestContext {
    /// Hummingbird's storage.
    public var coreContext: CoreRequestContextStorage
    /// The connection, to close it when a client is too slow.
    let channel: any Channel

    /// The connection's peer address in text, if it has one; read when asked (most requests never need it).
    public var peer: String? { channel.remoteAddress?.ipAddress }

    /// Creates the context of a request on `source`'s channel.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

/// Counts and logs every request: route pattern (never the token), status, duration, and the client's network
/// (`192.0.2.0/24`, `2001:db8:1::/48`), never its full address.
struct AccessMiddleware: RouterMiddleware {
    let metrics: ServerMetrics
    let logger: Logger
    let clients: ClientAddress

    func handle(
        _ request: Request,
        context: WebContext,
        next: (Request, WebContext) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        var status = 500
        defer {
            let route = context.endpointPath ?? "unmatched"
            let elapsed = ContinuousClock.now - started
            metrics.request(route: route, status: status, duration: elapsed)
            if logger.logLevel <= .info {
                let client =
                    clients.resolve(
                        peer: context.peer,
                        forwardedFor: request.headers[values: .xForwardedFor]
                    ).map(Self.network) ?? "-"
                logger.info("\(request.method) \(route) \(status) \(elapsed.milliseconds) ms \(client)")
            }
        }
        do {
            let response = try await next(request, context)
            status = response.status.code
            return response
        } catch let error as any HTTPResponseError {
            status = error.status.code
            throw error
        }
    }

    /// The address with its host part cleared: /24 for IPv4, /48 for IPv6.
    static func network(_ address: [UInt8]) -> String {
        let address = AddressRange.unmapped(address)
        if address.count == 4 { return "\(address[0]).\(address[1]).\(address[2]).0/24" }
        let groups = stride(from: 0, to: 6, by: 2).map {
            String(UInt16(address[$0]) << 8 | UInt16(address[$0 + 1]), radix: 16)
        }
        return groups.joined(separator: ":") + "::/48"
    }
}

extension HTTPField.Name {
    static let xForwardedFor = Self("X-Forwarded-For")!
}

extension Duration {
    var milliseconds: String {
        let parts = components
        let value = Double(parts.seconds) * 1_000 + Double(parts.attoseconds) / 1e15
        return String(format: "%.2f", value)
    }
}
