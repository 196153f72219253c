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
    ///
    /// Lines are split on the bytes (line ends are `Character` boundaries, CR LF one of them); an ASCII line is
    /// read from its bytes, any other through ``read(_:into:)`` on `Character`s, with the same rules.
    init(_ bytes: [UInt8]) {
        var groups: [Group] = []
        var current = Group()
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            var position = 0
            while position <= buffer.count {
                guard position == buffer.count || buffer[position] == 0x0A || buffer[position] == 0x0D else {
                    position += 1
                    continue
                }
                let line = UnsafeBufferPointer(rebasing: buffer[start..<position])
                if ASCIISearch.isASCII(line) {
                    Self.readASCII(line, into: &groups, current: &current)
                } else {
                    Self.read(String(decoding: line, as: UTF8.self), into: &groups, current: &current)
                }
                if position < buffer.count, buffer[position] == 0x0D, position + 1 < buffer.count,
                    buffer[position + 1] == 0x0A
                {
                    position += 1
                }
                position += 1
                start = position
            }
        }
        if !current.fields.isEmpty { groups.append(current) }
        self.groups = groups
    }

    /// One line, read by `Character`s.
    private static func read(_ line: String, into groups: inout [Group], current: inout Group) {
        if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
            if !current.fields.isEmpty {
                groups.append(current)
                current = Group()
            }
            return
        }
        if line.first == " " || line.first == "\t" {
            if let last = current.fields.indices.last {
                current.fields[last].value += " " + line.trimming(" \t")
            }
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].trimming(" \t").lowercased()
        guard !name.isEmpty, !name.contains(" ") else { return }
        let value = line[line.index(after: colon)...].trimming(" \t")
        current.fields.append((name, value))
    }

    /// ``read(_:into:current:)`` for an ASCII line, on its bytes: there every byte is a `Character`, and
    /// lowercasing folds `A`–`Z`.
    private static func readASCII(_ line: UnsafeBufferPointer<UInt8>, into groups: inout [Group], current: inout Group)
    {
        let isBlank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        func trimmed(_ range: Range<Int>) -> String {
            var lower = range.lowerBound
            var upper = range.upperBound
            while lower < upper, isBlank(line[lower]) { lower += 1 }
            while upper > lower, isBlank(line[upper - 1]) { upper -= 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: line[lower..<upper]), as: UTF8.self)
        }
        guard let first = line.first, !line.allSatisfy(isBlank) else {
            if !current.fields.isEmpty {
                groups.append(current)
                current = Group()
            }
            return
        }
        if isBlank(first) {
            if let last = current.fields.indices.last {
                current.fields[last].value += " " + trimmed(0..<line.count)
            }
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = trimmed(0..<colon)
        guard !name.isEmpty, !name.utf8.contains(0x20) else { return }
        let lowered = String(decoding: name.utf8.map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 }, as: UTF8.self)
        current.fields.append((lowered, trimmed((colon + 1)..<line.count)))
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
