/// One header field as it appeared: its name and its raw value bytes (folded, not decoded).
public struct MIMEHeaderField: Sendable, Hashable {
    /// The field name as written (compare case-insensitively).
    public let name: String
    /// The bytes after the colon, line breaks of folding included, without the final line break.
    public let rawValue: [UInt8]
    /// The name lowercased, for lookups.
    package let key: String

    /// Creates a field.
    /// - Parameters:
    ///   - name: The field name.
    ///   - rawValue: The raw value bytes after the colon.
    public init(name: String, rawValue: [UInt8]) {
        self.name = name
        self.rawValue = rawValue
        self.key = name.lowercased()
    }

    /// The value unfolded (CR and LF removed) and trimmed of surrounding whitespace; 8-bit bytes read as
    /// UTF-8, else windows-1252. Encoded-words are left as they are.
    public var unfoldedValue: String {
        CharsetDecoder.decode(Self.unfold(rawValue[...]), charset: nil).text
    }

    /// The value unfolded, trimmed and RFC 2047-decoded.
    public var decodedValue: String {
        EncodedWordDecoder.decode(Self.unfold(rawValue[...]))
    }

    static func unfold(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for b in bytes where b != 0x0D && b != 0x0A { out.append(b) }
        var start = 0
        var end = out.count
        while start < end, out[start] == 0x20 || out[start] == 0x09 { start += 1 }
        while end > start, out[end - 1] == 0x20 || out[end - 1] == 0x09 { end -= 1 }
        return out[start..<end]
    }
}

/// The header fields of a message or part, in order, looked up case-insensitively.
public struct MIMEHeaders: Sendable, Hashable {
    /// Every field in the order it appeared.
    public let fields: [MIMEHeaderField]

    /// Creates headers from fields.
    /// - Parameter fields: The fields in order.
    public init(fields: [MIMEHeaderField]) {
        self.fields = fields
    }

    /// The first field with this name, unfolded and RFC 2047-decoded; nil when absent.
    /// - Parameter name: The field name, any case.
    public subscript(_ name: String) -> String? {
        field(name)?.decodedValue
    }

    /// The first field with this name, unfolded and trimmed but not decoded (for structured fields).
    /// - Parameter name: The field name, any case.
    public func raw(_ name: String) -> String? {
        field(name)?.unfoldedValue
    }

    /// Every field with this name, decoded, in order.
    /// - Parameter name: The field name, any case.
    public func all(_ name: String) -> [String] {
        let key = name.lowercased()
        return fields.filter { $0.key == key }.map(\.decodedValue)
    }

    /// The first field with this name.
    /// - Parameter name: The field name, any case.
    public func field(_ name: String) -> MIMEHeaderField? {
        let key = name.lowercased()
        return fields.first { $0.key == key }
    }
}
