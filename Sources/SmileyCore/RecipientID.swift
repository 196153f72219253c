import Crypto

/// A recipient's 8-byte identity within one survey, carried in rating tokens and Message-IDs.
///
/// It is the first 8 bytes of SHA-256 over survey id, normalized address and ticket id, so it reveals
/// neither the address nor the ticket, and is the same every time the same person is surveyed for the same ticket.
public struct RecipientID: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The 8 bytes, as an unsigned integer (big-endian order of the hash).
    public let rawValue: UInt64

    /// Wraps an id read back from a token.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    init(surveyID: String, normalizedEmail: String, ticketID: String) {
        var hasher = SHA256()
        for field in [surveyID, normalizedEmail, ticketID] {
            hasher.update(data: Array(field.utf8))
            hasher.update(data: [0])
        }
        let digest = Array(hasher.finalize())
        rawValue = digest.prefix(8).reduce(0) { ($0 << 8) | UInt64($1) }
    }

    /// Sixteen lowercase hex digits.
    public var description: String {
        let hex = String(rawValue, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard text.count == 16, let value = UInt64(text, radix: 16) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a 16-digit hex recipient id: \(text)"))
        }
        rawValue = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
