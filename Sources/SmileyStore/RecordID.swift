/// The identity of a ``FeedbackRecord``: 32 lowercase hex digits (128 bits of SHA-256).
///
/// It is derived, never random, so the same message ingested twice gets the same id and the store keeps it once:
/// - from the Message-ID when the message has one (``init(messageID:)``): angle brackets and surrounding spaces
///   are ignored, the rest is compared exactly;
/// - otherwise from the bytes of the message or request (``init(content:)``).
///
/// Because an id is only ever hex digits, it is safe to use as a file name.
public struct RecordID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The 32 hex digits.
    public let rawValue: String

    /// Accepts 32 lowercase hex digits, as printed by ``description``; returns `nil` for anything else.
    public init?(_ text: String) {
        guard text.utf8.count == 32, text.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { return nil }
        rawValue = text
    }

    /// The id of the message with this Message-ID (`<abc@example.com>` and `abc@example.com` give the same id).
    ///
    /// An empty Message-ID (after removing brackets and spaces) still gives an id, but callers should use
    /// ``derive(messageID:content:)``, which falls back to the content then.
    public init(messageID: String) {
        self.init(
            digestOf: Array("smiley-record-v1\u{0}message-id\u{0}".utf8)
                + Array(Self.normalize(messageID: messageID).utf8)
        )
    }

    /// The id of a message without a Message-ID, from its raw bytes (or a webhook's body, or a click's token).
    public init(content: some Sequence<UInt8>) {
        self.init(digestOf: Array("smiley-record-v1\u{0}content\u{0}".utf8) + Array(content))
    }

    /// The id from the Message-ID when it has any text, else from `content`.
    public static func derive(messageID: String?, content: some Sequence<UInt8>) -> RecordID {
        if let messageID, !normalize(messageID: messageID).isEmpty { return RecordID(messageID: messageID) }
        return RecordID(content: content)
    }

    private init(digestOf bytes: [UInt8]) {
        rawValue = Array(SHA256.hash(bytes).prefix(16)).hexString
    }

    /// The Message-ID without surrounding spaces and angle brackets.
    static func normalize(messageID: String) -> Substring {
        var text = Substring(messageID)
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        while let first = text.first, isSpace(first) { text.removeFirst() }
        while let last = text.last, isSpace(last) { text.removeLast() }
        if text.hasPrefix("<"), text.hasSuffix(">"), text.count >= 2 { text = text.dropFirst().dropLast() }
        return text
    }

    public var description: String { rawValue }

    public static func < (lhs: RecordID, rhs: RecordID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = RecordID(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a 32-digit hex record id: \(text)")
            )
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
