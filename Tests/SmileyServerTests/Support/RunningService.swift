import Logging
import ServiceLifecycle

/// Runs `service` in a ServiceGroup (as `smiley serve` runs the server: no signal handlers in a test) until `body`
/// returns, with the port the service announced on `ports`, then shuts it down gracefully and waits for it.
/// - Parameters:
///   - service: a server that yields its port on `ports` once it listens.
///   - ports: where the port is announced.
///   - body: the test's requests.
func withRunningService<Value: Sendable>(
    _ service: some Service,
    ports: AsyncStream<Int>,
    _ body: @Sendable (Int) async throws -> Value
) async throws -> Value {
    let group = ServiceGroup(
        configuration: .init(services: [service], gracefulShutdownSignals: [], logger: Logger(label: "test"))
    )
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw RawHTTP.SocketError(description: "no port") }
        do {
            let value = try await body(port)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return value
        } catch {
            await group.triggerGracefulShutdown()
            throw error
        }
    }
}
