internal import CLibXML2

/// Where mail clients mark the quoted history of a reply in HTML.
enum QuotedHistoryMarker {
    /// The quote starts at this element and runs to the end of the document (Outlook-style clients put the
    /// earlier message after a header block, not inside one element).
    case quoteStartsHere
    /// This element, and only it, holds quoted history.
    case quotedSubtree
    /// Thunderbird's "On … wrote:" line; the `<blockquote>` after it is the quote.
    case citePrefix

    static func classify(_ node: xmlNodePtr, name: String) -> QuotedHistoryMarker? {
        let id = node.attribute("id")?.lowercased() ?? ""
        switch id {
        case "divrplyfwdmsg", "appendonsend", "mail-editor-reference-message-container", "x_divrplyfwdmsg":
            return .quoteStartsHere
        case "stopspelling" where name == "hr":
            return .quoteStartsHere
        default:
            break
        }
        if id.hasPrefix("yahoo_quoted") || id == "appleoriginalcontents" || id == "isforwardcontent" {
            return .quotedSubtree
        }
        let classes = node.classTokens
        if classes.contains("moz-cite-prefix") { return .citePrefix }
        if classes.contains(where: { quotedClasses.contains(String($0)) }) { return .quotedSubtree }
        if name == "blockquote", node.attribute("type")?.lowercased() == "cite" { return .quotedSubtree }
        if name == "div" || name == "p", let style = node.attribute("style"), isOutlookHeaderSeparator(style) {
            return .quoteStartsHere
        }
        return nil
    }

    /// Class names (lower case) whose element is the quoted earlier message.
    static let quotedClasses: Set<String> = [
        "gmail_quote", "gmail_quote_container", "gmail_extra", "yahoo_quoted", "appleoriginalcontents",
        "protonmail_quote", "moz-forward-container", "zmail_extra",
    ]

    /// Outlook desktop opens the quoted message with a `div` whose top border is the grey separator line:
    /// `border:none;border-top:solid #E1E1E1 1.0pt` (older versions: `#B5C4DF`).
    static func isOutlookHeaderSeparator(_ style: String) -> Bool {
        let compact = style.lowercasedWithoutWhitespace()
        return compact.contains("border-top:solid#e1e1e1") || compact.contains("border-top:solid#b5c4df")
    }
}
