// Hummingbird's hello world on 127.0.0.1:PORT (the first argument): the machine's practical limit for
// bench/serve/run.sh. Logging at the same level as `smiley serve` under the benchmark (warning), so neither
// pays for log lines the other does not.
//
// With a second argument, a page Smiley served (a file), it also answers GET /r/{token}/{rating} the way
// `smiley serve` answers a click, minus the click: the same router parameters, one pass-through middleware, the
// same header fields (the Content-Security-Policy with a per-request nonce) and that page's bytes. Nothing is
// verified, stored or rendered, so it is the ceiling the HTTP server sets for this answer.
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

let arguments = CommandLine.arguments
let port = arguments.count > 1 ? Int(arguments[1]) ?? 8081 : 8081
var logger = Logger(label: "hello")
logger.logLevel = .warning
let router = Router()
router.get("/") { _, _ in "Hello, world!\n" }

if arguments.count > 2 {
    let page = try String(contentsOfFile: arguments[2], encoding: .utf8)
    let policy = HTTPField.Name("Content-Security-Policy")!
    var fields: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
    fields[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
    fields[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
    fields[HTTPField.Name("X-Robots-Tag")!] = "noindex, nofollow"
    let pageFields = fields
    router.add(middleware: PassThrough())
    router.get("/r/:token/:rating") { _, context -> Response in
        var headers = pageFields
        let nonce = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        headers[policy] =
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'nonce-" + nonce
            + "'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        _ = (context.parameters.get("token"), context.parameters.get("rating"))
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page)))
    }
}

/// A middleware that only passes the request on, as Smiley's access middleware wraps every route.
struct PassThrough<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        try await next(request, context)
    }
}

let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
try await app.runService()
