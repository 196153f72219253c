/// The field groups of a `message/delivery-status` body (RFC 3464 §2.1) or a `message/feedback-report` body
/// (RFC 5965): header-style fields in blocks separated by blank lines, folded lines joined.
struct DeliveryStatusFields {
    /// One block of fields, names lowercased, in order (a name can repeat).
    struct Group {
        var fields: [(name: String, value: String)] = []

        /// The first value of a field, any case.
        subscript(_ name: String) -> String? {
            let key = name.lowercased()
            return fields.first { $0.name == key }?.value
        }

        /// Every value of a field, in order.
        func all(_ name: String) -> [String] {
            let key = name.lowercased()
            return fields.filter { $0.name == key }.map(\.value)
        }
    }

    /// The blocks in order: for a DSN the per-message block first, then one per recipient.
    let groups: [Group]

    /// Reads fields from a body. Tolerates CRLF, LF or CR line ends, indented continuation lines, blank lines
    /// made of spaces, and lines without a colon (skipped). 8-bit bytes read as UTF-8 (RFC 6533), else Latin-1.
    init(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        var groups: [Group] = []
        var current = Group()
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let line = String(rawLine)
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                if !current.fields.isEmpty { groups.append(current); current = Group() }
                continue
            }
            if line.first == " " || line.first == "\t" {
                if let last = current.fields.indices.last {
                    current.fields[last].value += " " + line.trimming(" \t")
                }
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimming(" \t").lowercased()
            guard !name.isEmpty, !name.contains(" ") else { continue }
            let value = line[line.index(after: colon)...].trimming(" \t")
            current.fields.append((name, value))
        }
        if !current.fields.isEmpty { groups.append(current) }
        self.groups = groups
    }

    /// Removes an RFC 3464 type prefix (`rfc822;`, `dns;`, `smtp;`, `utf-8;`) and angle brackets around an address.
    static func stripType(_ value: String) -> String {
        var rest = Substring(value)
        if let semicolon = rest.firstIndex(of: ";") {
            let type = rest[..<semicolon]
            if !type.isEmpty, type.count <= 12, type.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) {
                rest = rest[rest.index(after: semicolon)...]
            }
        }
        return rest.trimming(" \t")
    }

    /// An address value without its type, brackets or trailing comment; nil when nothing address-like is left.
    static func address(_ value: String) -> String? {
        var text = stripType(value)
        if let open = text.firstIndex(of: "<"), let close = text[open...].firstIndex(of: ">") {
            text = String(text[text.index(after: open)..<close])
        } else if let space = text.firstIndex(where: { $0 == " " || $0 == "(" }) {
            text = String(text[..<space])
        }
        text = text.trimming(" \t\"'")
        guard text.contains("@"), !text.hasPrefix("@"), !text.hasSuffix("@") else { return nil }
        return text
    }
}

extension StringProtocol {
    /// The text without the given characters at either end.
    func trimming(_ set: String) -> String {
        var start = startIndex
        var end = endIndex
        while start < end, set.contains(self[start]) { start = index(after: start) }
        while end > start, set.contains(self[index(before: end)]) { end = index(before: end) }
        return String(self[start..<end])
    }
}
