import Foundation
import SmileyCore
import Testing

@testable import SmileyServer

/// Address ranges, the client address behind proxies, and the request-level scanner signals.
@Suite struct AddressTests {
    @Test(arguments: [
        ("192.0.2.0/24", "192.0.2.77", true), ("192.0.2.0/24", "192.0.3.1", false),
        ("10.0.0.0/8", "10.255.1.2", true), ("127.0.0.1", "127.0.0.1", true), ("127.0.0.1", "127.0.0.2", false),
        ("2001:db8::/32", "2001:db8:ffff::1", true), ("2001:db8::/32", "2001:db9::1", false),
        ("192.0.2.0/24", "::ffff:192.0.2.9", true), ("0.0.0.0/0", "203.0.113.5", true),
        ("::1", "::1", true), ("192.0.2.0/25", "192.0.2.200", false),
    ])
    func rangesContainTheirAddresses(range: String, address: String, inside: Bool) throws {
        let parsed = try #require(AddressRange(range))
        let bytes = try #require(AddressRange.parseAddress(address))
        #expect(parsed.contains(bytes) == inside)
    }

    @Test(arguments: [
        "", "192.0.2.0/33", "300.1.1.1", "1.2.3", "1.2.3.4.5", "2001:db8:::1", "::1/129", "abc", "1.2.3.4/x",
    ])
    func malformedRangesAreRefused(text: String) {
        #expect(AddressRange(text) == nil)
    }

    @Test func forwardedForIsBelievedOnlyFromTrustedProxies() throws {
        let clients = try ClientAddress(settings: ServerSettings(trustedProxies: ["127.0.0.1/32", "10.0.0.0/8"]))
        // From an untrusted peer the header is ignored: a client cannot pick its own address.
        #expect(clients.resolve(peer: "203.0.113.9", forwardedFor: ["198.51.100.1"]) == [203, 0, 113, 9])
        // Behind the proxy: the right-most address that is not a trusted proxy.
        #expect(clients.resolve(peer: "127.0.0.1", forwardedFor: ["198.51.100.1, 10.1.2.3"]) == [198, 51, 100, 1])
        #expect(clients.resolve(peer: "127.0.0.1", forwardedFor: ["6.6.6.6", "198.51.100.1"]) == [198, 51, 100, 1])
        #expect(clients.resolve(peer: "127.0.0.1", forwardedFor: ["198.51.100.1:4711"]) == [198, 51, 100, 1])
        #expect(clients.resolve(peer: "127.0.0.1", forwardedFor: []) == [127, 0, 0, 1])
        #expect(clients.resolve(peer: "127.0.0.1", forwardedFor: ["garbage"]) == [127, 0, 0, 1])
        #expect(throws: ServerError.self) { try ClientAddress(settings: ServerSettings(trustedProxies: ["nope"])) }
    }

    /// The user-agent scan (pairs of first bytes, then fragments by first byte) finds a fragment exactly where a
    /// plain case-insensitive search does: 20,000 user agents stitched from browser text and pieces, whole or cut,
    /// of the fragments (a one-byte configured fragment among them), in random case.
    @Test func userAgentScanAgreesWithAPlainSearch() throws {
        let configured = ["AcmeGateway", "~", "Q7"]
        let rules = try ScannerRules(settings: ServerSettings(scannerUserAgents: configured))
        let fragments = ScannerRules.builtInUserAgents + configured.map { $0.lowercased() }
        let pieces =
            fragments.flatMap { [$0, String($0.prefix(2)), String($0.dropFirst()), String($0.dropLast())] }
            + ["Mozilla/5.0 ", "(X11; Linux x86_64) ", "AppleWebKit/537.36 ", "Chrome/131.0 ", "Safari/537.36", " "]
        var generator = SystemRandomNumberGenerator()
        var matches = 0
        for _ in 0..<20_000 {
            var agent = ""
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                let piece = pieces.randomElement(using: &generator)!
                agent += Bool.random(using: &generator) ? piece.uppercased() : piece
            }
            let expected = fragments.contains { agent.lowercased().contains($0) }
            if expected { matches += 1 }
            let signal = rules.signal(isHead: false, userAgent: agent, clientAddress: nil)
            #expect((signal == .userAgent) == expected, "\(agent)")
        }
        #expect(matches > 1_000 && matches < 19_000, "both outcomes are tried")
    }

    @Test func scannerSignalsFollowTheRule() throws {
        let rules = try ScannerRules(
            settings: ServerSettings(scannerUserAgents: ["AcmeGateway"], scannerAddresses: ["192.0.2.0/24"])
        )
        let browser =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
        #expect(rules.signal(isHead: false, userAgent: browser, clientAddress: [198, 51, 100, 7]) == nil)
        #expect(rules.signal(isHead: true, userAgent: browser, clientAddress: nil) == .head)
        #expect(rules.signal(isHead: false, userAgent: nil, clientAddress: nil) == .noUserAgent)
        #expect(rules.signal(isHead: false, userAgent: "", clientAddress: nil) == .noUserAgent)
        #expect(
            rules.signal(
                isHead: false,
                userAgent: browser.replacingOccurrences(of: "Chrome", with: "HeadlessChrome"),
                clientAddress: nil
            )
                == .userAgent
        )
        #expect(rules.signal(isHead: false, userAgent: "Mozilla/5.0 ACMEGATEWAY/2", clientAddress: nil) == .userAgent)
        #expect(rules.signal(isHead: false, userAgent: "python-requests/2.31", clientAddress: nil) == .userAgent)
        #expect(rules.signal(isHead: false, userAgent: "curl/7.88.1", clientAddress: nil) == .userAgent)
        #expect(rules.signal(isHead: false, userAgent: browser, clientAddress: [192, 0, 2, 1]) == .address)
        #expect(throws: ServerError.self) {
            try ScannerRules(settings: ServerSettings(scannerAddresses: ["10.0.0.0/40"]))
        }
    }

    @Test func theUserAgentMatchAgreesWithAPlainLowercasedSearch() throws {
        let rules = try ScannerRules(settings: ServerSettings(scannerUserAgents: ["AcmeGateway", "x"]))
        let fragments = ScannerRules.builtInUserAgents + ["acmegateway"]
        var agents = ["", "a", "Mozilla/5.0", "x", "X-Agent", "curl", "CURL/", "wget", "java", "Java/17"]
        for fragment in fragments {
            let shouted = fragment.uppercased()
            agents += [
                fragment, shouted, "Mozilla/5.0 (" + shouted + ")", "Mozilla/5.0 " + fragment,
                String(fragment.dropLast()), "Mozilla " + String(fragment.dropLast()),
                String(fragment.dropFirst()) + " end",
            ]
        }
        let withoutX = try ScannerRules(settings: ServerSettings(scannerUserAgents: ["AcmeGateway"]))
        for agent in agents {
            let lowered = agent.lowercased()
            let expected = fragments.contains { lowered.contains($0) }
            #expect(
                (withoutX.signal(isHead: false, userAgent: agent, clientAddress: nil) == .userAgent) == expected,
                "\(agent)"
            )
            let expectedWithX = expected || lowered.contains("x")
            #expect(
                (rules.signal(isHead: false, userAgent: agent, clientAddress: nil) == .userAgent) == expectedWithX,
                "\(agent)"
            )
        }
    }

    @Test func theClientAddressIsResolvedOnlyWhenARangeIsConfigured() throws {
        let browser = "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"
        var asked = 0
        let none = try ScannerRules(settings: ServerSettings())
        #expect(
            none.signal(isHead: false, userAgent: browser) {
                asked += 1
                return [192, 0, 2, 1]
            } == nil
        )
        #expect(asked == 0)
        let ranged = try ScannerRules(settings: ServerSettings(scannerAddresses: ["192.0.2.0/24"]))
        #expect(
            ranged.signal(isHead: false, userAgent: browser) {
                asked += 1
                return [192, 0, 2, 1]
            } == .address
        )
        #expect(asked == 1)
    }

    @Test func accessLogsNameANetworkNotAnAddress() {
        #expect(AccessMiddleware.network([198, 51, 100, 7]) == "198.51.100.0/24")
        #expect(
            AccessMiddleware.network([0x20, 0x01, 0x0d, 0xb8, 0, 1] + [UInt8](repeating: 9, count: 10))
                == "2001:db8:1::/48"
        )
    }
}
