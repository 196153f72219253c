import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SmileyInbound
import SmileyWorkflows

extension WebServer {
    /// `POST /triggers/{source}`: a help desk's "ticket closed". 202 once the ticket is durably queued (or was
    /// queued before: `"duplicate":true`), 200 when the source's condition does not hold (nothing to keep);
    /// 401 forged or stale, 409 replay, 422 a mapped field missing, 400 not JSON (nothing queued); 413 over the
    /// size limit; 503 with Retry-After when the store cannot write, and 502/503 with Retry-After when the help
    /// desk's API (a `lookup`) fails (the help desk retries); 404 for a source not configured. The survey itself is sent after the answer, by the queue's drain.
    func trigger(_ request: Request, _ context: WebContext) async -> Response {
        guard let triggers, let name = context.parameters.get("source"), triggers.isEnabled(name) else {
            return triggerText(.notFound, "no such trigger source; see triggers.sources in smiley.json\n")
        }
        let buffer: ByteBuffer
        switch await readBody(request, context, limit: triggers.maximumBodyBytes, seconds: 60) {
        case .read(let body): buffer = body
        case .refused(let response): return response
        }
        var headers: [(name: String, value: String)] = []
        for field in request.headers { headers.append((field.name.rawName, field.value)) }
        let post = WebhookRequest(headers: headers, body: Array(buffer: buffer))
        let result = await offload { () -> Result<TriggerWorkflow.Receipt, TriggerWorkflow.Failure> in
            do throws(TriggerWorkflow.Failure) { return .success(try triggers.receive(name, post)) } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(.success(let receipt)):
            if !receipt.queued.isEmpty {
                logger.info("trigger \(name): \(receipt.queued.count) ticket(s) queued")
                let logger = self.logger
                Task.detached { await triggers.drain(logger: logger) }
            }
            if let ack = TriggerSource.acknowledgement(receipt.format) {
                return Response(
                    status: .ok,
                    headers: [.contentType: "text/xml; charset=utf-8", .cacheControl: "no-store"],
                    body: .init(byteBuffer: ByteBuffer(string: ack))
                )
            }
            if receipt.queued.isEmpty, receipt.duplicates.isEmpty {
                return triggerJSON(.ok, #"{"queued":false,"ignored":\#(jsonString(receipt.ignored.first ?? ""))}"#)
            }
            let surveys = (receipt.queued + receipt.duplicates).map(\.surveyID)
            return triggerJSON(
                .accepted,
                #"{"queued":true,"duplicate":\#(receipt.queued.isEmpty),"survey":\#(jsonString(surveys[0]))}"#
            )
        case .success(.failure(.refused(let error))) where error.isTransient:
            logger.error("trigger \(name): not kept, the help desk's API failed; answered for a retry: \(error)")
            var response = triggerText(HTTPResponse.Status(code: error.httpStatus), error.description + "\n")
            response.headers[.retryAfter] = "60"
            return response
        case .success(.failure(.refused(let error))):
            logger.notice("trigger \(name) refused: \(error.description)")
            return triggerText(HTTPResponse.Status(code: error.httpStatus), error.description + "\n")
        case .success(.failure(.notKept(let error))), .failure(let error):
            logger.error("trigger \(name): not kept, answered 503 for a retry: \(error)")
            var response = triggerText(.serviceUnavailable, "the trigger could not be kept now; retry later\n")
            response.headers[.retryAfter] = "60"
            return response
        }
    }

    private func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private func triggerJSON(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: body + "\n"))
        )
    }

    private func triggerText(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: body))
        )
    }
}
