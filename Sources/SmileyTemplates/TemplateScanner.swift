/// A light reading of a Mustache file's tags with their lines and columns, for checks that swift-mustache's
/// parser does not expose (names used, sections, partials).
///
/// It follows `{{=<% %>=}}` delimiter changes. It does not render and does not replace swift-mustache's parser:
/// syntax errors are still reported by swift-mustache itself.
struct TemplateScanner {
    enum Kind: Equatable {
        case variable, unescaped, section, invertedSection, closeSection, partial, comment, pragma, delimiters, block
    }

    struct Tag {
        let kind: Kind
        /// The name without transforms (`agent` for `{{uppercased(agent)}}`); the partial's name for partials.
        let name: String
        let transforms: [String]
        let line: Int
        let column: Int
    }

    /// The tags of a file, in order.
    static func tags(in text: String) -> [Tag] {
        let scalars = Array(text.unicodeScalars)
        var tags: [Tag] = []
        var open: [Unicode.Scalar] = Array("{{".unicodeScalars)
        var close: [Unicode.Scalar] = Array("}}".unicodeScalars)
        var index = 0
        var line = 1
        var lineStart = 0

        func matches(_ pattern: [Unicode.Scalar], at position: Int) -> Bool {
            guard position + pattern.count <= scalars.count else { return false }
            for offset in pattern.indices where scalars[position + offset] != pattern[offset] { return false }
            return true
        }

        while index < scalars.count {
            if scalars[index] == "\n" {
                line += 1
                lineStart = index + 1
                index += 1
                continue
            }
            guard matches(open, at: index) else {
                index += 1
                continue
            }
            let tagLine = line
            let tagColumn = index - lineStart + 1
            var bodyStart = index + open.count
            var kindScalar: Unicode.Scalar? = bodyStart < scalars.count ? scalars[bodyStart] : nil
            var closing = close
            if kindScalar == "{", open == Array("{{".unicodeScalars) {
                closing = Array("}".unicodeScalars) + close
            }
            // find the closing delimiter
            var end = bodyStart
            while end < scalars.count, !matches(closing, at: end) {
                if scalars[end] == "\n" {
                    line += 1
                    lineStart = end + 1
                }
                end += 1
            }
            guard end < scalars.count else { break }  // unterminated: swift-mustache reports it
            var body = String(String.UnicodeScalarView(scalars[bodyStart..<end]))
            let kind: Kind
            switch kindScalar {
            case "#": kind = .section
            case "^": kind = .invertedSection
            case "/": kind = .closeSection
            case ">": kind = .partial
            case "!": kind = .comment
            case "%": kind = .pragma
            case "=": kind = .delimiters
            case "{", "&": kind = .unescaped
            case "$", "<": kind = .block
            default:
                kind = .variable
                kindScalar = nil
            }
            if kindScalar != nil {
                body = String(body.unicodeScalars.dropFirst())
                bodyStart += 1
            }
            index = end + closing.count
            if kind == .delimiters {
                let parts = body.trimming(scalars: "= ").split(separator: " ", omittingEmptySubsequences: true)
                if parts.count == 2 {
                    open = Array(parts[0].unicodeScalars)
                    close = Array(parts[1].unicodeScalars)
                }
            }
            let trimmed = body.trimming(scalars: " \t\n")
            let (name, transforms) =
                kind == .partial || kind == .comment || kind == .pragma
                ? (trimmed, []) : splitTransforms(trimmed)
            tags.append(Tag(kind: kind, name: name, transforms: transforms, line: tagLine, column: tagColumn))
        }
        return tags
    }

    /// `uppercased(lowercased(agent))` → (`agent`, [`uppercased`, `lowercased`]).
    static func splitTransforms(_ text: String) -> (String, [String]) {
        var transforms: [String] = []
        var rest = Substring(text)
        while let paren = rest.firstIndex(of: "(") {
            transforms.append(String(rest[..<paren]))
            rest = rest[rest.index(after: paren)...]
        }
        while rest.hasSuffix(")") { rest = rest.dropLast() }
        return (String(rest), transforms)
    }
}

extension String {
    func trimming(scalars set: String) -> String {
        let characters = Set(set.unicodeScalars)
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !characters.contains($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !characters.contains($0) })!
        return String(scalars[first...last])
    }
}
