import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import SmileyCore
import SmileyStore
import SmileyTemplates
import SmileyWorkflows

extension WebServer {
    /// `GET` and `HEAD /r/{token}/{rating}`.
    func rate(_ request: Request, _ context: WebContext) async -> Response {
        let nonce = Self.makeNonce()
        let token = context.parameters.get("token") ?? ""
        let code = context.parameters.get("rating") ?? ""
        let link: WebFeedback.Link
        switch feedback.verify(token: token) {
        case .failure(let refusal): return refused(refusal, request: request, nonce: nonce)
        case .success(let verified): link = verified
        }
        guard let rating = Rating(scale: link.survey.scale, code: code) else {
            return refused(
                .init(reason: "invalid", description: "no rating '\(code)' on the \(link.survey.scale) scale"),
                request: request,
                nonce: nonce
            )
        }
        let signal = scanners.signal(isHead: request.method == .head, userAgent: request.headers.value(of: .userAgent))
        {
            clients.resolve(peer: context.peer, forwardedFor: request.headers[values: .xForwardedFor])
        }
        if let signal {
            metrics.scanner(signal)
        } else {
            do {
                _ = try await feedback.recordClick(link, rating: rating, confirmation: .provisional)
            } catch {
                return unavailable(error)
            }
            metrics.click(.provisional)
        }
        return page(.rated, link: link, rating: rating, request: request, nonce: nonce)
    }

    /// `POST /r/{token}/confirm`: the page's own request once a person acted on it.
    func confirm(_ request: Request, _ context: WebContext) async -> Response {
        switch await form(request, context) {
        case .answered(let response): return response
        case .accepted(let link, let fields):
            guard let rating = fields["rating"].flatMap({ Rating(scale: link.survey.scale, code: $0) }) else {
                return Response(status: .badRequest)
            }
            do {
                _ = try await feedback.recordClick(link, rating: rating, confirmation: .interaction)
            } catch {
                return unavailable(error)
            }
            metrics.click(.interaction)
            return Response(status: .noContent, headers: [.cacheControl: "no-store"])
        }
    }

    /// `POST /r/{token}/comment`: the comment form.
    func comment(_ request: Request, _ context: WebContext) async -> Response {
        let nonce = Self.makeNonce()
        switch await form(request, context) {
        case .answered(let response): return response
        case .accepted(let link, let fields):
            guard let rating = fields["rating"].flatMap({ Rating(scale: link.survey.scale, code: $0) }) else {
                return refused(
                    .init(reason: "invalid", description: "the comment form has no valid rating"),
                    request: request,
                    nonce: nonce,
                    status: .badRequest
                )
            }
            let text = String((fields["comment"] ?? "").prefix(Self.maximumCommentCharacters))
            do {
                _ = try await feedback.recordClick(link, rating: rating, confirmation: .comment, comment: text)
            } catch {
                return unavailable(error)
            }
            metrics.click(.comment)
            return page(.commentSaved, link: link, rating: rating, request: request, nonce: nonce)
        }
    }

    /// `GET /u/{token}`: the page with one button; nothing changes.
    func unsubscribePage(_ request: Request, _ context: WebContext) async -> Response {
        let nonce = Self.makeNonce()
        switch feedback.verify(token: context.parameters.get("token") ?? "") {
        case .failure(let refusal): return refused(refusal, request: request, nonce: nonce)
        case .success(let link): return page(.unsubscribe, link: link, rating: nil, request: request, nonce: nonce)
        }
    }

    /// `POST /u/{token}`: RFC 8058 one-click unsubscribe (from a mail provider, or the page's button).
    func unsubscribe(_ request: Request, _ context: WebContext) async -> Response {
        let nonce = Self.makeNonce()
        let link: WebFeedback.Link
        switch feedback.verify(token: context.parameters.get("token") ?? "") {
        case .failure(let refusal): return refused(refusal, request: request, nonce: nonce)
        case .success(let verified): link = verified
        }
        let body: ByteBuffer
        switch await readBody(request, context) {
        case .read(let bytes): body = bytes
        case .refused(let response): return response
        }
        guard FormBody.isOneClickUnsubscribe(Array(buffer: body), contentType: request.headers[.contentType]) else {
            return refused(
                .init(reason: "invalid", description: "the body is not List-Unsubscribe=One-Click (RFC 8058)"),
                request: request,
                nonce: nonce,
                status: .badRequest
            )
        }
        let outcome: WebFeedback.Unsubscribed
        switch await offload({ () throws(WorkflowError) in try feedback.unsubscribe(link) }) {
        case .failure(let error): return unavailable(error)
        case .success(let done): outcome = done
        }
        metrics.unsubscribe()
        switch outcome {
        case .suppressed: return page(.unsubscribed, link: link, rating: nil, request: request, nonce: nonce)
        case .addressUnknown:
            logger.warning("unsubscribe for survey \(link.survey.id): the send is no longer on record")
            return refused(
                .init(reason: "invalid", description: "the survey's send is no longer on record"),
                request: request,
                nonce: nonce,
                status: .gone
            )
        }
    }

    // MARK: helpers

    static let maximumCommentCharacters = 5_000

    /// Reads a form posted to a link: the token verified, the body within the limit, the anti-forgery value right.
    private func form(
        _ request: Request,
        _ context: WebContext
    ) async -> FormOutcome {
        let nonce = Self.makeNonce()
        let link: WebFeedback.Link
        switch feedback.verify(token: context.parameters.get("token") ?? "") {
        case .failure(let refusal): return .answered(refused(refusal, request: request, nonce: nonce))
        case .success(let verified): link = verified
        }
        let body: ByteBuffer
        switch await readBody(request, context) {
        case .read(let bytes): body = bytes
        case .refused(let response): return .answered(response)
        }
        let fields = FormBody.parse(Array(buffer: body))
        guard let value = fields["form"], feedback.acceptsFormValue(value, for: link) else {
            return .answered(
                refused(
                    .init(reason: "invalid", description: "the form's anti-forgery value is missing or wrong"),
                    request: request,
                    nonce: nonce,
                    status: .forbidden
                )
            )
        }
        return .accepted(link, fields)
    }

    /// A posted form: accepted with its fields, or already answered (refused link, too large, forged).
    enum FormOutcome {
        case accepted(WebFeedback.Link, [String: String])
        case answered(Response)
    }

    enum Body {
        case read(ByteBuffer)
        case refused(Response)
    }

    /// Reads a request body of at most `server.maximumBodyBytes`, within `server.requestTimeoutSeconds`: a body
    /// larger gets 413; one dribbled slower (slowloris) gets the connection closed. The deadline is a timer on the
    /// connection's event loop, so it fires on time however busy Swift's cooperative threads are.
    /// Reads the body within the request deadline (`seconds`, default the settings') and up to `limit` bytes
    /// (default the settings'), else answers 408 (closing the connection) or 413.
    func readBody(_ request: Request, _ context: WebContext, limit: Int? = nil, seconds: Int? = nil) async -> Body {
        let channel = context.channel
        let seconds = seconds ?? settings.requestTimeoutSeconds
        let deadline = channel.eventLoop.scheduleTask(in: .seconds(Int64(seconds))) {
            channel.close(promise: nil)
        }
        defer { deadline.cancel() }
        var request = request
        do {
            return .read(try await request.collectBody(upTo: limit ?? settings.maximumBodyBytes))
        } catch {
            guard channel.isActive else {
                logger.info("request body not received within \(seconds) s; connection closed")
                return .refused(Response(status: .requestTimeout, headers: [.connection: "close"]))
            }
            return .refused(Response(status: .contentTooLarge, headers: [.connection: "close"]))
        }
    }

    private func renderer(for link: WebFeedback.Link?) -> WebPageRenderer {
        link.flatMap { pages[$0.survey.template] } ?? fallbackPages
    }

    private func page(
        _ kind: WebPageKind,
        link: WebFeedback.Link,
        rating: Rating?,
        request: Request,
        nonce: String,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let renderer = renderer(for: link)
        let locale = renderer.negotiateLocale(
            acceptLanguage: request.headers.value(of: .acceptLanguage),
            fallback: link.survey.locale
        )
        let html = renderer.render(
            kind,
            locale: locale,
            values: WebPageValues(
                token: link.token,
                scale: link.survey.scale,
                rating: rating?.code,
                formValue: feedback.formValue(for: link),
                nonce: nonce
            )
        )
        return Self.htmlResponse(html, status: status, nonce: nonce, head: request.method == .head)
    }

    private func refused(
        _ refusal: WebFeedback.LinkRefusal,
        request: Request,
        nonce: String,
        status: HTTPResponse.Status? = nil
    ) -> Response {
        logger.info("link refused: \(refusal.description)")
        let renderer = fallbackPages
        let locale = renderer.negotiateLocale(
            acceptLanguage: request.headers.value(of: .acceptLanguage),
            fallback: "en"
        )
        let html = renderer.render(
            .linkInvalid,
            locale: locale,
            values: WebPageValues(token: "", scale: .smiley, formValue: "", nonce: nonce, reason: refusal.reason)
        )
        let status = status ?? (refusal.reason == "expired" ? .gone : .notFound)
        return Self.htmlResponse(html, status: status, nonce: nonce, head: request.method == .head)
    }

    /// 503 with Retry-After: the store refused the write (disk full, lock timeout); nothing was stored.
    private func unavailable(_ error: WorkflowError) -> Response {
        metrics.storeFailure()
        logger.error(
            "store write failed, answered 503 and stored nothing: \(error.message) Free disk space or check the data folder's permissions."
        )
        return Response(
            status: .serviceUnavailable,
            headers: [.contentType: "text/plain; charset=utf-8", .retryAfter: "60", .cacheControl: "no-store"],
            body: .init(
                byteBuffer: ByteBuffer(
                    string: "Your answer could not be saved just now. Please try again in a minute.\n"
                )
            )
        )
    }

    static func htmlResponse(_ html: String, status: HTTPResponse.Status, nonce: String, head: Bool) -> Response {
        var headers = pageHeaders
        headers[.contentSecurityPolicy] = contentSecurityPolicy.head + nonce + contentSecurityPolicy.tail
        let buffer = ByteBuffer(string: html)
        if head {
            headers[.contentLength] = String(buffer.readableBytes)
            return Response(status: status, headers: headers)
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: buffer))
    }

    /// Every page's header fields but the policy (which carries the request's nonce), made once: building
    /// `HTTPField.Name`s from strings validates them on every request otherwise.
    private static let pageHeaders: HTTPFields = {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("X-Robots-Tag")!] = "noindex, nofollow"
        return headers
    }()

    /// The page's Content-Security-Policy around its script's nonce: only that inline script runs, only inline
    /// styles and `data:` images load, forms post and scripts connect only to this server, no framing.
    private static let contentSecurityPolicy = (
        head: "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'nonce-",
        tail: "'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )

    /// 128 random bits in hex for a page's script nonce, in one call of the C library's `arc4random_buf` (one
    /// `getrandom` system call; the system generator makes one per 64 bits drawn).
    static func makeNonce() -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        bytes.withUnsafeMutableBytes { arc4random_buf($0.baseAddress!, $0.count) }
        return HMACSignature.hex(bytes)
    }

    /// Runs a blocking store call (it `fsync`s) on the store's thread pool, off the event loops and off Swift's
    /// cooperative threads, so a slow disk delays only the requests that write.
    func offload<T: Sendable>(
        _ work: @escaping @Sendable () throws(WorkflowError) -> T
    ) async -> Result<T, WorkflowError> {
        do {
            return try await Self.storeThreads.runIfActive { () -> Result<T, WorkflowError> in
                do throws(WorkflowError) { return .success(try work()) } catch { return .failure(error) }
            }
        } catch {
            return .failure(
                WorkflowError("the server is shutting down; try again", exitCode: ExitStatus.temporaryFailure)
            )
        }
    }

    /// Threads for blocking store calls: enough for many `fsync`s under way at once (the disk, not the CPU, is
    /// what they wait for), shared by every server of the process.
    static let storeThreads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 16)
        pool.start()
        return pool
    }()
}
