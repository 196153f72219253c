public import Foundation
import SmileyCore
public import SmileyInbound
import SmileyMIME
import SmileyStore

/// `smiley ingest`: one raw message from a mail relay becomes a stored record, a suppression, or a quarantined
/// file — and never disappears.
///
/// Exit statuses (sysexits): 0 when the message is safely stored, recognised as a duplicate, or quarantined;
/// 75 (`EX_TEMPFAIL`) when it could not be kept for a reason that may pass (disk full, lock timeout, store not
/// writable), so the relay keeps it and retries. Nothing is written to standard output.
public enum IngestWorkflow {
    /// The largest message parsed; a larger one is quarantined whole without parsing.
    public static let defaultMaximumBytes = 25 * 1024 * 1024

    /// What happened to one message.
    public struct Outcome: Sendable {
        /// What the message was taken for.
        public let disposition: Interpretation.Disposition
        /// The record written (or found already written), for stored dispositions; for a DMARC report, its file
        /// name in `data/dmarc/`.
        public let recordID: String?
        /// Whether the record already existed (the same Message-ID was ingested before).
        public let duplicate: Bool
        /// The quarantine file's SHA-256, for quarantined messages.
        public let quarantined: String?
        /// Addresses added to the suppression list.
        public let suppressed: [String]
        /// The disposition's name: `feedback`, `autoReply`, `bounce`, `complaint`, `unsubscribe`, `dmarcReport`,
        /// `quarantine`.
        public var dispositionName: String { disposition.rawValue }
        /// One line for the log.
        public var summary: String {
            var line = disposition.rawValue
            if let recordID { line += " record \(recordID)\(duplicate ? " (duplicate)" : "")" }
            if let quarantined { line += " quarantine \(quarantined)" }
            if !suppressed.isEmpty { line += " suppressed \(suppressed.joined(separator: ", "))" }
            return line
        }
    }

    /// Ingests one message.
    /// - Parameters:
    ///   - bytes: the raw message as the relay delivered it.
    ///   - envelopeRecipient: the envelope recipient, when the relay passes it (`${recipient}` in Postfix).
    ///   - maximumBytes: larger messages are quarantined unparsed.
    ///   - synchronize: fsync writes (turn off only in tests).
    /// - Throws: ``WorkflowError`` with exit 75 when the message could not be kept and the relay must retry.
    public static func run(
        installation: Installation,
        bytes: [UInt8],
        envelopeRecipient: String? = nil,
        maximumBytes: Int = defaultMaximumBytes,
        now: Date = Date(),
        synchronize: Bool = true
    ) throws(WorkflowError) -> Outcome {
        let store = installation.store(synchronize: synchronize)
        // Held shared while the message is kept: an erasure or pruning (exclusive) never rewrites a file under us.
        let lock: StoreLock
        do { lock = try store.lock(exclusive: false) } catch {
            throw WorkflowError(
                "\(error.description); the relay should retry later",
                exitCode: ExitStatus.temporaryFailure
            )
        }
        defer { withExtendedLifetime(lock) {} }
        func quarantine(_ reason: QuarantineReason) throws(WorkflowError) -> Outcome {
            do {
                let kept = try store.quarantine.keep(bytes, reason: reason, receivedAt: now)
                return Outcome(
                    disposition: .quarantine,
                    recordID: nil,
                    duplicate: kept.outcome == .duplicate,
                    quarantined: kept.sha256,
                    suppressed: []
                )
            } catch {
                throw WorkflowError(
                    "the message could not be quarantined (\(error.description)); the relay should retry",
                    exitCode: ExitStatus.temporaryFailure
                )
            }
        }
        guard !bytes.isEmpty else { return try quarantine(.emptyMessage) }
        guard bytes.count <= maximumBytes else {
            return try quarantine(.tooLarge(limit: maximumBytes))
        }

        let message = ParsedMessage.parse(bytes)
        let surveys = installation.surveys
        let meaning = Interpreter(keyring: installation.keyring, surveys: surveys).interpret(
            message,
            envelopeRecipient: envelopeRecipient,
            now: now
        )
        let decision = meaning.decision
        if case .quarantine(let reason) = decision { return try quarantine(reason) }
        do {
            if case .dmarcReport = decision, let report = meaning.dmarcReport {
                let saved = try store.dmarcReports.save(
                    report,
                    organization: report.metadata.organization,
                    reportID: report.metadata.reportID,
                    receivedAt: now
                )
                return Outcome(
                    disposition: .dmarcReport,
                    recordID: saved.fileName,
                    duplicate: saved.outcome == .duplicate,
                    quarantined: nil,
                    suppressed: []
                )
            }
            guard case .store(let classification, let suppress) = decision else {
                return try quarantine(.unreadableDMARCReport("decided as a DMARC report, but no report was read"))
            }
            return try keep(
                meaning,
                classification: classification,
                suppress: suppress,
                message: message,
                bytes: bytes,
                store: store,
                installation: installation,
                now: now
            )
        } catch let error as StoreError where !error.isTransient {
            // A record that cannot be written for good (not a passing fault): keep the mail itself instead.
            return try quarantine(.notStorable(error.description))
        } catch let error as StoreError {
            throw WorkflowError(
                "\(error.description); the relay should retry later",
                exitCode: ExitStatus.temporaryFailure
            )
        } catch let error as WorkflowError {
            throw error
        } catch {
            throw WorkflowError("\(error)", exitCode: ExitStatus.temporaryFailure)
        }
    }

    private static func keep(
        _ meaning: Interpretation,
        classification: RecordClassification,
        suppress: SuppressionReason?,
        message: ParsedMessage,
        bytes: [UInt8],
        store: DataStore,
        installation: Installation,
        now: Date
    ) throws -> Outcome {
        let sent = meaning.surveyID.flatMap { survey in
            meaning.recipientID.flatMap { store.sentIndex.lookup(survey: survey, recipient: $0) }
        }
        let messageID = message.headers["Message-ID"]?.trimmingASCIIWhitespace()
        var email = sent.flatMap { try? EmailAddress($0.email) }
        var bounce: FeedbackRecord.Bounce?
        if let report = meaning.bounce {
            let failed = report.recipients.first { ($0.status ?? "").hasPrefix("5") } ?? report.recipients.first
            bounce = FeedbackRecord.Bounce(
                statusCode: failed?.status ?? (report.isPermanent ? "5.0.0" : "4.0.0"),
                diagnostic: failed?.diagnostic
            )
            if email == nil, let address = failed?.address { email = try? EmailAddress(address) }
        }
        let keepsFeedback = InboundDecision.store(classification, suppress: suppress).keepsFeedback
        let record = FeedbackRecord(
            id: RecordID.derive(messageID: messageID, content: bytes),
            surveyID: meaning.surveyID,
            recipientID: meaning.recipientID,
            recipientEmail: email,
            ticketID: sent?.ticketID ?? "",
            agent: sent?.agent ?? "",
            company: sent?.company ?? "",
            rating: keepsFeedback ? meaning.rating : nil,
            comment: keepsFeedback ? meaning.comment : nil,
            source: .reply,
            classification: classification,
            receivedAt: now,
            messageID: messageID,
            inReplyTo: message.headers["In-Reply-To"],
            parserWarnings: meaning.warnings,
            bounce: bounce
        )
        var suppressed: [String] = []
        if let email, let reason = suppress {
            _ = try store.suppressionList.add(
                email,
                reason: reason,
                at: now,
                detail: bounce?.diagnostic ?? bounce?.statusCode
            )
            suppressed.append(email.description)
        }
        let outcome = try store.records.save(record)
        return Outcome(
            disposition: meaning.disposition,
            recordID: record.id.description,
            duplicate: outcome == .duplicate,
            quarantined: nil,
            suppressed: suppressed
        )
    }
}
