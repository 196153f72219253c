import Testing

@testable import SmileyMail

/// The GET the help-desk lookups use: which addresses it fetches (https, and http only to loopback when asked),
/// header fields that cannot be smuggled, and failures naming the URL. Real fetches are tested over HTTP in
/// SmileyServerTests (HelpDeskLookupRouteTests, against a mocked help desk).
@Suite("HTTP request")
struct HTTPRequestTests {
    @Test(
        "the addresses fetched",
        arguments: [
            ("https://api-na.myconnectwise.net/v4_6_release/apis/3.0/service/tickets/1", false, true),
            ("http://api-na.myconnectwise.net/x", true, false),
            ("http://127.0.0.1:8080/x", true, true),
            ("http://localhost:8080/x", true, true),
            ("http://[::1]:8080/x", true, true),
            ("http://127.0.0.1:8080/x", false, false),
            ("http://127.0.0.2/x", true, false),
            ("http://127.0.0.1@evil.example/x", true, false),
            ("https://user:pass@api.example/x", false, false),
            ("ftp://127.0.0.1/x", true, false),
            ("file:///etc/passwd", true, false),
        ]
    )
    func allowed(url: String, loopbackHTTP: Bool, expected: Bool) {
        #expect(HTTPRequest.isAllowed(url, loopbackHTTP: loopbackHTTP) == expected)
    }

    @Test func aRefusedAddressIsNeverAsked() {
        let failure = #expect(throws: HTTPRequest.Failure.self) {
            try HTTPRequest.get("http://api.example/x", loopbackHTTP: true)
        }
        #expect(
            failure?.description
                == "http://api.example/x: only https:// addresses (or http:// to a loopback address) are fetched"
        )
    }

    @Test func aHeaderValueWithALineBreakIsRefused() {
        let failure = #expect(throws: HTTPRequest.Failure.self) {
            try HTTPRequest.get("https://127.0.0.1:1/x", headers: [("Secret", "a\r\nX-Injected: 1")])
        }
        #expect(failure?.description.contains("line break") == true)
    }

    @Test func anUnreachableServerIsAnErrorNamingTheURL() {
        let url = "http://127.0.0.1:1/V1.0/Tickets/1"
        let failure = #expect(throws: HTTPRequest.Failure.self) {
            try HTTPRequest.get(url, timeoutSeconds: 5, loopbackHTTP: true)
        }
        #expect(failure?.description.hasPrefix(url + ": ") == true, "\(failure?.description ?? "")")
    }
}
