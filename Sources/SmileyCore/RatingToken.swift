public import Foundation

/// What a signed rating token says: which survey, which recipient, when, and under which key it was signed.
///
/// Layout (30 bytes, 40 characters of base64url without padding):
///
/// | bytes | field |
/// |---|---|
/// | 1 | format version (1) |
/// | 1 | key id |
/// | 4 | survey tag: first 4 bytes of SHA-256(survey id) |
/// | 8 | ``RecipientID`` |
/// | 4 | issue time, seconds since 1970, big-endian |
/// | 12 | HMAC-SHA256 over a domain label, the full survey id and the 18 bytes above, truncated to 96 bits |
///
/// 40 characters fit a plus-address with room for a rating: `feedback+` (9) + token (40) + `.positive` (9)
/// is 58 octets, under the 64 that RFC 5321 allows a local part.
public struct RatingToken: Sendable, Hashable {
    /// The survey the token was issued for.
    public let surveyID: String
    /// The recipient the token was issued to.
    public let recipientID: RecipientID
    /// When the token was issued (whole seconds).
    public let issuedAt: Date
    /// The key that signed it.
    public let keyID: UInt8

    /// The length of every encoded token, in characters.
    public static let encodedLength = 40

    /// Creates the claims of a token; sign them with ``TokenKeyring/sign(_:)``.
    public init(surveyID: String, recipientID: RecipientID, issuedAt: Date, keyID: UInt8) {
        self.surveyID = surveyID
        self.recipientID = recipientID
        self.issuedAt = Date(timeIntervalSince1970: issuedAt.timeIntervalSince1970.rounded(.down))
        self.keyID = keyID
    }
}

/// Why a token was refused. Every case is a reason to show the person a "this link is no longer valid" page,
/// never to record a rating.
public struct RatingTokenError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case malformed(String)
        case unknownKey(UInt8)
        case unknownSurvey
        case badSignature
        case expired(Date)
        case issuedInFuture
    }

    private let code: Code

    static func malformed(_ why: String) -> Self { Self(code: .malformed(why)) }
    static func unknownKey(_ id: UInt8) -> Self { Self(code: .unknownKey(id)) }
    static let unknownSurvey = Self(code: .unknownSurvey)
    static let badSignature = Self(code: .badSignature)
    static func expired(_ at: Date) -> Self { Self(code: .expired(at)) }
    static let issuedInFuture = Self(code: .issuedInFuture)

    /// The token could not be decoded at all (wrong length, bad characters, unknown version).
    public var isMalformed: Bool { if case .malformed = code { return true } else { return false } }
    /// The signature does not match: the token was altered or signed with another secret.
    public var isForged: Bool { code == .badSignature }
    /// The token was genuine but is older than the configured maximum age.
    public var isExpired: Bool { if case .expired = code { return true } else { return false } }

    public var description: String {
        switch code {
        case .malformed(let why): return "The rating token is malformed: \(why)."
        case .unknownKey(let id):
            return
                "The rating token was signed with key \(id), which is not in the keyring; if the key was retired, the link can no longer be used."
        case .unknownSurvey: return "The rating token names a survey this installation does not know."
        case .badSignature:
            return "The rating token's signature does not match: it was altered or signed with another secret."
        case .expired(let at): return "The rating token expired at \(ISO8601DateFormatter().string(from: at))."
        case .issuedInFuture:
            return "The rating token claims to be issued in the future; check the clock of the sending machine."
        }
    }
}
