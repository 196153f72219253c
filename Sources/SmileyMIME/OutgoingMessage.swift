/// A message being composed: header fields, a text body, an optional HTML body and inline images.
///
/// Every setter checks its input and refuses CR, LF and NUL in values, so data (a customer's name, a ticket
/// subject) can never inject a header. Setting a header again replaces it (names compare case-insensitively);
/// fields are written in the order they were first set, followed by the MIME headers ``serialize(boundarySeed:)``
/// writes itself (`MIME-Version`, `Content-Type`, `Content-Transfer-Encoding`).
public struct OutgoingMessage: Sendable {
    /// Folded header fields, `Name: value` without the final CRLF, in order.
    var fields: [(name: String, line: String)] = []

    /// The plain-text body (required by good practice; may be empty). Line breaks may be LF, CR or CRLF.
    public var textBody: String = ""
    /// The HTML body; when set the message is `multipart/alternative` with the text first.
    public var htmlBody: String?
    /// Images referenced from the HTML by `cid:`; when non-empty the message is `multipart/related`.
    public var inlineImages: [InlineAttachment] = []

    /// Creates an empty message.
    public init() {}

    /// The header fields set so far as `(name, folded line)` pairs, in order (for inspection and tests).
    public var headerFields: [(name: String, line: String)] { fields }

    /// Sets an address header (From, To, Cc, Reply-To…).
    ///
    /// Display names that are not plain ASCII are RFC 2047-encoded; ASCII names with specials are quoted;
    /// tabs and other control characters in names become spaces.
    /// Addresses must be ASCII `local@domain` without spaces or angle brackets. An empty list removes the header.
    /// - Parameters:
    ///   - name: The header name, such as `To`.
    ///   - mailboxes: The mailboxes, written comma-separated.
    /// - Throws: ``MIMEHeaderError`` for a bad name, CR/LF/NUL in a display name or address, or a bad address.
    public mutating func setAddresses(_ name: String, _ mailboxes: [Mailbox]) throws(MIMEHeaderError) {
        try HeaderWriter.checkName(name)
        guard !mailboxes.isEmpty else {
            remove(name)
            return
        }
        var segments: [String] = []
        for (index, mailbox) in mailboxes.enumerated() {
            try HeaderWriter.checkInjection(mailbox.name, header: name)
            try HeaderWriter.checkInjection(mailbox.address, header: name)
            try Self.checkAddress(mailbox.address, header: name)
            let last = index == mailboxes.count - 1
            var pieces: [String]
            if mailbox.name.isEmpty {
                pieces = [mailbox.address]
            } else {
                pieces = HeaderWriter.phraseSegments(HeaderWriter.replacingControls(mailbox.name))
                pieces.append(" <" + mailbox.address + ">")
            }
            if !last { pieces[pieces.count - 1] += "," }
            if index > 0, let first = pieces.first, first.first != " " { pieces[0] = " " + first }
            segments += pieces
        }
        guard let line = HeaderWriter.fold(name: name, segments: segments) else { throw .tooLong(name) }
        store(name, line)
    }

    /// Sets an unstructured header (Subject, Comments, X-… free text).
    ///
    /// Printable ASCII is folded at whitespace; anything else (non-ASCII, control characters, leading or
    /// trailing whitespace, a word too long to fold, or text that itself looks like `=?…?=`) is written as UTF-8 RFC 2047
    /// encoded-words, B or Q whichever is shorter, never splitting a character, each line at most 78 columns.
    /// Tabs and other control characters become spaces.
    /// - Parameters:
    ///   - name: The header name, such as `Subject`.
    ///   - value: The text, any Unicode except CR, LF and NUL.
    /// - Throws: ``MIMEHeaderError`` for a bad name or CR/LF/NUL in the value.
    public mutating func setText(_ name: String, _ value: String) throws(MIMEHeaderError) {
        try HeaderWriter.checkName(name)
        try HeaderWriter.checkInjection(value, header: name)
        let value = HeaderWriter.replacingControls(value)
        let bytes = Array(value.utf8)
        let plain =
            bytes.allSatisfy { ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x09 }
            && !HeaderWriter.containsEncodedWordStart(value)
            && bytes.first != 0x20 && bytes.first != 0x09 && bytes.last != 0x20 && bytes.last != 0x09
        if plain {
            let segments = HeaderWriter.whitespaceSegments(value)
            let prefix = name.utf8.count + 2
            if segments.enumerated().allSatisfy({
                $0.element.utf8.count + ($0.offset == 0 ? prefix : 0) <= HeaderWriter.softLimit
            }),
                let line = HeaderWriter.fold(name: name, segments: segments)
            {
                store(name, line)
                return
            }
        }
        let firstMax = min(75, max(24, HeaderWriter.softLimit - name.utf8.count - 2))
        let words = HeaderWriter.encodedWords(value, firstMax: firstMax, maxWord: 75)
        let segments = words.enumerated().map { $0.offset == 0 ? $0.element : " " + $0.element }
        guard let line = HeaderWriter.fold(name: name, segments: segments) else { throw .tooLong(name) }
        store(name, line)
    }

    /// Sets a structured ASCII header (Message-ID, In-Reply-To, References, Date, List-Unsubscribe…), folded
    /// at whitespace. The value is written as given, so it must already follow the header's syntax.
    /// - Parameters:
    ///   - name: The header name.
    ///   - value: Printable ASCII (spaces and tabs allowed).
    /// - Throws: ``MIMEHeaderError`` for a bad name, CR/LF/NUL, non-ASCII or a word longer than a line allows.
    public mutating func setStructured(_ name: String, _ value: String) throws(MIMEHeaderError) {
        try HeaderWriter.checkName(name)
        try HeaderWriter.checkInjection(value, header: name)
        for scalar in value.unicodeScalars where scalar.value >= 0x7F || (scalar.value < 0x20 && scalar != "\t") {
            if scalar.value >= 0x7F { throw .notASCII(name) }
            throw .forbidden(name, character: scalar)
        }
        guard let line = HeaderWriter.fold(name: name, segments: HeaderWriter.whitespaceSegments(value)) else {
            throw .tooLong(name)
        }
        store(name, line)
    }

    /// Removes a header set earlier (case-insensitive name); does nothing when it is not set.
    /// - Parameter name: The header name.
    public mutating func remove(_ name: String) {
        fields.removeAll { Self.sameName($0.name, name) }
    }

    /// Header names compared ASCII-case-insensitively, without making lowercase copies (names are ASCII:
    /// ``HeaderWriter`` refuses others).
    static func sameName(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        return zip(a.utf8, b.utf8).allSatisfy { x, y in
            x == y || ((x | 0x20) == (y | 0x20) && (0x61...0x7A).contains(x | 0x20))
        }
    }

    private mutating func store(_ name: String, _ line: String) {
        if let index = fields.firstIndex(where: { Self.sameName($0.name, name) }) {
            fields[index] = (name, line)
        } else {
            fields.append((name, line))
        }
    }

    /// `<>()[],;:\"`: specials that cannot stand unquoted in an address (space and tab are caught as controls).
    private static func forbiddenInAddress(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "\\"),
            UInt8(ascii: "\""):
            true
        default: false
        }
    }

    private static func checkAddress(_ address: String, header: String) throws(MIMEHeaderError) {
        let bytes = Array(address.utf8)
        guard !bytes.isEmpty else { throw .badAddress(header, address, "is empty") }
        guard bytes.allSatisfy({ $0 < 0x80 }) else {
            throw .badAddress(header, address, "is not ASCII (internationalised addresses are not supported)")
        }
        for b in bytes where b < 0x21 || b > 0x7E || Self.forbiddenInAddress(b) {
            throw .badAddress(header, address, "contains a space, control character or one of <>()[],;:\\\"")
        }
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")), at > 0, at < bytes.count - 1 else {
            throw .badAddress(header, address, "is not of the form local@domain")
        }
    }
}
