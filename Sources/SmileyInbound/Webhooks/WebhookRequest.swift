public import SmileyMIME

/// An HTTP request that a mail provider (or a relay) posted to one of Smiley's webhook routes, as the server and
/// `smiley webhook` hand it over: header fields and the body, nothing read yet.
public struct WebhookRequest: Sendable {
    /// The header fields, in order (names as sent).
    public var headers: [(name: String, value: String)]
    /// The body, as received.
    public var body: [UInt8]

    /// A request.
    public init(headers: [(name: String, value: String)], body: [UInt8]) {
        self.headers = headers
        self.body = body
    }

    /// A captured request: a first line (request or status line, ignored), header fields, a blank line, the body
    /// — what a request bin or `tcpdump` shows, and how providers document their posts.
    /// - Returns: nil when there is no blank line after the header fields.
    public init?(capturedHTTP bytes: [UInt8]) {
        let crlf = Self.firstRange(of: [13, 10, 13, 10], in: bytes)
        let lf = Self.firstRange(of: [10, 10], in: bytes)
        guard let cut = [crlf, lf].compactMap({ $0 }).min(by: { $0.lowerBound < $1.lowerBound }) else { return nil }
        var headers: [(name: String, value: String)] = []
        let head = String(decoding: bytes[..<cut.lowerBound], as: UTF8.self)
        for line in head.split(whereSeparator: \.isNewline).dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            headers.append((String(line[..<colon]), String(value)))
        }
        self.init(headers: headers, body: Array(bytes[cut.upperBound...]))
    }

    /// Where `needle` first occurs in `bytes` (``ASCIISearch/firstOffset(of:in:from:to:)``), as a range.
    static func firstRange(of needle: [UInt8], in bytes: [UInt8]) -> Range<Int>? {
        ASCIISearch.firstOffset(of: needle, in: bytes).map { $0..<($0 + needle.count) }
    }

    /// The first header field named `name` (case-insensitively).
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// The body's form fields (multipart or urlencoded, by Content-Type).
    func form() throws(InboundWebhookError) -> FormData {
        guard let type = header("Content-Type") else { throw .unsupportedContentType("none") }
        do { return try FormData(body: body, contentType: type) } catch { throw .form(error) }
    }
}

/// Why a webhook request was refused; each says what was wrong and what the sender should do. A refused request
/// stores nothing, and its answer is a 4xx, so a provider that sent something real sees the failure.
public enum InboundWebhookError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The signature or credentials are missing or wrong.
    case unauthenticated(String)
    /// The signed time is outside the accepted window (a delayed or replayed request).
    case stale(String)
    /// The same signed request was seen before (a replay).
    case replayed
    /// The body is not of a type the route reads.
    case unsupportedContentType(String)
    /// The body's form could not be read.
    case form(FormData.Problem)
    /// A field the provider always sends is missing or unreadable.
    case missingField(String)
    /// The body is not what the provider documents.
    case malformed(String)
    /// Authenticated, but not allowed here (an SNS topic not in the allow-list).
    case forbidden(String)
    /// A well-formed post that carries no message Smiley can keep (an SES receipt whose message is in S3, a
    /// bounce notification, a provider Smiley does not read); the reason says what to configure instead.
    case notAMessage(String)
    /// Cannot be checked now (a signing certificate that cannot be fetched): the provider should retry.
    case unavailable(String)

    /// What went wrong and what to do.
    public var description: String {
        switch self {
        case .unauthenticated(let detail): "not authenticated: \(detail)"
        case .stale(let detail): "the signature's time is outside the accepted window: \(detail)"
        case .replayed: "this signed request was received before; a replay is refused"
        case .unsupportedContentType(let type):
            "the Content-Type '\(type)' is not one this provider's route reads; check the webhook's settings"
        case .form(let problem): problem.description
        case .missingField(let name): "the field '\(name)' is missing; check the provider's webhook settings"
        case .malformed(let detail): "the payload is not what the provider documents: \(detail)"
        case .forbidden(let detail): "not allowed: \(detail)"
        case .notAMessage(let detail): "nothing to keep: \(detail)"
        case .unavailable(let detail): "cannot be checked now, retry later: \(detail)"
        }
    }

    /// The HTTP status to answer with: 401 for authentication, 403 for a topic not allowed, 409 for a replay, 422
    /// for a post with nothing to keep, 503 when it cannot be checked now, 400 otherwise (415 for a type).
    public var httpStatus: Int {
        switch self {
        case .unauthenticated, .stale: 401
        case .forbidden: 403
        case .replayed: 409
        case .unsupportedContentType: 415
        case .notAMessage: 422
        case .unavailable: 503
        case .form, .missingField, .malformed: 400
        }
    }
}
