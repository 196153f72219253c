/// A header name or value that cannot be written safely.
///
/// Thrown when composing: a value containing CR, LF or NUL (header injection), a header name that is not
/// printable ASCII without `:`, a structured value that is not ASCII, or a header Smiley writes itself.
public struct MIMEHeaderError: Error, Sendable, CustomStringConvertible {
    private enum Code: Sendable {
        case badName
        case reservedName
        case forbiddenCharacter
        case notASCII
        case badAddress
        case tooLong
    }

    private let code: Code
    /// The header name concerned.
    public let header: String
    private let detail: String

    private init(_ code: Code, header: String, detail: String) {
        self.code = code
        self.header = header
        self.detail = detail
    }

    static func badName(_ name: String) -> Self {
        Self(
            .badName,
            header: name,
            detail: "the header name must be 1–76 printable ASCII characters without ':' or spaces"
        )
    }

    static func reserved(_ name: String) -> Self {
        Self(
            .reservedName,
            header: name,
            detail: "this header is written by the MIME serializer itself; set the body instead"
        )
    }

    static func forbidden(_ name: String, character: Unicode.Scalar) -> Self {
        let shown =
            switch character {
            case "\r": "CR"
            case "\n": "LF"
            case "\0": "NUL"
            default: "U+" + String(character.value, radix: 16, uppercase: true)
            }
        return Self(
            .forbiddenCharacter,
            header: name,
            detail:
                "the value contains \(shown), which could inject headers; remove line breaks and control characters from the data"
        )
    }

    static func notASCII(_ name: String) -> Self {
        Self(
            .notASCII,
            header: name,
            detail:
                "a structured header value must be ASCII; encode it before setting it (or use setText for free text)"
        )
    }

    static func badAddress(_ name: String, _ address: String, _ reason: String) -> Self {
        Self(
            .badAddress,
            header: name,
            detail: "the address '\(address.debugDescription.dropFirst().dropLast())' \(reason)"
        )
    }

    static func tooLong(_ name: String) -> Self {
        Self(.tooLong, header: name, detail: "a word in the value is too long to fit a 998-octet line; shorten it")
    }

    /// What went wrong and what to do about it.
    public var description: String { "Cannot write header '\(header)': \(detail)." }
}
