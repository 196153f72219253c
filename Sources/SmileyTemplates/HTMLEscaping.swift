/// HTML escaping of recipient values, with swift-mustache's replacements for `{{x}}`.
///
/// `&` → `&amp;`, `<` → `&lt;`, `>` → `&gt;`, `"` → `&quot;`, `'` → `&#39;` (swift-mustache 2.1.1, `String.swift`).
///
/// One deliberate difference: swift-mustache compares whole `Character`s (grapheme clusters), so a `"` followed
/// by a combining mark or a zero-width joiner (`"\u{301}`) is one character that is *not* `"`, and is left
/// unescaped, which ends an HTML attribute early. This function escapes every such Unicode scalar, so a
/// recipient value can never break out of an attribute. For all other text the output is byte-identical.
public enum HTMLEscaping {
    /// The escaped form of `text`.
    public static func escape(_ text: String) -> String {
        var output = ""
        append(text, to: &output)
        return output
    }

    /// Appends the escaped form of `text` to `output`.
    public static func append(_ text: String, to output: inout String) {
        let bytes = text.utf8
        guard bytes.contains(where: needsEscape) else {
            output += text
            return
        }
        // The five characters are ASCII, and ASCII bytes never occur inside a multi-byte UTF-8 sequence,
        // so working on bytes is working on Unicode scalars.
        var runStart = bytes.startIndex
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if needsEscape(byte) {
                output += text[runStart..<index]
                switch byte {
                case UInt8(ascii: "&"): output += "&amp;"
                case UInt8(ascii: "<"): output += "&lt;"
                case UInt8(ascii: ">"): output += "&gt;"
                case UInt8(ascii: "\""): output += "&quot;"
                default: output += "&#39;"
                }
                runStart = bytes.index(after: index)
            }
            index = bytes.index(after: index)
        }
        output += text[runStart..<bytes.endIndex]
    }

    @inline(__always)
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }
}
