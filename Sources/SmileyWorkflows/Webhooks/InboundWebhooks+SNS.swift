public import Foundation
public import SmileyInbound
import SmileyMail

/// libcurl's HTTPS GET (SmileyMail) as the inbound side's fetcher: libcurl is loaded on the first fetch only.
struct CurlWebhookFetcher: WebhookFetcher {
    func get(_ url: String) throws -> [UInt8] { try HTTPSGet.get(url) }
}

extension InboundWebhooks {
    /// What `POST /hooks/ses` did with a verified SNS post.
    public enum SNSOutcome: Sendable {
        /// A receipt notification's message, ingested.
        case ingested(IngestWorkflow.Outcome)
        /// A subscription to an allowed topic, confirmed by fetching its SubscribeURL.
        case confirmed(topic: String)
        /// SNS said the subscription ended; nothing to do.
        case unsubscribed(topic: String)
    }

    /// `POST /hooks/ses`: verifies an SNS post (``SNSVerifier``), then ingests a notification's message, confirms
    /// a subscription to a topic listed in `server.webhooks.ses.topics` (403 for any other: nothing is fetched),
    /// or notes an unsubscription.
    /// - Throws: ``Failure``: refused (4xx; 503 when the certificate or the confirmation cannot be fetched now),
    ///   or not kept (503).
    public func receiveSNS(_ request: WebhookRequest, now: Date = Date()) throws(Failure) -> SNSOutcome {
        guard case .sns(let verifier) = credentials[.ses] else {
            throw .refused(.unauthenticated("the ses route is not configured"))
        }
        let message: SNSMessage
        do { message = try verifier.verify(request, now: now) } catch { throw .refused(error) }
        switch message.kind {
        case .notification:
            let delivery: InboundProvider.Delivery
            do { delivery = try InboundProvider.sesDelivery(of: message) } catch { throw .refused(error) }
            return .ingested(try ingest(delivery, now: now))
        case .subscriptionConfirmation:
            guard verifier.topics?.contains(message.topicARN) == true else {
                throw .refused(
                    .forbidden(
                        "a subscription is confirmed only for a topic listed in server.webhooks.ses.topics; "
                            + "\(message.topicARN) is not"
                    )
                )
            }
            guard let url = message.subscribeURL, SNSMessage.isSNSAddress(url) else {
                throw .refused(
                    .unauthenticated("the SubscribeURL is not an SNS host over https; nothing was fetched")
                )
            }
            do { _ = try fetcher.get(url) } catch {
                throw .refused(.unavailable("the subscription could not be confirmed: \(error)"))
            }
            return .confirmed(topic: message.topicARN)
        case .unsubscribeConfirmation:
            return .unsubscribed(topic: message.topicARN)
        }
    }
}
