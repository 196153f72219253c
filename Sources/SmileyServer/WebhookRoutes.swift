import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SmileyInbound
import SmileyWorkflows

extension WebServer {
    /// `HEAD /hooks/{provider}`: 200 when the provider is configured (Mandrill checks a new webhook URL with a
    /// HEAD request and wants 200), else 404. Reads nothing, stores nothing.
    func hookCheck(_ context: WebContext) -> Response {
        guard let webhooks, let name = context.parameters.get("provider"),
            let provider = InboundProvider(rawValue: name), webhooks.isEnabled(provider)
        else { return Response(status: .notFound) }
        return Response(status: .ok)
    }

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
        if provider == .ses { return await sns(delivery, webhooks) }
        let result = await offload { () -> Result<[IngestWorkflow.Outcome], InboundWebhooks.Failure> in
            do throws(InboundWebhooks.Failure) { return .success(try webhooks.receiveAll(provider, delivery)) } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(.success(let outcomes)):
            for outcome in outcomes { metrics.webhook(provider.rawValue, result: outcome.dispositionName) }
            let each = outcomes.map { #"{"disposition":"\#($0.dispositionName)","duplicate":\#($0.duplicate)}"# }
            // One message: its outcome, as always; a batch (SparkPost, Mandrill): every message's, in order.
            let json = (outcomes.count == 1 ? each[0] : #"{"messages":[\#(each.joined(separator: ","))]}"#) + "\n"
            var response = text(.ok, json)
            response.headers[.contentType] = "application/json"
            return response
        case .success(.failure(let failure)): return self.failure(provider, failure)
        case .failure(let error): return self.failure(provider, .notKept(error))
        }
    }

    /// `POST /hooks/ses`: an SNS post, verified; a notification's message ingested, a subscription to an allowed
    /// topic confirmed, an unsubscription noted.
    private func sns(_ request: WebhookRequest, _ webhooks: InboundWebhooks) async -> Response {
        let result = await offload { () -> Result<InboundWebhooks.SNSOutcome, InboundWebhooks.Failure> in
            do throws(InboundWebhooks.Failure) { return .success(try webhooks.receiveSNS(request)) } catch {
                return .failure(error)
            }
        }
        let json: String
        switch result {
        case .success(.success(.ingested(let outcome))):
            metrics.webhook("ses", result: outcome.dispositionName)
            json = #"{"disposition":"\#(outcome.dispositionName)","duplicate":\#(outcome.duplicate)}"#
        case .success(.success(.confirmed(let topic))):
            metrics.webhook("ses", result: "confirmed")
            logger.notice("webhook ses: subscription to \(topic) confirmed")
            json = #"{"confirmed":true}"#
        case .success(.success(.unsubscribed(let topic))):
            metrics.webhook("ses", result: "unsubscribed")
            logger.notice("webhook ses: SNS ended the subscription to \(topic)")
            json = #"{"unsubscribed":true}"#
        case .success(.failure(let failure)): return self.failure(.ses, failure)
        case .failure(let error): return self.failure(.ses, .notKept(error))
        }
        var response = text(.ok, json + "\n")
        response.headers[.contentType] = "application/json"
        return response
    }

    /// The answer to a post that was not taken: its 4xx, or 503 with Retry-After when it can be neither checked
    /// nor kept now (the provider retries).
    private func failure(_ provider: InboundProvider, _ failure: InboundWebhooks.Failure) -> Response {
        switch failure {
        case .refused(let error) where error.httpStatus != 503:
            metrics.webhook(provider.rawValue, result: "refused")
            logger.notice("webhook \(provider.rawValue) refused: \(error.description)")
            return text(HTTPResponse.Status(code: error.httpStatus), error.description + "\n")
        case .refused(let error):
            logger.error("webhook \(provider.rawValue): answered 503 for a retry: \(error.description)")
            var response = text(.serviceUnavailable, error.description + "\n")
            response.headers[.retryAfter] = "60"
            return response
        case .notKept(let error):
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
