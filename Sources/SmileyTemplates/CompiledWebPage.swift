/// One web page compiled for a locale, scale and variant: static chunks with the per-request values between them
/// (the same technique as ``CompiledPart``, with the page's own four values).
struct CompiledWebPage: Sendable {
    enum Slot: Sendable {
        case token, form, nonce, rating
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

    /// The page for one request; every value HTML-escaped, whatever the template wrote.
    func render(_ values: WebPageValues) -> String {
        var output = ""
        output.reserveCapacity(staticBytes + slots.count * 48)
        output += chunks[0]
        for index in slots.indices {
            switch slots[index] {
            case .token: HTMLEscaping.append(values.token, to: &output)
            case .form: HTMLEscaping.append(values.formValue, to: &output)
            case .nonce: HTMLEscaping.append(values.nonce, to: &output)
            case .rating: if let rating = values.rating { HTMLEscaping.append(rating, to: &output) }
            }
            output += chunks[index + 1]
        }
        return output
    }

    /// A per-request value by its template name (`token`, `form`, `nonce`, `rating`), for reference rendering.
    static func value(of name: String, in values: WebPageValues) -> String {
        switch name {
        case "token": values.token
        case "form": values.formValue
        case "nonce": values.nonce
        default: values.rating ?? ""
        }
    }

    /// The placeholder for a per-request value, as ``CompiledPart/marker(_:)`` makes them.
    static func marker(_ name: String) -> String {
        "\u{E000}\(name)\u{E001}&\u{E002}"
    }

    /// Cuts a marker-rendered page into chunks and slots.
    /// - Returns: `nil` when a marker was altered (a transform applied to a value) or a private-use character
    ///   U+E000–U+E002 appears outside a marker.
    static func parse(_ rendered: String) -> CompiledWebPage? {
        guard let (chunks, markers) = CompiledPart.cut(rendered) else { return nil }
        var slots: [Slot] = []
        for marker in markers {
            switch marker.key {
            case "token": slots.append(.token)
            case "form": slots.append(.form)
            case "nonce": slots.append(.nonce)
            case "rating": slots.append(.rating)
            default: return nil
            }
        }
        return CompiledWebPage(chunks: chunks, slots: slots)
    }
}
