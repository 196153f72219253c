// libFuzzer entry point for the inbound webhook payloads, compiled by fuzz/run.sh (webhook) against SmileyMIME,
// SmileyHTML and SmileyInbound built with -sanitize=fuzzer,address, like the inbound harness. An input is a
// whole captured request (first line, header fields, blank line, body: the shared payloads' .http files) or a
// bare body; the provider is picked by the input's length, and a bare body gets the Content-Type that provider
// posts. Each input is read as `smiley webhook` reads it (no authentication) and, through the authenticated
// path, against a fixed key and password (almost always refused, which exercises the checks); a message that comes
// out is parsed as ingest would. A crash or a sanitizer report is a bug; so is a rebuilt message without the
// From field its reader requires, or a delivery from the authenticated path for a request nobody signed.
import Foundation
import SmileyInbound
import SmileyMIME

private let providers = InboundProvider.allCases

/// SNS certificates are never fetched while fuzzing: every SES request's signature check fails at the fetch (or
/// before it, at the certificate URL's checks).
private struct NoFetcher: WebhookFetcher {
    struct Offline: Error {}
    func get(_ url: String) throws -> [UInt8] { throw Offline() }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let provider = providers[size % providers.count]
    var request = WebhookRequest(capturedHTTP: bytes) ?? WebhookRequest(headers: [], body: bytes)
    if request.header("Content-Type") == nil {
        let type: String
        switch provider {
        case .raw: type = "message/rfc822"
        case .mailgun: type = size % 8 < 4 ? "application/x-www-form-urlencoded" : "multipart/form-data; boundary=xYzZY"
        case .postmark, .mailjet, .sparkpost: type = "application/json"
        case .cloudmailin: type = size % 8 < 4 ? "application/json" : "multipart/form-data; boundary=xYzZY"
        case .sendgrid: type = "multipart/form-data; boundary=xYzZY"
        case .mandrill: type = "application/x-www-form-urlencoded"
        case .ses: type = "text/plain; charset=UTF-8"
        }
        request.headers.append(("Content-Type", type))
    }
    if let delivery = try? provider.unverifiedDelivery(from: request) {
        let message = ParsedMessage.parse(delivery.message)
        if delivery.rebuilt, provider != .mailgun, message.headers["From"] == nil {
            fatalError("a rebuilt \(provider) message has no From field")
        }
    }
    let credential: InboundProvider.Credential
    switch provider {
    case .raw: credential = .keys([1: Array(repeating: 0x5A, count: 32)])
    case .mailgun: credential = .signingKey(Array("fuzz-signing-key".utf8))
    case .postmark, .sendgrid, .mailjet, .cloudmailin:
        credential = .basic(username: "fuzz", password: "not in any seed")
    case .sparkpost: credential = .token("not in any seed")
    case .mandrill: credential = .urlKey(url: "https://smiley.example/hooks/mandrill", key: Array("fuzz-key".utf8))
    case .ses: credential = .sns(SNSVerifier(topics: nil, fetcher: NoFetcher()))
    }
    if (try? provider.delivery(from: request, credential: credential, now: Date(timeIntervalSince1970: 1_780_000_000)))
        != nil, [.raw, .mailgun, .mandrill, .ses].contains(provider)
    {
        fatalError("an input nobody signed with the fuzz key passed the \(provider) signature check")
    }
    return 0
}
