public import Foundation
public import SmileyCore

/// A configured help desk that posts "ticket closed" triggers: how its requests are signed and how its JSON body
/// reads. ``verify(_:now:window:)`` runs first, on the raw bytes; nothing unverified is read further.
public struct TriggerSource: Sendable {
    /// What a request is checked against.
    public enum Credential: Sendable {
        /// Smiley's own keys by key id (``TokenKeyring/derivedKeys(purpose:)`` for ``keyPurpose``).
        case keys([UInt8: [UInt8]])
        /// A shared secret or signing key.
        case secret([UInt8])
    }

    /// What a verified request is remembered by.
    public struct Verification: Sendable, Hashable {
        /// The key of this signed request (or delivery) for the replay check; nil when the scheme signs no
        /// single request (a shared secret header).
        public var replayKey: String?
    }

    /// The purpose the `smiley` scheme's keys are derived for.
    public static let keyPurpose = "trigger"

    /// The source's name (`triggers.sources` key).
    public let name: String
    /// Its settings.
    public let settings: TriggerSettings.Source
    let credential: Credential
    /// The help desk's API (`lookup`), when requests may be sent to it: the server's and `smiley trigger --verify`'s
    /// sources have it; reading a capture offline does not, and then nothing is fetched.
    public let api: HelpDeskAPI?

    /// A source with its secret read.
    public init(name: String, settings: TriggerSettings.Source, credential: Credential, api: HelpDeskAPI? = nil) {
        self.name = name
        self.settings = settings
        self.credential = credential
        self.api = api
    }

    /// Authenticates `request` by the source's scheme.
    /// - Throws: ``TriggerError``: 401 for a missing, wrong or stale signature; 502/503 when ConnectWise's signing
    ///   key cannot be fetched now.
    public func verify(
        _ request: WebhookRequest,
        now: Date = Date(),
        window: TimeInterval = 300
    ) throws(TriggerError) -> Verification {
        switch (settings.signature.scheme, credential) {
        case ("smiley", .keys(let keys)):
            do {
                let delivery = try InboundProvider.raw(request, .keys(keys), now, window)
                return Verification(replayKey: delivery.replayKey.map { "smiley/" + $0.dropFirst(4) })
            } catch {
                switch error {
                case .stale(let detail): throw .stale(detail)
                case .malformed(let detail): throw .malformed(detail)
                default:
                    throw .unauthenticated(error.description.replacingOccurrences(of: "not authenticated: ", with: ""))
                }
            }
        case ("header", .secret(let secret)):
            let field = settings.signature.header ?? ""
            guard let value = request.header(field) else { throw .unauthenticated("no \(field) header") }
            guard HMACSignature.constantTimeEqual(Array(value.utf8), secret) else {
                throw .unauthenticated("the \(field) header does not hold the shared secret")
            }
            return Verification(replayKey: nil)
        case ("zendesk", .secret(let key)): return try zendesk(request, key, now, window)
        case ("autotask", .secret(let key)): return try autotask(request, key)
        case ("connectwise", _): return try connectwise(request, now)
        case ("salesforce", _):
            let message = try SalesforceOutboundMessage(request.body)
            let expected = settings.signature.organizationId ?? ""
            // Salesforce sends 15- and 18-character forms of the same id; the first 15 are the id.
            guard !expected.isEmpty, message.organizationID.prefix(15) == expected.prefix(15) else {
                throw .unauthenticated(
                    "the message's OrganizationId \(message.organizationID) is not the configured one"
                )
            }
            // No replay key: Salesforce re-sends a message until it is acknowledged, and a re-sent message must be
            // acknowledged again (its tickets are found queued, as duplicates).
            return Verification(replayKey: nil)
        default: throw .unauthenticated("the source '\(name)' is configured without its secret")
        }
    }

    /// Zendesk: `X-Zendesk-Webhook-Signature` = base64(HMAC-SHA256(key, timestamp + body)), the timestamp in
    /// `X-Zendesk-Webhook-Signature-Timestamp` (ISO 8601), within the window.
    private func zendesk(
        _ request: WebhookRequest,
        _ key: [UInt8],
        _ now: Date,
        _ window: TimeInterval
    ) throws(TriggerError) -> Verification {
        guard let signature = request.header("X-Zendesk-Webhook-Signature"),
            let timestamp = request.header("X-Zendesk-Webhook-Signature-Timestamp")
        else {
            throw .unauthenticated(
                "no X-Zendesk-Webhook-Signature and X-Zendesk-Webhook-Signature-Timestamp headers"
            )
        }
        let expected = Data(HMACSignature.code(.sha256, key: key, message: Array(timestamp.utf8) + request.body))
            .base64EncodedString()
        guard HMACSignature.constantTimeEqual(Array(signature.utf8), Array(expected.utf8)) else {
            throw .unauthenticated("the signature does not match the timestamp and body")
        }
        guard let signed = try? Date.ISO8601FormatStyle().parse(timestamp) else {
            throw .unauthenticated("the signed timestamp '\(timestamp)' is not an ISO 8601 time")
        }
        guard abs(signed.timeIntervalSince(now)) <= window else {
            throw .stale(
                "signed at \(timestamp), \(Int(now.timeIntervalSince(signed))) s from now (window \(Int(window)) s)"
            )
        }
        return Verification(replayKey: "zendesk/" + signature)
    }

    /// Autotask: `X-Hook-Signature: sha1=` base64(HMAC-SHA1(key, body)). It signs no time, so a delivery is
    /// remembered by its `Guid`, `Id` and `SequenceNumber`.
    private func autotask(_ request: WebhookRequest, _ key: [UInt8]) throws(TriggerError) -> Verification {
        guard let header = request.header("X-Hook-Signature") else {
            throw .unauthenticated("no X-Hook-Signature header (sha1=BASE64)")
        }
        guard header.lowercased().hasPrefix("sha1=") else {
            throw .unauthenticated("the X-Hook-Signature header is not 'sha1=BASE64'")
        }
        let signature = header.dropFirst(5).trimmingCharacters(in: .whitespaces)
        let expected = Data(HMACSignature.code(.sha1, key: key, message: request.body)).base64EncodedString()
        guard HMACSignature.constantTimeEqual(Array(signature.utf8), Array(expected.utf8)) else {
            throw .unauthenticated("the signature does not match the body")
        }
        let payload = try TriggerPayload(request.body)
        let parts = ["Guid", "Id", "SequenceNumber"].map { payload.text(at: $0) }
        guard parts.allSatisfy({ $0 != nil }) else {
            return Verification(replayKey: "autotask/" + signature)
        }
        return Verification(replayKey: "autotask/" + parts.map { $0! }.joined(separator: "/"))
    }

    /// Reads every ticket the payload is about: one for a JSON source, one per `Notification` for Salesforce.
    /// - Throws: ``TriggerError`` as ``read(_:)``.
    public func readAll(_ request: WebhookRequest) throws(TriggerError) -> [TriggerReading] {
        switch settings.format {
        case .json: return [try read(request)]
        case .connectwise: return [try readConnectWise(request)]
        case .salesforce:
            // A notification that cannot be read (no address) is passed over, so that the others are kept and the
            // message acknowledged; refused (422) only when none can be read, naming the first problem.
            var readings: [TriggerReading] = []
            var problems: [TriggerError] = []
            for values in try SalesforceOutboundMessage(request.body).notifications {
                do { readings.append(try read(TriggerPayload(values: values))) } catch {
                    problems.append(error)
                    readings.append(.ignored("notification \(values["NotificationId"] ?? ""): \(error.description)"))
                }
            }
            if let first = problems.first, problems.count == readings.count { throw first }
            return readings
        }
    }

    /// The answer a source needs for a post it sent that was kept (Salesforce: the SOAP `<Ack>true</Ack>`, else
    /// it retries for 24 hours); nil for JSON sources.
    public static func acknowledgement(_ format: TriggerSettings.Format) -> String? {
        format == .salesforce ? SalesforceOutboundMessage.acknowledgement : nil
    }

    /// Reads the ticket the payload is about (call after ``verify(_:now:window:)``, or to look at a captured
    /// payload without storing anything).
    /// - Returns: the trigger, or ``TriggerReading/ignored(_:)`` when the source's condition does not hold.
    /// - Throws: ``TriggerError``: 422 naming a mapped field the payload lacks, 400 for a body that is not JSON;
    ///   with an ``api``, 502/503 when the requester's address cannot be fetched now.
    public func read(_ request: WebhookRequest) throws(TriggerError) -> TriggerReading {
        if settings.format == .connectwise { return try readConnectWise(request) }
        return try read(try TriggerPayload(request.body))
    }

    /// Reads a payload (a JSON body, a Salesforce notification, a fetched ConnectWise ticket): the condition first,
    /// then the ticket id, then the address (fetched from the help desk's contact when missing and there is an API).
    func read(_ payload: TriggerPayload) throws(TriggerError) -> TriggerReading {
        if let condition = settings.when {
            let value = payload.text(at: condition.path)
            guard let value, condition.equals.contains(value) else {
                return .ignored(
                    "'\(condition.path)' is \(value.map { "'\($0)'" } ?? "absent"), not \(condition.equals.map { "'\($0)'" }.joined(separator: " or "))"
                )
            }
        }
        let fields = settings.fields
        guard let ticketID = payload.text(at: fields.ticketID) else {
            throw .missingField(fields.ticketID, "ticket id")
        }
        let payload = try completingAddress(payload)
        guard let address = payload.text(at: fields.email) else {
            throw .missingField(fields.email, "requester address")
        }
        let email: EmailAddress
        do { email = try EmailAddress(address) } catch {
            throw TriggerError(
                .missingField,
                "the requester address at '\(fields.email)' is unusable: \(error.description)"
            )
        }
        guard let surveyID = fields.survey.flatMap(payload.text(at:)) ?? settings.survey else {
            throw .missingField(fields.survey ?? "survey", "survey id")
        }
        return .trigger(
            Trigger(
                source: name,
                ticketID: ticketID,
                email: email,
                name: fields.name.flatMap(payload.text(at:)),
                agent: fields.agent.flatMap(payload.text(at:)),
                subject: fields.subject.flatMap(payload.text(at:)),
                locale: fields.locale.flatMap(payload.text(at:)),
                surveyID: surveyID
            )
        )
    }
}
