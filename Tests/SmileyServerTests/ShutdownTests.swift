import Foundation
import Logging
import ServiceLifecycle
import SmileyCore
import SmileyServer
import SmileyStore
import Testing

/// SIGTERM's path: a graceful shutdown lets a request under way finish and be stored, then the server stops.
@Suite struct ShutdownTests {
    @Test func aRequestUnderWayFinishesAfterShutdownBegins() async throws {
        let fixture = try ServerFixture()
        let (ports, announce) = AsyncStream<Int>.makeStream()
        let application = try fixture.server().application { port in announce.yield(port) }
        let group = ServiceGroup(
            configuration: .init(services: [application], gracefulShutdownSignals: [], logger: Logger(label: "test"))
        )
        let page = try await withThrowingTaskGroup(of: RawResponse?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let form = try #require(
                try await RawHTTP.request(port: port, "GET", "/r/\(fixture.token)/positive").hiddenField("form")
            )
            let body = Array("form=\(form)&rating=positive&comment=sent+while+stopping".utf8)
            let head = Array(
                ("POST /r/\(fixture.token)/comment HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: \(RawHTTP.browser)\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.count)\r\n"
                    + "Connection: close\r\n\r\n").utf8
            )
            // The head and half the body now; the shutdown begins; the rest of the body a second later.
            async let answer = RawHTTP.exchange(
                port: port,
                chunks: [head + body.prefix(10), Array(body.dropFirst(10))],
                pause: .seconds(1)
            )
            try await Task.sleep(for: .milliseconds(300))
            await group.triggerGracefulShutdown()
            let response = try await answer
            try await tasks.waitForAll()
            return response
        }
        #expect(page.status == 200)
        let comments = try fixture.records().filter { $0.confirmation == .comment }
        #expect(comments.map(\.comment) == ["sent while stopping"])
    }
}
