#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The byte-level parser behind ``ParsedMessage/parse(_:limits:)``.
///
/// Each entity's header block is read once; a multipart body is split by one forward scan over line starts,
/// then each part is parsed within its own range. Work is linear per nesting level, and nesting is bounded
/// by ``MIMELimits/maxDepth``.
struct MIMEParser {
    let limits: MIMELimits
    var warnings: [String] = []
    var partCount = 0

    init(limits: MIMELimits) {
        self.limits = limits
    }

    mutating func warn(_ text: String) {
        if warnings.count < 200 { warnings.append(text) }
    }

    mutating func parseMessage(_ raw: [UInt8]) -> MIMEPart {
        if raw.isEmpty { warn("empty message") }
        var bytes = raw
        if let first = Self.firstBareCR(raw) {
            // Old Mac mail, some gateways and hand-made reports end lines with a lone CR, or mix CR, LF and CRLF.
            // As Python's email parser does, every lone CR is a line end: read as LF, CRLF and LF kept as they are.
            warn("lone CR line endings (first at byte \(first)) read as line breaks")
            bytes = Self.replacingBareCR(raw, from: first)
        }
        var start = 0
        // An mbox envelope line ("From sender date") before the headers.
        if bytes.count >= 5, bytes[0] == UInt8(ascii: "F"), bytes[1] == UInt8(ascii: "r"),
            bytes[2] == UInt8(ascii: "o"),
            bytes[3] == UInt8(ascii: "m"), bytes[4] == 0x20
        {
            start = Self.lineEnd(bytes, from: 0, to: bytes.count) + 1
            start = min(start, bytes.count)
        }
        return parseEntity(bytes, start..<bytes.count, depth: 0, defaultType: .textPlain)
    }

    /// The index of the first CR not followed by LF, or nil (the usual case: found with `memchr`, no copy).
    static func firstBareCR(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            var from = 0
            while from < buffer.count, let hit = memchr(base + from, 0x0D, buffer.count - from) {
                let index = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if index + 1 == buffer.count || buffer[index + 1] != 0x0A { return index }
                from = index + 2
            }
            return nil
        }
    }

    /// `bytes` with every CR not followed by LF, at or after `first`, replaced by LF.
    static func replacingBareCR(_ bytes: [UInt8], from first: Int) -> [UInt8] {
        var copy = bytes
        copy.withUnsafeMutableBufferPointer { buffer in
            for index in first..<buffer.count where buffer[index] == 0x0D {
                if index + 1 == buffer.count || buffer[index + 1] != 0x0A { buffer[index] = 0x0A }
            }
        }
        return copy
    }

    /// Index of the next LF at or after `from`, or `to` when none.
    @inline(__always)
    static func lineEnd(_ bytes: [UInt8], from: Int, to: Int) -> Int {
        guard from < to else { return to }
        return bytes.withUnsafeBufferPointer { buffer -> Int in
            guard let base = buffer.baseAddress, let hit = memchr(base + from, 0x0A, to - from) else { return to }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    mutating func parseEntity(_ bytes: [UInt8], _ range: Range<Int>, depth: Int, defaultType: ContentType) -> MIMEPart {
        partCount += 1
        let (headers, bodyStart) = parseHeaders(bytes, range)
        let body = bodyStart..<range.upperBound
        var contentType = defaultType
        if let raw = headers.raw("content-type") {
            if let parsed = ContentType.parse(raw) {
                contentType = parsed
            } else {
                warn("invalid Content-Type '\(raw.prefix(80))'; using text/plain")
                contentType = .textPlain
            }
        }
        let encoding = ContentType.lowercasedKeyword((headers.raw("content-transfer-encoding") ?? "").utf8)

        if contentType.type == "multipart" {
            guard depth < limits.maxDepth else {
                warn("nesting deeper than \(limits.maxDepth); inner parts not parsed")
                return MIMEPart(headers: headers, contentType: contentType, children: [], body: Array(bytes[body]))
            }
            guard let boundary = contentType.parameters["boundary"], !boundary.isEmpty else {
                warn("multipart without boundary parameter")
                return MIMEPart(headers: headers, contentType: contentType, children: [], body: Array(bytes[body]))
            }
            let split = Self.split(bytes, body, boundary: Array(boundary.utf8))
            guard split.found else {
                warn("multipart boundary '\(boundary.prefix(70))' never appears")
                return MIMEPart(headers: headers, contentType: contentType, children: [], body: Array(bytes[body]))
            }
            if !split.closed { warn("multipart boundary '\(boundary.prefix(70))' is never closed") }
            let childDefault =
                contentType.subtype == "digest" ? ContentType(type: "message", subtype: "rfc822") : .textPlain
            var children: [MIMEPart] = []
            children.reserveCapacity(split.parts.count)
            for partRange in split.parts {
                guard partCount < limits.maxParts else {
                    warn("more than \(limits.maxParts) parts; the rest not parsed")
                    break
                }
                children.append(parseEntity(bytes, partRange, depth: depth + 1, defaultType: childDefault))
            }
            return MIMEPart(headers: headers, contentType: contentType, children: children, body: [])
        }

        if contentType.type == "message", contentType.subtype == "rfc822" || contentType.subtype == "global" {
            guard depth < limits.maxDepth else {
                warn("nesting deeper than \(limits.maxDepth); embedded message not parsed")
                return MIMEPart(
                    headers: headers,
                    contentType: contentType,
                    children: [],
                    body: decodeBody(bytes[body], encoding: encoding)
                )
            }
            switch encoding {
            case "", "7bit", "8bit", "binary":
                // Parsed in place: no copy, so memory stays linear however deep messages nest.
                let inner = parseEntity(bytes, body, depth: depth + 1, defaultType: .textPlain)
                return MIMEPart(
                    headers: headers,
                    contentType: contentType,
                    children: [inner],
                    body: [],
                    bodySize: body.count
                )
            default:
                let decoded = decodeBody(bytes[body], encoding: encoding)
                let inner = parseEntity(decoded, 0..<decoded.count, depth: depth + 1, defaultType: .textPlain)
                return MIMEPart(
                    headers: headers,
                    contentType: contentType,
                    children: [inner],
                    body: [],
                    bodySize: decoded.count
                )
            }
        }
        return MIMEPart(
            headers: headers,
            contentType: contentType,
            children: [],
            body: decodeBody(bytes[body], encoding: encoding)
        )
    }

    mutating func decodeBody(_ body: ArraySlice<UInt8>, encoding: String) -> [UInt8] {
        switch encoding {
        case "base64":
            let (bytes, malformed) = Base64.decode(body)
            if malformed { warn("base64 body has stray characters or bad padding") }
            return bytes
        case "quoted-printable":
            let (bytes, malformed) = QuotedPrintable.decode(body)
            if malformed { warn("quoted-printable body has a stray '='") }
            return bytes
        case "", "7bit", "8bit", "binary":
            return Array(body)
        default:
            warn("unknown Content-Transfer-Encoding '\(encoding.prefix(40))'; body kept as is")
            return Array(body)
        }
    }

    /// Reads a header block; returns the fields and where the body starts.
    mutating func parseHeaders(_ bytes: [UInt8], _ range: Range<Int>) -> (MIMEHeaders, Int) {
        var fields: [MIMEHeaderField] = []
        var current: (name: String, start: Int, end: Int)?
        var truncated = false
        var i = range.lowerBound
        let end = range.upperBound
        var bodyStart = end

        func finish(
            _ field: (name: String, start: Int, end: Int)?,
            into fields: inout [MIMEHeaderField],
            truncated: inout Bool
        ) {
            guard let field else { return }
            guard fields.count < limits.maxHeaderFields else {
                truncated = true
                return
            }
            var valueEnd = field.end
            if valueEnd - field.start > limits.maxHeaderBytes {
                valueEnd = field.start + limits.maxHeaderBytes
                truncated = true
            }
            fields.append(MIMEHeaderField(name: field.name, rawValue: Array(bytes[field.start..<valueEnd])))
        }

        while i < end {
            let lineEnd = Self.lineEnd(bytes, from: i, to: end)
            var contentEnd = lineEnd
            if contentEnd > i, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            if contentEnd == i {
                bodyStart = min(lineEnd + 1, end)
                break
            }
            let first = bytes[i]
            if first == 0x20 || first == 0x09 {
                if current != nil {
                    current!.end = contentEnd
                } else {
                    warn("header block starts with a continuation line")
                }
                i = lineEnd + 1
                continue
            }
            var colon = i
            while colon < contentEnd, bytes[colon] != UInt8(ascii: ":"), colon - i < 200 { colon += 1 }
            var nameEnd = colon
            while nameEnd > i, bytes[nameEnd - 1] == 0x20 || bytes[nameEnd - 1] == 0x09 { nameEnd -= 1 }
            let validName =
                colon < contentEnd && bytes[colon] == UInt8(ascii: ":") && nameEnd > i
                && bytes[i..<nameEnd].allSatisfy { $0 > 0x20 && $0 < 0x7F }
            guard validName else {
                warn("line without a colon in the header block; treating the rest as body")
                bodyStart = i
                break
            }
            finish(current, into: &fields, truncated: &truncated)
            current = (String(decoding: bytes[i..<nameEnd], as: UTF8.self), colon + 1, contentEnd)
            i = lineEnd + 1
        }
        finish(current, into: &fields, truncated: &truncated)
        if truncated {
            warn(
                "header block over the limits (\(limits.maxHeaderFields) fields, \(limits.maxHeaderBytes) bytes per field); truncated"
            )
        }
        return (MIMEHeaders(fields: fields), bodyStart)
    }

    /// Splits a multipart body into part ranges (delimiter line breaks excluded, preamble and epilogue dropped).
    static func split(
        _ bytes: [UInt8],
        _ range: Range<Int>,
        boundary: [UInt8]
    ) -> (parts: [Range<Int>], closed: Bool, found: Bool) {
        var parts: [Range<Int>] = []
        var partStart: Int?
        var found = false
        let delimiterLength = boundary.count + 2
        var lineStart = range.lowerBound
        let end = range.upperBound
        while lineStart < end {
            let lineEnd = lineEnd(bytes, from: lineStart, to: end)
            if bytes[lineStart] == UInt8(ascii: "-"), lineEnd - lineStart >= delimiterLength,
                bytes[lineStart + 1] == UInt8(ascii: "-"),
                bytes[(lineStart + 2)..<(lineStart + delimiterLength)].elementsEqual(boundary)
            {
                var k = lineStart + delimiterLength
                var isClose = false
                if k + 1 < lineEnd, bytes[k] == UInt8(ascii: "-"), bytes[k + 1] == UInt8(ascii: "-") {
                    isClose = true
                    k += 2
                }
                var onlySpace = true
                while k < lineEnd {
                    let b = bytes[k]
                    if b != 0x20, b != 0x09, b != 0x0D {
                        onlySpace = false
                        break
                    }
                    k += 1
                }
                if onlySpace {
                    found = true
                    // Two delimiter lines in a row make no part (a blank line between them makes an empty one).
                    if let start = partStart, start < lineStart {
                        var partEnd = lineStart
                        if partEnd > start, bytes[partEnd - 1] == 0x0A { partEnd -= 1 }
                        if partEnd > start, bytes[partEnd - 1] == 0x0D { partEnd -= 1 }
                        parts.append(start..<max(start, partEnd))
                    }
                    if isClose { return (parts, true, true) }
                    partStart = min(lineEnd + 1, end)
                }
            }
            lineStart = lineEnd + 1
        }
        if let start = partStart { parts.append(start..<end) }
        return (parts, false, found)
    }
}
