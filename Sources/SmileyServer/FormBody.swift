import Foundation

/// The bodies the web side reads: HTML forms (`application/x-www-form-urlencoded`), and RFC 8058's one-click
/// unsubscribe, which mail providers post urlencoded or as `multipart/form-data`.
enum FormBody {
    /// The fields of a urlencoded body (`+` is a space, `%XX` a byte); the first of repeated names wins, names
    /// and values that are not UTF-8 after decoding are dropped.
    static func parse(_ body: [UInt8]) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: UInt8(ascii: "&")) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), !name.isEmpty else { continue }
            let value = parts.count == 2 ? decode(parts[1]) : ""
            if let value, fields[name] == nil { fields[name] = value }
        }
        return fields
    }

    /// Whether a body says `List-Unsubscribe=One-Click` (RFC 8058 §3.1), urlencoded or as a multipart field.
    static func isOneClickUnsubscribe(_ body: [UInt8], contentType: String?) -> Bool {
        if let contentType, contentType.lowercased().hasPrefix("multipart/form-data") {
            return multipartValue(named: "List-Unsubscribe", in: body, contentType: contentType) == "One-Click"
        }
        return parse(body)["List-Unsubscribe"] == "One-Click"
    }

    private static func decode(_ bytes: ArraySlice<UInt8>) -> String? {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                output.append(0x20)
            } else if byte == UInt8(ascii: "%"), index + 2 < bytes.endIndex,
                let high = hex(bytes[index + 1]), let low = hex(bytes[index + 2])
            {
                output.append(high << 4 | low)
                index += 2
            } else {
                output.append(byte)
            }
            index += 1
        }
        return String(validating: output, as: UTF8.self)
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The value of a `multipart/form-data` field, trimmed of the line end before the next boundary.
    private static func multipartValue(named name: String, in body: [UInt8], contentType: String) -> String? {
        guard let range = contentType.range(of: "boundary=") else { return nil }
        var boundary = String(contentType[range.upperBound...])
        if let semicolon = boundary.firstIndex(of: ";") { boundary = String(boundary[..<semicolon]) }
        boundary = boundary.trimmingQuotes
        guard !boundary.isEmpty else { return nil }
        let delimiter = Array(("--" + boundary).utf8)
        var parts: [ArraySlice<UInt8>] = []
        var rest = body[...]
        while let found = rest.firstRange(of: delimiter) {
            parts.append(rest[..<found.lowerBound])
            rest = rest[found.upperBound...]
        }
        for part in parts {
            guard let split = part.firstRange(of: Array("\r\n\r\n".utf8)) else { continue }
            let head = String(decoding: part[..<split.lowerBound], as: UTF8.self).lowercased()
            guard head.contains("name=\"\(name.lowercased())\"") else { continue }
            var value = part[split.upperBound...]
            while let last = value.last, last == 0x0A || last == 0x0D { value = value.dropLast() }
            return String(decoding: value, as: UTF8.self)
        }
        return nil
    }
}

extension String {
    fileprivate var trimmingQuotes: String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = text.dropFirst().dropLast() }
        return String(text)
    }
}
