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
        // The three fields, each followed by a NUL, hashed in one call (a send computes this several times per
        // recipient; one buffer and one hash cost a fraction of three updates).
        var input: [UInt8] = []
        input.reserveCapacity(surveyID.utf8.count + normalizedEmail.utf8.count + ticketID.utf8.count + 3)
        for field in [surveyID, normalizedEmail, ticketID] {
            input.append(contentsOf: field.utf8)
            input.append(0)
        }
        rawValue = SHA256.hash(data: input).withUnsafeBytes { digest in
            digest.prefix(8).reduce(0) { ($0 << 8) | UInt64($1) }
        }
    }

    /// Sixteen lowercase hex digits.
    public var description: String {
        let hex = String(rawValue, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard text.count == 16, let value = UInt64(text, radix: 16) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a 16-digit hex recipient id: \(text)")
            )
        }
        rawValue = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
