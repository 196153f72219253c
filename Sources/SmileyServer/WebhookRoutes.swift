import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SmileyInbound
import SmileyWorkflows

extension WebServer {
    /// `POST /hooks/{provider}`: a provider's inbound mail. 200 with what ingest did (stored, duplicate or
    /// quarantined: kept); 401/409/4xx when refused (nothing stored); 413 over the size limit; 503 with
    /// Retry-After when the store cannot write (the provider retries); 404 for a provider not configured.
    func hook(_ request: Request, _ context: WebContext) async -> Response {
        guard let webhooks, let name = context.parameters.get("provider"),
            let provider = InboundProvider(rawValue: name), webhooks.isEnabled(provider)
        else { return text(.notFound, "no such webhook route; see server.webhooks in smiley.json\n") }
        let buffer: ByteBuffer
        switch await readBody(request, context, limit: webhooks.maximumBodyBytes, seconds: 120) {
        case .read(let body): buffer = body
        case .refused(let response): return response
        }
        var headers: [(name: String, value: String)] = []
        for field in request.headers { headers.append((field.name.rawName, field.value)) }
        let delivery = WebhookRequest(headers: headers, body: Array(buffer: buffer))
        let result = await offload { () -> Result<IngestWorkflow.Outcome, InboundWebhooks.Failure> in
            do throws(InboundWebhooks.Failure) { return .success(try webhooks.receive(provider, delivery)) } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(.success(let outcome)):
            metrics.webhook(provider.rawValue, result: outcome.dispositionName)
            let json = #"{"disposition":"\#(outcome.dispositionName)","duplicate":\#(outcome.duplicate)}"# + "\n"
            var response = text(.ok, json)
            response.headers[.contentType] = "application/json"
            return response
        case .success(.failure(.refused(let error))):
            metrics.webhook(provider.rawValue, result: "refused")
            logger.notice("webhook \(provider.rawValue) refused: \(error.description)")
            return text(HTTPResponse.Status(code: error.httpStatus), error.description + "\n")
        case .success(.failure(.notKept(let error))), .failure(let error):
            metrics.storeFailure()
            logger.error("webhook \(provider.rawValue): not kept, answered 503 for a retry: \(error)")
            var response = text(.serviceUnavailable, "the message could not be kept now; retry later\n")
            response.headers[.retryAfter] = "60"
            return response
        }
    }

    private func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: body))
        )
    }
}
