import Testing

@testable import SmileyMail

/// The HTTPS GET the inbound side uses for SNS certificates: https only, and a failure names the URL. (Fetching
/// over the network is not tested; SNS tests inject their own fetcher.)
@Suite("HTTPS GET")
struct HTTPSGetTests {
    @Test(
        "an address that is not https is refused before libcurl is asked",
        arguments: ["http://sns.example/x", "ftp://x/y", "file:///etc/passwd"]
    )
    func onlyHTTPS(url: String) {
        let failure = #expect(throws: HTTPSGet.Failure.self) { try HTTPSGet.get(url) }
        #expect(failure?.description == "\(url): only https:// addresses are fetched")
    }

    @Test("a server that is not there is an error naming the URL (loopback, a closed port)")
    func unreachable() {
        let url = "https://127.0.0.1:1/SimpleNotificationService.pem"
        let failure = #expect(throws: HTTPSGet.Failure.self) { try HTTPSGet.get(url, timeoutSeconds: 5) }
        #expect(failure?.description.hasPrefix(url + ": ") == true, "\(failure?.description ?? "")")
    }
}
