import SmileyHTML
import SmileyMIME

/// The bodies of one message, each decoded — and the HTML body parsed and rendered — at most once, however
/// often classification and reply extraction ask for them.
struct MessageBodies {
    /// The message the bodies come from.
    let message: ParsedMessage

    /// Creates the (still empty) cache for a message.
    init(_ message: ParsedMessage) {
        self.message = message
    }

    /// ``ParsedMessage/textBody``.
    private(set) lazy var text: String? = message.textBody

    /// ``ParsedMessage/htmlBody``.
    private(set) lazy var html: String? = message.htmlBody

    /// The HTML body parsed, when there is one.
    private(set) lazy var htmlDocument: HTMLDocument? = html.map { HTMLDocument(parsing: $0, diagnosticLimit: 0) }

    /// The HTML body's text (``HTMLDocument/text(droppingQuotedHistory:)`` keeping the quoted history).
    private(set) lazy var htmlText: String? = htmlDocument?.text()
}
