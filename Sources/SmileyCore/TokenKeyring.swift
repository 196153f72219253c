import Crypto
public import Foundation

/// The secrets that sign and verify rating tokens.
///
/// The newest key (highest id) signs; every key in the ring verifies, so a secret can be rotated by adding a
/// key while links sent under the old one keep working until the old key is removed.
public struct TokenKeyring: Sendable {
    /// The keys by id, each as an HMAC-SHA256 already keyed with its secret (copied for every code it makes, so
    /// a server does not pad and hash the secret again for every click): 256 slots, most empty (an array, not a
    /// dictionary: a relay's per-message process reads the keyring once, and a dictionary's first use costs it a
    /// hashing seed and generic set-up).
    private let keys: [HMAC<SHA256>?]
    /// The id of the key that signs new tokens.
    public let signingKeyID: UInt8
    /// How long a token stays valid after it is issued.
    public let maximumAge: TimeInterval

    /// The fewest secret bytes a key may have.
    public static let minimumSecretLength = 16

    /// Creates a keyring from raw secrets by key id.
    /// - Parameters:
    ///   - secrets: key id → secret bytes (at least 16; ``generateSecret()`` makes 32).
    ///   - maximumAge: how long tokens stay valid; 90 days unless configured.
    public init(secrets: [UInt8: [UInt8]], maximumAge: TimeInterval = 90 * 86_400) throws(TokenKeyringError) {
        var slots = [[UInt8]?](repeating: nil, count: 256)
        for (id, secret) in secrets { slots[Int(id)] = secret }
        try self.init(slots: slots, maximumAge: maximumAge)
    }

    /// Creates a keyring from 256 slots of secrets, indexed by key id.
    private init(slots: [[UInt8]?], maximumAge: TimeInterval) throws(TokenKeyringError) {
        guard let newest = slots.lastIndex(where: { $0 != nil }) else {
            throw TokenKeyringError(reason: "the keyring holds no key")
        }
        for (id, secret) in slots.enumerated() {
            guard let secret, secret.count < Self.minimumSecretLength else { continue }
            throw TokenKeyringError(
                reason: "key \(id) is \(secret.count) bytes; at least \(Self.minimumSecretLength) are needed"
            )
        }
        keys = slots.map { $0.map { HMAC<SHA256>(key: SymmetricKey(data: $0)) } }
        signingKeyID = UInt8(newest)
        self.maximumAge = maximumAge
    }

    /// Parses a secret file: one key a line, `ID BASE64`, `#` comments allowed (see ``render(secrets:)``).
    public init(secretFileContents text: String, maximumAge: TimeInterval = 90 * 86_400) throws(TokenKeyringError) {
        var secrets = [[UInt8]?](repeating: nil, count: 256)
        // Split as bytes: splitting the String compared every grapheme with "\n" (a third of loading the
        // installation in every `smiley ingest`), and a CRLF line end, one grapheme, never matched it.
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (index, rawLine) in lines.enumerated() {
            let line = Substring(rawLine).trimmingASCIIWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.utf8.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: true).map(
                Substring.init
            )
            guard fields.count == 2, let id = UInt8(fields[0]), let secret = Data(base64Encoded: String(fields[1]))
            else {
                throw TokenKeyringError(reason: "line \(index + 1) is not 'KEY-ID BASE64-SECRET'")
            }
            guard secrets[Int(id)] == nil else {
                throw TokenKeyringError(reason: "line \(index + 1) repeats key id \(id)")
            }
            secrets[Int(id)] = Array(secret)
        }
        try self.init(slots: secrets, maximumAge: maximumAge)
    }

    /// A new random 32-byte secret from the system's secure random source.
    public static func generateSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// The text of a secret file holding these secrets.
    public static func render(secrets: [UInt8: [UInt8]]) -> String {
        var text = "# Smiley rating-token secrets: KEY-ID BASE64-SECRET. The highest id signs; all verify.\n"
        text += "# Keep this file readable only by its owner. Add a key to rotate; remove one to revoke its links.\n"
        for id in secrets.keys.sorted() {
            text += "\(id) \(Data(secrets[id]!).base64EncodedString())\n"
        }
        return text
    }

    /// Signs claims for `surveyID` and `recipientID` issued at `date` with the newest key.
    public func sign(surveyID: String, recipientID: RecipientID, issuedAt date: Date) -> String {
        let claims = RatingToken(surveyID: surveyID, recipientID: recipientID, issuedAt: date, keyID: signingKeyID)
        return sign(claims)
    }

    /// Signs the claims with the key they name (which must be in the ring), returning the 40-character token.
    public func sign(_ claims: RatingToken) -> String {
        let body = Self.body(of: claims)
        let code = Self.code(
            body: body,
            surveyID: claims.surveyID,
            key: keys[Int(claims.keyID)] ?? keys[Int(signingKeyID)]!
        )
        return Base64URL.encode(body + code[0..<Self.sentCodeLength])
    }

    /// Verifies a token and returns its claims.
    /// - Parameters:
    ///   - token: the 40-character token.
    ///   - knownSurveyIDs: the surveys this installation knows; the token's survey tag picks one.
    ///   - now: the time to check expiry against.
    /// - Throws: ``RatingTokenError`` saying why the token is refused.
    public func verify(
        _ token: String,
        knownSurveyIDs: some Sequence<String>,
        now: Date = Date()
    ) throws(RatingTokenError) -> RatingToken {
        try verify(token, knownSurveyIDs: Array(knownSurveyIDs), now: now)
    }

    /// Verifies a token against a list of survey ids (what every caller in Smiley has): not generic, so no caller
    /// runs it unspecialized with the run-time type look-ups that costs (0.3 million instructions per process).
    /// - Parameters:
    ///   - token: the 40-character token.
    ///   - knownSurveyIDs: the surveys this installation knows; the token's survey tag picks one.
    ///   - now: the time to check expiry against.
    /// - Throws: ``RatingTokenError`` saying why the token is refused.
    public func verify(
        _ token: String,
        knownSurveyIDs: [String],
        now: Date = Date()
    ) throws(RatingTokenError) -> RatingToken {
        try verify(token, knownSurveys: KnownSurveys(knownSurveyIDs), now: now)
    }

    /// The surveys a verifier knows, each with the tag its tokens carry, hashed once: a server verifies a token on
    /// every request.
    public struct KnownSurveys: Sendable {
        let ids: [String]
        let tags: [[UInt8]]

        /// The surveys `ids`.
        public init(_ ids: [String]) {
            self.ids = ids
            self.tags = ids.map { TokenKeyring.surveyTag($0) }
        }
    }

    /// Verifies a token against surveys whose tags are already computed.
    /// - Parameters:
    ///   - token: the 40-character token.
    ///   - knownSurveys: the surveys this installation knows; the token's survey tag picks one.
    ///   - now: the time to check expiry against.
    /// - Throws: ``RatingTokenError`` saying why the token is refused.
    public func verify(
        _ token: String,
        knownSurveys: KnownSurveys,
        now: Date = Date()
    ) throws(RatingTokenError) -> RatingToken {
        try verifyKeepingCode(token, knownSurveys: knownSurveys, now: now).claims
    }

    /// A verified token's claims and the part of its code the token does not carry.
    public struct Verified: Sendable {
        /// What the token says.
        public let claims: RatingToken
        /// Bytes 16–31 of the token's HMAC-SHA256 code. The token carries bytes 0–11 only, and no part of a
        /// pseudorandom function's output tells anything about another, so these are a secret bound to this one
        /// token that only the keyring can compute: the anti-forgery value of the token's web pages, at no cost
        /// beyond the verification.
        public let unsentCode: [UInt8]
    }

    /// Verifies a token (as ``verify(_:knownSurveys:now:)``) and keeps what its code holds beyond the token.
    public func verifyKeepingCode(
        _ token: String,
        knownSurveys: KnownSurveys,
        now: Date = Date()
    ) throws(RatingTokenError) -> Verified {
        guard token.utf8.count == RatingToken.encodedLength else {
            throw .malformed("it is \(token.utf8.count) characters long, not \(RatingToken.encodedLength)")
        }
        guard let bytes = Base64URL.decode(token), bytes.count == 30 else { throw .malformed("it is not base64url") }
        guard bytes[0] == 1 else { throw .malformed("format version \(bytes[0]) is unknown") }
        let keyID = bytes[1]
        guard let key = keys[Int(keyID)] else { throw .unknownKey(keyID) }
        let tag = Array(bytes[2..<6])
        var candidates: [String] = []
        for index in knownSurveys.ids.indices where knownSurveys.tags[index] == tag {
            candidates.append(knownSurveys.ids[index])
        }
        let body = Array(bytes[0..<18])
        let presented = Array(bytes[18..<30])
        // Every candidate is checked (normally exactly one), so timing does not reveal which survey matched.
        var matched: (surveyID: String, code: [UInt8])?
        for surveyID in candidates {
            let code = Self.code(body: body, surveyID: surveyID, key: key)
            if HMACSignature.constantTimeEqual(code[0..<Self.sentCodeLength], presented) { matched = (surveyID, code) }
        }
        guard let (surveyID, code) = matched else { throw candidates.isEmpty ? .unknownSurvey : .badSignature }
        let recipient = bytes[6..<14].reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
        let seconds = bytes[14..<18].reduce(UInt32(0)) { ($0 << 8) | UInt32($1) }
        let issuedAt = Date(timeIntervalSince1970: TimeInterval(seconds))
        if issuedAt.timeIntervalSince(now) > 300 { throw .issuedInFuture }
        let expiry = issuedAt.addingTimeInterval(maximumAge)
        guard now < expiry else { throw .expired(expiry) }
        let claims = RatingToken(
            surveyID: surveyID,
            recipientID: RecipientID(rawValue: recipient),
            issuedAt: issuedAt,
            keyID: keyID
        )
        return Verified(claims: claims, unsentCode: Array(code[16..<32]))
    }

    /// Keys for another use than tokens, one per key id of the ring: HMAC-SHA256 of `purpose` under each
    /// secret. The suppression list keys its address hashes with these, so a list read without the secret
    /// reveals no address.
    public func derivedKeys(purpose: String) -> [UInt8: [UInt8]] {
        var derived: [UInt8: [UInt8]] = [:]
        for id in keys.indices { derived[UInt8(id)] = derivedKey(purpose: purpose, keyID: UInt8(id)) }
        return derived
    }

    /// The one key of ``derivedKeys(purpose:)`` for `keyID`, or `nil` when the ring has no such key: a request
    /// that needs one (a web form's value) does not pay for every key of the ring.
    public func derivedKey(purpose: String, keyID: UInt8) -> [UInt8]? {
        guard Int(keyID) < keys.count, var hmac = keys[Int(keyID)] else { return nil }
        hmac.update(data: Array("smiley-derived-key-v1\u{0}\(purpose)".utf8))
        return Self.leadingBytes(SHA256.byteCount, of: hmac.finalize())
    }

    static func surveyTag(_ surveyID: String) -> [UInt8] {
        leadingBytes(4, of: SHA256.hash(data: Array(surveyID.utf8)))
    }

    private static func body(of claims: RatingToken) -> [UInt8] {
        var body: [UInt8] = [1, claims.keyID]
        body += surveyTag(claims.surveyID)
        body += (0..<8).reversed().map { UInt8(truncatingIfNeeded: claims.recipientID.rawValue >> (UInt64($0) * 8)) }
        let seconds = UInt32(clamping: Int64(claims.issuedAt.timeIntervalSince1970))
        body += (0..<4).reversed().map { UInt8(truncatingIfNeeded: seconds >> (UInt32($0) * 8)) }
        return body
    }

    /// How many bytes of the code a token carries.
    private static let sentCodeLength = 12

    /// The token's code, all 32 bytes (a token carries the first ``sentCodeLength``): HMAC-SHA256 under `key` of
    /// the domain, the survey id and the body, given in one update (each update of swift-crypto's generic
    /// `update(data:)` looks its argument's type up at run time).
    private static func code(body: [UInt8], surveyID: String, key: HMAC<SHA256>) -> [UInt8] {
        var message = Array("smiley-rating-token-v1\u{0}".utf8)
        message.reserveCapacity(message.count + surveyID.utf8.count + 1 + body.count)
        message += surveyID.utf8
        message.append(0)
        message += body
        var hmac = key
        hmac.update(data: message)
        return leadingBytes(SHA256.byteCount, of: hmac.finalize())
    }

    /// The first `count` bytes of a digest or code, copied through its bytes (`Array(code.prefix(count))` builds a
    /// `PrefixSequence` of a swift-crypto type, whose metadata the runtime sets up on first use).
    private static func leadingBytes(_ count: Int, of value: some ContiguousBytes) -> [UInt8] {
        value.withUnsafeBytes { raw in
            precondition(raw.count >= count, "a digest is shorter than \(count) bytes")
            return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                for index in 0..<count { buffer[index] = raw[index] }
                initialized = count
            }
        }
    }
}

/// Why a keyring could not be built from the configured secrets.
public struct TokenKeyringError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public let reason: String
    public var description: String {
        "The token secret is unusable: \(reason). Run 'smiley init' or fix the secret file."
    }
}
