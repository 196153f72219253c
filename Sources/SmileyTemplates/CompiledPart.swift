/// One part of a survey (subject, preheader, HTML or text) compiled for a survey, a locale and a
/// ``PresenceKey``: static text chunks with recipient values between them.
///
/// It is made by rendering the templates once with swift-mustache, with a placeholder marker in place of each
/// recipient value, and cutting the output at the markers. Rendering a recipient is then only concatenation,
/// and gives the same bytes swift-mustache would (see ``HTMLEscaping`` for the one deliberate difference).
struct CompiledPart: Sendable {
    struct Slot: Sendable {
        let field: RecipientField
        /// Whether the template wrote `{{x}}` in HTML mode (escaped) rather than `{{{x}}}`, `{{&x}}` or text mode.
        let escaped: Bool
    }

    /// `chunks.count == slots.count + 1`.
    let chunks: [String]
    let slots: [Slot]
    private let staticBytes: Int

    init(chunks: [String], slots: [Slot]) {
        self.chunks = chunks
        self.slots = slots
        self.staticBytes = chunks.reduce(0) { $0 + $1.utf8.count }
    }

    /// The part for one recipient.
    func render(_ values: RecipientValues) -> String {
        var output = ""
        output.reserveCapacity(staticBytes + slots.count * 64)
        output += chunks[0]
        for index in slots.indices {
            let slot = slots[index]
            if let value = values.value(slot.field) {
                if slot.escaped { HTMLEscaping.append(value, to: &output) } else { output += value }
            }
            output += chunks[index + 1]
        }
        return output
    }

    // MARK: markers

    static let markerStart: Unicode.Scalar = "\u{E000}"
    static let markerMiddle: Unicode.Scalar = "\u{E001}"
    static let markerEnd: Unicode.Scalar = "\u{E002}"

    /// The placeholder for a field. The `&` inside tells afterwards whether swift-mustache escaped it.
    static func marker(_ field: RecipientField) -> String {
        "\u{E000}\(field.key)\u{E001}&\u{E002}"
    }

    /// Cuts a marker-rendered output into chunks and slots.
    /// - Returns: `nil` when a marker was altered (a transform such as `uppercased` applied to a recipient value),
    ///   or a private-use character U+E000–U+E002 appears outside a marker.
    static func parse(_ rendered: String) -> CompiledPart? {
        guard let (chunks, markers) = cut(rendered) else { return nil }
        var slots: [Slot] = []
        for marker in markers {
            guard let field = RecipientField(key: Substring(marker.key)) else { return nil }
            slots.append(Slot(field: field, escaped: marker.escaped))
        }
        return CompiledPart(chunks: chunks, slots: slots)
    }

    /// Cuts an output rendered with markers (``marker(_:)``, ``CompiledWebPage/marker(_:)``) at the markers: the
    /// text between them, and each marker's key and whether swift-mustache escaped it (`&` came out as `&amp;`).
    /// - Returns: `nil` when a marker is not whole (a transform changed it) or a private-use character
    ///   U+E000–U+E002 appears outside one.
    static func cut(_ rendered: String) -> (chunks: [String], markers: [(key: String, escaped: Bool)])? {
        var chunks: [String] = []
        var markers: [(key: String, escaped: Bool)] = []
        var current = String.UnicodeScalarView()
        var scalars = rendered.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            if scalar == markerMiddle || scalar == markerEnd { return nil }
            guard scalar == markerStart else {
                current.append(scalar)
                continue
            }
            var key = String.UnicodeScalarView()
            var inner = String.UnicodeScalarView()
            var sawMiddle = false
            var closed = false
            while let next = scalars.next() {
                if next == markerEnd {
                    closed = true
                    break
                }
                if next == markerStart { return nil }
                if next == markerMiddle {
                    guard !sawMiddle else { return nil }
                    sawMiddle = true
                    continue
                }
                if sawMiddle { inner.append(next) } else { key.append(next) }
            }
            let innerText = String(inner)
            guard closed, sawMiddle, innerText == "&" || innerText == "&amp;" else { return nil }
            chunks.append(String(current))
            current = String.UnicodeScalarView()
            markers.append((String(key), innerText == "&amp;"))
        }
        chunks.append(String(current))
        return (chunks, markers)
    }
}
