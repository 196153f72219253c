/// The fields of an HTML form as a webhook posts them: `multipart/form-data` (RFC 7578, read by this module's
/// own MIME parser — form data is MIME) or `application/x-www-form-urlencoded`.
///
/// Values are kept as bytes: a provider may post a whole message (SendGrid's `email`, Mailgun's `body-mime`) or
/// text in a charset it names elsewhere (SendGrid's `charsets`). Repeated names are all kept, in order.
public struct FormData: Sendable {
    /// One field.
    public struct Field: Sendable, Hashable {
        /// The field's name.
        public let name: String
        /// The file name, for an uploaded file (an attachment).
        public let filename: String?
        /// The part's Content-Type (multipart only), if it gave one.
        public let contentType: ContentType?
        /// The value, transfer-decoded.
        public let value: [UInt8]

        /// The value as UTF-8 (invalid bytes replaced), or in the part's own charset when it names one.
        public var text: String {
            CharsetDecoder.decode(value, charset: contentType?.charset ?? "utf-8").text
        }
    }

    /// Every field, in the order posted.
    public let fields: [Field]

    /// What is wrong with a form body.
    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        /// The Content-Type is neither form type, or multipart without a boundary.
        case unsupportedContentType(String)
        /// A multipart body whose parts could not be read as form fields.
        case malformed(String)

        /// What went wrong and what the sender should do.
        public var description: String {
            switch self {
            case .unsupportedContentType(let type):
                "the body is '\(type)', not multipart/form-data (with a boundary) or application/x-www-form-urlencoded"
            case .malformed(let detail): "the multipart/form-data body cannot be read: \(detail)"
            }
        }
    }

    /// Reads a body by its Content-Type header value.
    /// - Throws: ``Problem`` for another content type or an unreadable multipart body.
    public init(body: [UInt8], contentType: String) throws(Problem) {
        guard let type = ContentType.parse(contentType) else { throw .unsupportedContentType(contentType) }
        switch type.mimeType {
        case "application/x-www-form-urlencoded": fields = Self.urlencoded(body)
        case "multipart/form-data":
            guard let boundary = type.parameters["boundary"], !boundary.isEmpty else {
                throw .unsupportedContentType(contentType)
            }
            fields = try Self.multipart(body, boundary: boundary)
        default: throw .unsupportedContentType(type.mimeType)
        }
    }

    /// The first field named `name`.
    public subscript(_ name: String) -> Field? { fields.first { $0.name == name } }

    /// Every field named `name`, in order.
    public func all(_ name: String) -> [Field] { fields.filter { $0.name == name } }

    /// `name=value&…`, `+` a space and `%XX` a byte.
    package static func urlencoded(_ body: [UInt8]) -> [Field] {
        var fields: [Field] = []
        for pair in body.split(separator: UInt8(ascii: "&")) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(decoding: percentDecoded(parts[0]), as: UTF8.self)
            guard !name.isEmpty else { continue }
            let value = parts.count == 2 ? percentDecoded(parts[1]) : []
            fields.append(Field(name: name, filename: nil, contentType: nil, value: value))
        }
        return fields
    }

    private static func percentDecoded(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                output.append(0x20)
            } else if byte == UInt8(ascii: "%"), index + 2 < bytes.endIndex,
                let high = QuotedPrintable.hexValue(bytes[index + 1]),
                let low = QuotedPrintable.hexValue(bytes[index + 2])
            {
                output.append(high << 4 | low)
                index += 2
            } else {
                output.append(byte)
            }
            index += 1
        }
        return output
    }

    /// The parts of a multipart body, parsed one level deep: a part holding a whole message (`message/rfc822`,
    /// or a multipart) keeps its bytes as they came, never parsed into.
    private static func multipart(_ body: [UInt8], boundary: String) throws(Problem) -> [Field] {
        let head = Array("Content-Type: multipart/form-data; boundary=\"\(boundary)\"\r\n\r\n".utf8)
        let parsed = ParsedMessage.parse(head + body, limits: MIMELimits(maxDepth: 1))
        guard parsed.root.contentType.type == "multipart" else { throw .malformed("no parts") }
        var fields: [Field] = []
        for part in parsed.root.children {
            guard let raw = part.headers.raw("content-disposition") else {
                throw .malformed("a part has no Content-Disposition")
            }
            let bytes = Array(raw.utf8)
            let semicolon = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.count
            let parameters = ParameterParser.parse(bytes[semicolon...])
            guard ContentType.lowercasedKeyword(bytes[..<semicolon]) == "form-data", let name = parameters["name"]
            else { throw .malformed("a part's Content-Disposition is not form-data with a name") }
            fields.append(
                Field(
                    name: name,
                    filename: parameters["filename"],
                    contentType: part.headers.raw("content-type") == nil ? nil : part.contentType,
                    value: part.body
                )
            )
        }
        return fields
    }
}
