extension OutgoingMessage {
    /// Writes the message as RFC 5322 / MIME bytes with CRLF line endings.
    ///
    /// Text and HTML are UTF-8 quoted-printable; images are base64 wrapped at 76 columns. The structure is
    /// `text/plain` alone, `multipart/alternative` (text, then HTML) when there is HTML, and `multipart/related`
    /// around that when there are inline images. A final line break is added to a body that lacks one.
    /// Boundaries start with `=_`, which neither encoding can produce, so they never collide with content.
    /// - Parameter boundarySeed: Makes the boundaries; the same message and seed give the same bytes.
    ///   Only letters, digits, `.`, `-` and `_` are used from it.
    public func serialize(boundarySeed: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(
            textBody.utf8.count * 2 + (htmlBody?.utf8.count ?? 0) * 2
                + inlineImages.reduce(0) { $0 + $1.data.count * 2 } + 1024
        )
        for field in fields { append(field.line, to: &out) }
        append("MIME-Version: 1.0", to: &out)
        let seed = Self.sanitizedSeed(boundarySeed)
        if inlineImages.isEmpty {
            writeAlternative(into: &out, seed: seed)
        } else {
            let boundary = "=_" + seed + "_rel"
            let inner = htmlBody == nil ? "text/plain" : "multipart/alternative"
            append("Content-Type: multipart/related; type=\"\(inner)\";", to: &out)
            append(" boundary=\"\(boundary)\"", to: &out)
            append("", to: &out)
            append("--" + boundary, to: &out)
            writeAlternative(into: &out, seed: seed)
            for image in inlineImages {
                append("", to: &out)
                append("--" + boundary, to: &out)
                out += image.mimePart
            }
            append("", to: &out)
            append("--" + boundary + "--", to: &out)
        }
        return out
    }

    private func writeAlternative(into out: inout [UInt8], seed: String) {
        guard let htmlBody else {
            Self.writeText(textBody, subtype: "plain", into: &out)
            return
        }
        let boundary = "=_" + seed + "_alt"
        append("Content-Type: multipart/alternative;", to: &out)
        append(" boundary=\"\(boundary)\"", to: &out)
        append("", to: &out)
        append("--" + boundary, to: &out)
        Self.writeText(textBody, subtype: "plain", into: &out)
        append("", to: &out)
        append("--" + boundary, to: &out)
        Self.writeText(htmlBody, subtype: "html", into: &out)
        append("", to: &out)
        append("--" + boundary + "--", to: &out)
    }

    /// Headers, blank line and quoted-printable body ending in CRLF.
    private static func writeText(_ text: String, subtype: String, into out: inout [UInt8]) {
        appendLine("Content-Type: text/\(subtype); charset=utf-8", to: &out)
        appendLine("Content-Transfer-Encoding: quoted-printable", to: &out)
        appendLine("", to: &out)
        let encoded = QuotedPrintable.encode(Array(text.utf8))
        out += encoded
        if !(encoded.count >= 2 && encoded[encoded.count - 2] == 0x0D && encoded[encoded.count - 1] == 0x0A) {
            out.append(0x0D)
            out.append(0x0A)
        }
    }

    /// The MIME part of an inline image: headers, blank line, base64 body, final CRLF.
    static func imagePart(_ image: InlineAttachment) -> [UInt8] {
        var out: [UInt8] = []
        let type = sanitizedContentType(image.contentType)
        let filename = filenameParameter(image.filename)
        appendLine("Content-Type: \(type);", to: &out)
        appendLine(" name\(filename)", to: &out)
        appendLine("Content-Transfer-Encoding: base64", to: &out)
        appendLine("Content-ID: <\(sanitizedContentID(image.contentID))>", to: &out)
        appendLine("Content-Disposition: inline;", to: &out)
        appendLine(" filename\(filename)", to: &out)
        appendLine("", to: &out)
        out += Base64.encode(image.data, lineLength: 76)
        out.append(0x0D)
        out.append(0x0A)
        return out
    }

    private func append(_ line: String, to out: inout [UInt8]) { Self.appendLine(line, to: &out) }

    private static func appendLine(_ line: String, to out: inout [UInt8]) {
        out += line.utf8
        out.append(0x0D)
        out.append(0x0A)
    }

    static func sanitizedSeed(_ seed: String) -> String {
        let kept = seed.utf8.lazy.filter { b in
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                true
            default: false
            }
        }
        let text = String(decoding: Array(kept.prefix(60)), as: UTF8.self)
        return text.isEmpty ? "smiley" : text
    }

    static func sanitizedContentType(_ type: String) -> String {
        let parts = type.lowercased().split(separator: "/", omittingEmptySubsequences: false)
        let tokenByte: (UInt8) -> Bool = { b in
            b > 0x20 && b < 0x7F && !"()<>@,;:\\\"/[]?=".utf8.contains(b)
        }
        guard parts.count == 2,
            parts.allSatisfy({ !$0.isEmpty && $0.utf8.count <= 64 && $0.utf8.allSatisfy(tokenByte) })
        else {
            return "application/octet-stream"
        }
        return parts.joined(separator: "/")
    }

    static func sanitizedContentID(_ id: String) -> String {
        let kept = id.utf8.filter { HeaderWriter.isAtext($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "@") }
        let text = String(decoding: kept.prefix(200), as: UTF8.self)
        return text.isEmpty ? "part@smiley" : text
    }

    /// `="name"` for short printable ASCII, else RFC 2231 `*=utf-8''percent-encoded` (at most 200 bytes of name).
    static func filenameParameter(_ filename: String) -> String {
        var bytes: [UInt8] = []
        for scalar in filename.unicodeScalars where scalar.value >= 0x20 && scalar.value != 0x7F {
            let encoded = Array(String(scalar).utf8)
            if bytes.count + encoded.count > 200 { break }
            bytes += encoded
        }
        if bytes.isEmpty { bytes = Array("image".utf8) }
        if bytes.count <= 60, bytes.allSatisfy({ $0 < 0x7F }) {
            var quoted = "=\""
            for b in bytes {
                if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { quoted += "\\" }
                quoted.unicodeScalars.append(Unicode.Scalar(b))
            }
            return quoted + "\""
        }
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = Array("*=utf-8''".utf8)
        for b in bytes {
            let isAttributeChar =
                (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || "!#$&+-.^_`|~".utf8.contains(b)
            if isAttributeChar {
                out.append(b)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
