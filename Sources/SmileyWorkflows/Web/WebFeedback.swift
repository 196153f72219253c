public import Foundation
public import SmileyCore
public import SmileyStore

/// The web side's use cases: what a click on a rating link, the comment form and the unsubscribe button do to
/// the store. The same records, store and suppression list as `smiley ingest`, so a click and a reply of the same
/// person end in one rating (the later one, see ``Report``).
///
/// Every method is synchronous and may block on the disk (records are durable before it returns); a server calls
/// it off its event loops.
public struct WebFeedback: Sendable {
    /// The installation served.
    public let installation: Installation
    private let store: DataStore
    private let commits: GroupCommit
    /// The sent index, read once per bucket and then only as it grows (a click looks its recipient up).
    private let sent: SentIndexCache
    /// The surveys' ids and token tags, for verifying tokens.
    private let surveys: TokenKeyring.KnownSurveys

    /// Serves `installation`.
    /// - Parameter synchronize: `fsync` writes (turn off only in tests).
    public init(installation: Installation, synchronize: Bool = true) {
        self.installation = installation
        self.store = installation.store(synchronize: synchronize)
        self.commits = GroupCommit(store: store)
        self.sent = SentIndexCache(index: store.sentIndex)
        self.surveys = TokenKeyring.KnownSurveys(installation.surveys.map(\.id))
    }

    /// A verified rating link: the token, what it says, and its survey.
    public struct Link: Sendable, Hashable {
        /// The token as it appeared in the URL.
        public let token: String
        /// What the token says.
        public let claims: RatingToken
        /// The survey it belongs to.
        public let survey: Survey
        /// The part of the token's code the token does not carry (``TokenKeyring/Verified/unsentCode``).
        let unsentCode: [UInt8]
    }

    /// Why a link was refused; the person sees a friendly page and nothing changes.
    public struct LinkRefusal: Error, Sendable, Hashable, CustomStringConvertible {
        /// `expired`, or `invalid` for forged, altered, malformed and unknown tokens alike (the page does not help
        /// a forger tell them apart).
        public let reason: String
        /// For the log: what exactly was wrong.
        public let description: String

        /// Creates a refusal.
        public init(reason: String, description: String) {
            self.reason = reason
            self.description = description
        }
    }

    /// Verifies a token (constant-time MAC comparison, expiry, key rotation: the keyring's rules).
    public func verify(token: String, now: Date = Date()) -> Result<Link, LinkRefusal> {
        let verified: TokenKeyring.Verified
        do {
            verified = try installation.keyring.verifyKeepingCode(token, knownSurveys: surveys, now: now)
        } catch {
            return .failure(
                LinkRefusal(reason: error.isExpired ? "expired" : "invalid", description: error.description)
            )
        }
        let claims = verified.claims
        guard let survey = installation.surveys.first(where: { $0.id == claims.surveyID }) else {
            return .failure(LinkRefusal(reason: "invalid", description: "the survey of the token is not configured"))
        }
        return .success(Link(token: token, claims: claims, survey: survey, unsentCode: verified.unsentCode))
    }

    /// The anti-forgery value every form of a link's pages carries: the 16 bytes of the token's HMAC code that
    /// the token does not carry, so only pages Smiley served can post, with no cookie, no server-side session and
    /// no second HMAC per page.
    public func formValue(for link: Link) -> String {
        HMACSignature.hex(link.unsentCode)
    }

    /// Whether a posted form value is the one ``formValue(for:)`` gives, or the one pages served before
    /// 5 December 2026 carried (an HMAC of the token under a derived key), so a comment typed into a page opened
    /// before an upgrade is not lost. Compared in constant time.
    public func acceptsFormValue(_ value: String, for link: Link) -> Bool {
        let given = Array(value.utf8)
        if HMACSignature.constantTimeEqual(Array(formValue(for: link).utf8), given) { return true }
        let earlier =
            installation.keyring.derivedKey(purpose: "web-form\u{0}" + link.token, keyID: link.claims.keyID) ?? []
        return HMACSignature.constantTimeEqual(Array(HMACSignature.hex(Array(earlier.prefix(16))).utf8), given)
    }

    /// What storing a click did.
    public struct Stored: Sendable, Hashable {
        /// The record written (or found: the same click within the same second is stored once).
        public let recordID: RecordID
        /// Whether the record was there already.
        public let duplicate: Bool
    }

    /// Stores a click on a rating link, its confirmation by the page, or the comment form, durably before it
    /// returns; concurrent clicks share one group commit (``GroupCommit``).
    /// - Parameters:
    ///   - link: the verified link.
    ///   - rating: the rating clicked (of the link's survey's scale).
    ///   - confirmation: what shows a person made it (``FeedbackRecord/Confirmation/provisional`` for the bare GET).
    ///   - comment: the comment form's text, trimmed; `nil` or empty for none.
    /// - Throws: ``WorkflowError`` with exit 75 when the store is unavailable for now (disk full, lock timeout):
    ///   nothing was stored and the request should be answered 503.
    public func recordClick(
        _ link: Link,
        rating: Rating,
        confirmation: FeedbackRecord.Confirmation,
        comment: String? = nil,
        now: Date = Date()
    ) async throws(WorkflowError) -> Stored {
        let comment = comment.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap {
            $0.isEmpty ? nil : $0
        }
        let sent = self.sent.lookup(survey: link.survey.id, recipient: link.claims.recipientID)
        let seconds = Int64(now.timeIntervalSince1970.rounded(.down))
        let record = FeedbackRecord(
            id: Self.clickID(
                token: link.token,
                rating: rating,
                confirmation: confirmation,
                second: seconds,
                comment: comment
            ),
            surveyID: link.survey.id,
            recipientID: link.claims.recipientID,
            recipientEmail: sent.flatMap { try? EmailAddress($0.email) },
            ticketID: sent?.ticketID ?? "",
            agent: sent?.agent ?? "",
            company: sent?.company ?? "",
            rating: rating,
            comment: comment,
            source: .click,
            classification: .surveyReply,
            receivedAt: now,
            confirmation: confirmation
        )
        do {
            let outcome = try await commits.save(record)
            return Stored(recordID: record.id, duplicate: outcome == .duplicate)
        } catch {
            throw WorkflowError(error, permanent: ExitStatus.cannotCreate)
        }
    }

    /// A click's record id: from the token, rating, confirmation, second and comment, so the same click within the
    /// same second is stored once. Its content is `click␀token␀rating␀confirmation␀second␀comment`, written as
    /// bytes (string interpolation cost more than the hash).
    static func clickID(
        token: String,
        rating: Rating,
        confirmation: FeedbackRecord.Confirmation,
        second: Int64,
        comment: String?
    ) -> RecordID {
        var content: [UInt8] = []
        content.reserveCapacity(96 + (comment?.utf8.count ?? 0))
        content += "click".utf8
        for part in [token, rating.code, confirmation.rawValue, String(second), comment ?? ""] {
            content.append(0)
            content += part.utf8
        }
        return RecordID(content: content)
    }

    /// What an unsubscribe did.
    public enum Unsubscribed: Sendable, Hashable {
        /// The address is on the suppression list (now, or it was already).
        case suppressed
        /// The survey's send is no longer on record (pruned or erased), so the address is unknown; the person
        /// should reply "unsubscribe" to the email instead.
        case addressUnknown
    }

    /// Puts the link's recipient on the suppression list (RFC 8058 one-click, or the page's button) and keeps an
    /// `unsubscribe` record.
    /// - Throws: ``WorkflowError`` with exit 75 when the store is unavailable for now.
    public func unsubscribe(_ link: Link, now: Date = Date()) throws(WorkflowError) -> Unsubscribed {
        guard let sent = self.sent.lookup(survey: link.survey.id, recipient: link.claims.recipientID),
            let email = try? EmailAddress(sent.email)
        else { return .addressUnknown }
        let lock = try sharedLock()
        defer { withExtendedLifetime(lock) {} }
        do {
            _ = try store.suppressionList.add(email, reason: .unsubscribed, at: now, detail: "one-click link")
            let record = FeedbackRecord(
                id: RecordID(content: Array("unsubscribe\u{0}\(link.token)".utf8)),
                surveyID: link.survey.id,
                recipientID: link.claims.recipientID,
                recipientEmail: email,
                ticketID: sent.ticketID,
                agent: sent.agent,
                company: sent.company,
                source: .click,
                classification: .unsubscribe,
                receivedAt: now
            )
            _ = try store.records.save(record)
        } catch {
            throw WorkflowError(error)
        }
        return .suppressed
    }

    /// The store's lock, shared: an erasure or pruning (exclusive) never rewrites a file under a click.
    private func sharedLock() throws(WorkflowError) -> StoreLock {
        do { return try store.lock(exclusive: false) } catch {
            throw WorkflowError("\(error.description); try again later", exitCode: ExitStatus.temporaryFailure)
        }
    }
}
