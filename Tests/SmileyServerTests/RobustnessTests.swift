import Foundation
import SmileyCore
import SmileyStore
import Testing

/// Slow, malformed, oversized and unexpected requests: a 4xx or a closed connection, never a crash, and the server
/// answers the next request.
@Suite struct RobustnessTests {
    /// A header dribbled one byte a second (slowloris) is cut off at `requestTimeoutSeconds` without an answer.
    @Test func aRequestHeadDribbledSlowlyIsCutOff() async throws {
        let fixture = try ServerFixture(serverSection: #"{"requestTimeoutSeconds": 2}"#)
        let (slow, health) = try await fixture.withServer { client in
            let start = Array("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".utf8)
            let dribble = (0..<24).map { _ in [UInt8(ascii: "a")] }
            let started = ContinuousClock.now
            let slow = try await RawHTTP.exchange(port: client.port, chunks: [start] + dribble, pause: .seconds(1))
            let elapsed = ContinuousClock.now - started
            // 24 bytes at one a second: the server must not wait for them all (it stops after 2 s).
            #expect(elapsed < .seconds(16), "the server waited \(elapsed) for a header that never ended")
            return (slow, try await client.browse("/healthz"))
        }
        #expect(slow.status == 0, "a slow header got an answer: \(slow.status)")
        #expect(health.status == 200)
    }

    /// A form body dribbled slowly is cut off too, and nothing is stored.
    @Test func aBodyDribbledSlowlyIsCutOffAndStoresNothing() async throws {
        let fixture = try ServerFixture(serverSection: #"{"requestTimeoutSeconds": 2}"#)
        let (slow, health) = try await fixture.withServer { client in
            let head = Array(
                ("POST /r/\(fixture.token)/comment HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: \(RawHTTP.browser)\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 200\r\n\r\nrating=positive&")
                    .utf8
            )
            let dribble = (0..<24).map { _ in [UInt8(ascii: "x")] }
            let started = ContinuousClock.now
            let slow = try await RawHTTP.exchange(port: client.port, chunks: [head] + dribble, pause: .seconds(1))
            #expect(ContinuousClock.now - started < .seconds(16))
            return (slow, try await client.browse("/healthz"))
        }
        #expect(slow.status == 0 || slow.status == 408)
        #expect(health.status == 200)
        #expect(try fixture.records().isEmpty)
    }

    @Test func malformedAndOversizedRequestsGetA4xxOrAClosedConnection() async throws {
        let fixture = try ServerFixture()
        let (garbage, hugeHeader, manyHeaders, badMethod, unknown, health) = try await fixture.withServer { client in
            let garbage = try await RawHTTP.exchange(port: client.port, chunks: [Array("GARBAGE\r\n\r\n".utf8)])
            let hugeHeader = try await RawHTTP.request(
                port: client.port,
                "GET",
                "/healthz",
                headers: [("X-Big", String(repeating: "b", count: 20_000))]
            )
            let manyHeaders = try await RawHTTP.request(
                port: client.port,
                "GET",
                "/healthz",
                headers: (0..<150).map { ("X-H\($0)", "v") }
            )
            let badMethod = try await RawHTTP.request(port: client.port, "PUT", "/r/\(fixture.token)/positive")
            let unknown = try await client.browse("/wp-admin/../../etc/passwd")
            return (garbage, hugeHeader, manyHeaders, badMethod, unknown, try await client.browse("/healthz"))
        }
        for (name, response) in [("garbage", garbage), ("huge header", hugeHeader), ("150 headers", manyHeaders)] {
            #expect(response.status == 0 || (400..<500).contains(response.status), "\(name): \(response.status)")
        }
        #expect((400..<500).contains(badMethod.status))
        #expect(unknown.status == 404)
        #expect(health.status == 200)
        #expect(try fixture.records().isEmpty)
    }

    /// Many clicks at once from many connections: every one is stored exactly once, none half-written.
    @Test func concurrentClicksAreAllStoredWhole() async throws {
        let fixture = try ServerFixture()
        let statuses = try await fixture.withServer { client in
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<40 {
                    let rating = ["positive", "neutral", "negative"][index % 3]
                    group.addTask { try await client.browse("/r/\(fixture.token)/\(rating)").status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        #expect(statuses.allSatisfy { $0 == 200 })
        let records = try fixture.records()
        // Same rating within the same second is one record (its id is derived); so 3 to 40 records, all readable.
        #expect((3...40).contains(records.count))
        #expect(records.allSatisfy { $0.confirmation == .provisional && $0.rating != nil })
        // Three different ratings within seconds: the click rule takes them for a scanner.
        #expect(Report(records: records, now: Date().addingTimeInterval(3600)).overall.ratings == 0)
    }
}
