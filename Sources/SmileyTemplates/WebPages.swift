public import SmileyCore

/// The pages of Smiley's web side.
///
/// Each page is the template `web/<file>.html.mustache` of a template set (see ``templateFile``), rendered by
/// ``WebPageRenderer`` and checked by ``TemplateChecker`` like the email; an override folder can replace any one
/// of them.
public enum WebPageKind: String, Sendable, CaseIterable {
    /// `GET /r/{token}/{rating}`: thanks, the chosen rating, links to the other ratings (`href="{code}"`), the
    /// comment form (`POST comment`) and the script that confirms the rating once a person interacts.
    case rated
    /// After `POST /r/{token}/comment`: thanks for the comment.
    case commentSaved
    /// An expired, forged or unknown link: says what to do instead (reply to the email).
    case linkInvalid
    /// `GET /u/{token}`: one button that posts the unsubscription; the `GET` alone changes nothing.
    case unsubscribe
    /// After the unsubscription was posted: no more surveys.
    case unsubscribed

    /// The page's template inside a set, e.g. `web/comment-saved.html.mustache`.
    public var templateFile: String { templateName + TemplateSet.fileExtension }

    /// The page's name as registered with swift-mustache (the file name without `.mustache`).
    var templateName: String {
        switch self {
        case .rated: "web/rated.html"
        case .commentSaved: "web/comment-saved.html"
        case .linkInvalid: "web/link-invalid.html"
        case .unsubscribe: "web/unsubscribe.html"
        case .unsubscribed: "web/unsubscribed.html"
        }
    }
}

/// Per-request values of a page. The server's values are ASCII, but every one is HTML-escaped all the same.
public struct WebPageValues: Sendable {
    /// The 40-character base64url rating token of the link (``RatingToken/encodedLength``).
    public var token: String
    /// The survey's rating scale: which ratings the rated page offers.
    public var scale: RatingScale
    /// The chosen rating's code (`positive`/`neutral`/`negative`, `1`…`5`, `0`…`10`), for the rated page (and
    /// optionally the comment-saved page); `nil` or a code the scale lacks shows every rating as a choice.
    public var rating: String?
    /// The anti-CSRF value for this token (hex); every form carries it as the hidden field `form`.
    public var formValue: String
    /// The CSP nonce of the page's one inline `<script>` (`script-src 'nonce-…'`).
    public var nonce: String
    /// For ``WebPageKind/linkInvalid`` only: `expired` or `invalid` (`nil` reads as `invalid`).
    public var reason: String?

    /// Creates the values of one request.
    /// - Parameters:
    ///   - token: the link's rating token.
    ///   - scale: the survey's scale.
    ///   - rating: the chosen rating's code, if any.
    ///   - formValue: the anti-CSRF value of the forms.
    ///   - nonce: the CSP nonce of the inline script.
    ///   - reason: why a link is invalid (`expired` or `invalid`), for ``WebPageKind/linkInvalid``.
    public init(
        token: String,
        scale: RatingScale,
        rating: String? = nil,
        formValue: String,
        nonce: String,
        reason: String? = nil
    ) {
        self.token = token
        self.scale = scale
        self.rating = rating
        self.formValue = formValue
        self.nonce = nonce
        self.reason = reason
    }
}
