import SmileyMIME

/// A message put back together from a provider's parsed fields, for providers (or settings) that post no raw MIME:
/// the original header fields (without their MIME structure fields), then the text and HTML bodies as UTF-8, each
/// base64-encoded. The ingest pipeline reads it as it reads a relay's message: the Message-ID, In-Reply-To and
/// the reply address are the original's, so a survey reply is found and stored once.
struct RebuiltMessage {
    private var header: [UInt8] = []
    private var names: Set<String> = []

    /// Adds a header field; a field describing the original's MIME structure is left out, and line breaks inside
    /// a value become spaces (a value can never start a new field).
    mutating func add(_ name: String, _ value: String) {
        let lowered = name.lowercased()
        guard !name.isEmpty, !Self.structural.contains(lowered),
            name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") })
        else { return }
        names.insert(lowered)
        header += Array(name.utf8) + Array(": ".utf8)
        for byte in value.utf8 { header.append(byte == 0x0D || byte == 0x0A ? 0x20 : byte) }
        header += [0x0D, 0x0A]
    }

    /// Adds the fields of a raw header block (SendGrid's `headers`), folded lines unfolded.
    mutating func addRawHeaderBlock(_ block: [UInt8]) {
        let parsed = ParsedMessage.parse(block + [0x0D, 0x0A, 0x0D, 0x0A])
        for field in parsed.headers.fields { add(field.name, field.unfoldedValue) }
    }

    /// Whether a field of this name was added.
    func has(_ name: String) -> Bool { names.contains(name.lowercased()) }

    /// The whole message with these bodies (either may be missing; with neither, an empty text body).
    func message(text: String?, html: String?) -> [UInt8] {
        var out = header
        out += Array("MIME-Version: 1.0\r\n".utf8)
        func part(_ subtype: String, _ body: String) -> [UInt8] {
            Array("Content-Type: text/\(subtype); charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n".utf8)
                + Base64.encode(Array(body.utf8), lineLength: 76) + [0x0D, 0x0A]
        }
        switch (text, html) {
        case (let text?, let html?):
            let boundary = "smiley-rebuilt-" + String(UInt64.random(in: .min ... .max), radix: 36)
            out += Array("Content-Type: multipart/alternative; boundary=\"\(boundary)\"\r\n\r\n".utf8)
            out += Array("--\(boundary)\r\n".utf8) + part("plain", text)
            out += Array("--\(boundary)\r\n".utf8) + part("html", html)
            out += Array("--\(boundary)--\r\n".utf8)
        case (nil, let html?): out += part("html", html)
        default: out += part("plain", text ?? "")
        }
        return out
    }

    /// Fields that describe the original's body, which this message replaces.
    private static let structural: Set<String> = [
        "content-type", "content-transfer-encoding", "mime-version", "content-length",
    ]
}
