import SmileyInbound
import SmileyMail

/// The help-desk API transport of `smiley serve` and `smiley trigger`: SmileyMail's libcurl GET (TLS verified, no
/// redirects, 1 MiB at most). `http://` is allowed to a loopback address only, for a help desk mocked on the host.
struct CurlHelpDeskFetcher: HelpDeskFetcher {
    func get(
        _ url: String,
        headers: [(name: String, value: String)],
        timeoutSeconds: Int
    ) throws -> HelpDeskAnswer {
        let answer = try HTTPRequest.get(url, headers: headers, timeoutSeconds: timeoutSeconds, loopbackHTTP: true)
        return HelpDeskAnswer(status: answer.status, body: answer.body)
    }
}
