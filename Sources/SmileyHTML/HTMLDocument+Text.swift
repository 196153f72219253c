internal import CLibXML2

extension HTMLDocument {
    /// The visible text of the document, laid out as plain text.
    ///
    /// Block elements (`p`, `div`, `li`, `tr`, `h1`–`h6`, `blockquote`, …) and `br` become line breaks (paragraphs
    /// a blank line), runs of whitespace collapse to one space, `script`/`style`/`head`/`title` and elements hidden
    /// with `display:none` are left out, entities are decoded, and a link whose text differs from its target is
    /// written `text (href)`. Emoji that mail clients insert as images (`<img data-emoji>` or an emoji `alt`) keep
    /// their character.
    ///
    /// - Parameters:
    ///   - droppingQuotedHistory: when `true`, leave out the earlier messages a mail client quoted below (or
    ///     above) a reply, where the client marks them: Gmail's `gmail_quote`/`gmail_extra`,
    ///     `<blockquote type="cite">` (Apple Mail, Thunderbird), Thunderbird's `moz-cite-prefix`, Outlook's
    ///     `divRplyFwdMsg`/`appendonsend` and its `border-top:solid #E1E1E1` header block (everything from there
    ///     on), Hotmail's `hr#stopSpelling`, Apple's `AppleOriginalContents`, Yahoo's `yahoo_quoted`, and a bare
    ///     `<blockquote>` right after text ending in a colon (an "On … wrote:" line).
    /// - Returns: the text, without leading or trailing whitespace; "" for an empty document.
    public func text(droppingQuotedHistory: Bool = false) -> String {
        guard let storage, let first = storage.pointer.pointee.children else { return "" }
        var renderer = HTMLTextRenderer(droppingQuotedHistory: droppingQuotedHistory)
        renderer.walk(from: first)
        return renderer.finish()
    }
}

/// Turns a libxml2 HTML tree into plain text in one iterative pass (no recursion: mail can nest very deep).
struct HTMLTextRenderer {
    enum Action { case descend, skip, stop }

    let droppingQuotedHistory: Bool
    var output = PlainTextBuffer()
    private var links: [(href: String, start: Int)] = []
    private var preDepth = 0
    private var skipNextBlockquote = false

    init(droppingQuotedHistory: Bool) {
        self.droppingQuotedHistory = droppingQuotedHistory
    }

    mutating func walk(from first: xmlNodePtr) {
        var node: xmlNodePtr? = first
        outer: while let current = node {
            let action = enter(current)
            if action == .stop { break }
            if action == .descend, let child = current.pointee.children {
                node = child
                continue
            }
            if action == .descend { leave(current) }
            var climbing = current
            while true {
                if let next = climbing.pointee.next {
                    node = next
                    continue outer
                }
                guard let parent = climbing.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { break outer }
                leave(parent)
                climbing = parent
            }
        }
    }

    mutating func finish() -> String {
        output.finish()
    }

    private mutating func enter(_ node: xmlNodePtr) -> Action {
        switch node.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            if let content = String(libxml: node.pointee.content) {
                if preDepth > 0 { output.appendPreformatted(content) } else { output.append(content) }
            }
            return .skip
        case XML_ELEMENT_NODE:
            break
        default:
            return .skip
        }
        let name = node.elementName.lowercased()
        if Self.invisible.contains(name) || node.isHiddenByMarkup { return .skip }
        if droppingQuotedHistory {
            let blockquoteAfterCitePrefix = skipNextBlockquote
            skipNextBlockquote = false
            switch QuotedHistoryMarker.classify(node, name: name) {
            case .quoteStartsHere: return .stop
            case .quotedSubtree: return .skip
            case .citePrefix:
                skipNextBlockquote = true
                return .skip
            case nil:
                if blockquoteAfterCitePrefix && name == "blockquote" { return .skip }
                // A bare <blockquote> right after a line ending in a colon ("On … wrote:") is the quote.
                if name == "blockquote", output.lastVisibleByte == UInt8(ascii: ":") { return .skip }
            }
        }
        switch name {
        case "br":
            output.lineBreak()
        case "img":
            if let emoji = node.emojiImageText { output.append(emoji) }
        case "a":
            links.append((href: node.attribute("href") ?? "", start: output.count))
        case "td", "th":
            output.space()
        case "pre":
            output.requestBreaks(2)
            preDepth += 1
        case "li":
            output.requestBreaks(1)
            output.appendMarker(node.listItemMarker)
        default:
            if let breaks = Self.blockBreaks[name] { output.requestBreaks(breaks) }
        }
        return .descend
    }

    private mutating func leave(_ node: xmlNodePtr) {
        let name = node.elementName.lowercased()
        switch name {
        case "a":
            guard let link = links.popLast() else { return }
            let text = output.text(since: link.start)
            if let shown = LinkRendering.suffix(text: text, href: link.href) { output.append(" " + shown) }
        case "pre":
            preDepth = max(0, preDepth - 1)
            output.requestBreaks(2)
        case "td", "th":
            output.space()
        default:
            if let breaks = Self.blockBreaks[name] { output.requestBreaks(breaks) }
        }
    }

    /// Elements whose content is never shown.
    static let invisible: Set<String> = [
        "head", "title", "script", "style", "template", "noscript", "object", "iframe", "svg", "meta", "link",
    ]

    /// How many line breaks surround each block element: 2 is a paragraph (blank line), 1 a new line.
    static let blockBreaks: [String: Int] = {
        var breaks: [String: Int] = [:]
        for name in [
            "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "dl", "table", "figure",
            "address", "fieldset",
        ] {
            breaks[name] = 2
        }
        for name in [
            "div", "li", "tr", "dt", "dd", "section", "article", "header", "footer", "nav", "aside",
            "main", "center", "caption", "hr", "form", "details", "summary", "figcaption", "body",
        ] {
            breaks[name] = 1
        }
        return breaks
    }()
}

/// Decides whether a link's target is worth printing after its text.
enum LinkRendering {
    /// `(href)` when the target says something the text does not; `nil` for same-looking, empty or in-page links.
    static func suffix(text: String, href rawHref: String) -> String? {
        let href = rawHref.trimmingWhitespaceAtEnds()
        let lowered = href.lowercased()
        if href.isEmpty || lowered.hasPrefix("#") || lowered.hasPrefix("javascript:") { return nil }
        let shownText = text.trimmingWhitespaceAtEnds()
        if shownText.isEmpty { return nil }
        if normalized(shownText) == normalized(href) { return nil }
        return "(\(href))"
    }

    private static func normalized(_ value: String) -> String {
        var result = Substring(value.lowercased())
        for scheme in ["mailto:", "https://", "http://", "tel:"] where result.hasPrefix(scheme) {
            result = result.dropFirst(scheme.count)
        }
        while result.hasSuffix("/") { result = result.dropLast() }
        return String(result)
    }
}

extension UnsafeMutablePointer where Pointee == xmlNode {
    /// `true` for `hidden` elements and inline `display:none` (pre-headers, tracking blocks).
    var isHiddenByMarkup: Bool {
        if LibXML.api.xmlHasProp(self, "hidden") != nil { return true }
        guard let style = attribute("style") else { return false }
        let compact = style.lowercasedWithoutWhitespace()
        return compact.contains("display:none") || compact.contains("visibility:hidden")
    }

    /// The emoji an `<img>` stands for, when a client inserted an emoji as a picture (Gmail: `data-emoji`).
    var emojiImageText: String? {
        if let emoji = attribute("data-emoji"), !emoji.isEmpty { return emoji }
        guard let alt = attribute("alt")?.trimmingWhitespaceAtEnds(), !alt.isEmpty, alt.count <= 4 else { return nil }
        let allEmoji = alt.unicodeScalars.allSatisfy {
            $0.properties.isEmojiPresentation || $0.properties.isEmojiModifier || $0.value == 0xFE0F
                || $0.value == 0x200D || ($0.properties.isEmoji && $0.value > 0xFF)
        }
        return allEmoji ? alt : nil
    }

    /// "- " for an unordered list item, "3. " for the third item of an ordered list.
    var listItemMarker: String {
        guard let parent = pointee.parent, parent.elementName.lowercased() == "ol" else { return "- " }
        var index = 1
        var sibling = pointee.prev
        while let current = sibling {
            if current.isElement && current.elementName.lowercased() == "li" { index += 1 }
            sibling = current.pointee.prev
        }
        return "\(index). "
    }
}
