import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A help desk's REST API on a loopback port (Hummingbird), answering GETs with the documented bodies of
/// ``HelpDeskFixtures`` and remembering every request, so that a test can say what was fetched, with which
/// header fields — and that nothing was.
final class MockHelpDesk: Sendable {
    /// A request the mock received.
    struct Seen: Sendable {
        /// The path and query.
        let target: String
        /// The header fields, names lowercased.
        let headers: [String: String]
    }

    private let state = Mutex<(seen: [Seen], failing: Bool)>(([], false))
    /// The bodies by path (without the query), answered 200; any other path is 404.
    private let bodies: [String: String]

    init(bodies: [String: String]) { self.bodies = bodies }

    /// The requests received so far.
    var seen: [Seen] { state.withLock { $0.seen } }

    /// While true, every API path but the signing key answers 500 (the help desk's API is down).
    func setFailing(_ failing: Bool) { state.withLock { $0.failing = failing } }

    private func answer(_ request: Request) -> Response {
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let path = request.uri.path
        let failing = state.withLock { state in
            state.seen.append(Seen(target: request.uri.description, headers: headers))
            return state.failing
        }
        if failing, !path.contains("callbackkey") {
            return Response(status: .internalServerError, body: .init(byteBuffer: ByteBuffer(string: "down")))
        }
        guard let body = bodies[path] else {
            let notFound = #"{"code":"NotFound","message":"Not found","errors":null}"#
            return Response(
                status: .notFound,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: notFound))
            )
        }
        return Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: body))
        )
    }

    /// Runs `body` with the mock listening on a free loopback port, then stops it.
    func run<Value: Sendable>(_ body: @Sendable (Int) async throws -> Value) async throws -> Value {
        let router = Router()
        router.get("**") { [self] request, _ in answer(request) }
        let (ports, announce) = AsyncStream<Int>.makeStream()
        let application = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in announce.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "mock-help-desk")
        )
        return try await withRunningService(application, ports: ports, body)
    }
}
