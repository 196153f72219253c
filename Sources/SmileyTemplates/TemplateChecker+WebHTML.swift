import Foundation
import SmileyCore
import SmileyHTML

extension TemplateChecker {
    /// One rendered web page: HTML that libxml2 parses cleanly, `<html lang>`, nothing the pages'
    /// Content-Security-Policy (`default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-…';
    /// form-action 'self'; img-src data:; connect-src 'self'`) would block, and the fields the server needs.
    static func checkWebPage(
        _ html: String,
        page: WebPageKind,
        values: WebPageValues,
        locale: String,
        file: String,
        into findings: inout Findings
    ) {
        let place =
            "(\(page.rawValue), \(values.scale.rawValue), \(locale)"
            + (values.rating.map { ", rating \($0)" } ?? "") + (values.reason.map { ", \($0)" } ?? "") + ")"
        let document = HTMLDocument(parsing: html)
        for diagnostic in document.diagnostics where !isHTML5ElementComplaint(diagnostic.message) {
            let message =
                "libxml2 reports at line \(diagnostic.line), column \(diagnostic.column) of the rendered page: \(diagnostic.message) \(place)"
            if diagnostic.isError { findings.error(file, 0, 0, message) } else { findings.warning(file, 0, 0, message) }
        }
        if document.elements(named: "html").first?.attributes["lang"] != locale {
            findings.error(file, 0, 0, "the page has no <html lang=\"{{locale}}\"> \(place)")
        }
        // Resources: only data: URIs load under img-src data: and default-src 'none'.
        let loaders = [
            ("img", "src"), ("script", "src"), ("link", "href"), ("iframe", "src"), ("frame", "src"), ("embed", "src"),
            ("object", "data"), ("video", "src"), ("audio", "src"), ("source", "src"), ("input", "src"),
            ("track", "src"),
        ]
        for (element, attribute) in loaders {
            for found in document.elements(named: element) {
                guard let value = found.attributes[attribute], !value.lowercased().hasPrefix("data:") else { continue }
                findings.error(
                    file,
                    0,
                    0,
                    "<\(element) \(attribute)=\"\(value.prefix(60))\"> (line \(found.line) of the rendered page) loads a resource, which the pages' Content-Security-Policy blocks; inline it as a data: URI (images) or in the page \(place)"
                )
            }
        }
        for image in document.elements(named: "img") where image.attributes["alt"] == nil {
            findings.error(
                file,
                0,
                0,
                "an <img> (line \(image.line) of the rendered page) has no alt attribute; use alt=\"\" for a decorative image \(place)"
            )
        }
        let lowered = html.lowercased()
        if lowered.contains("@import")
            || lowered.range(of: #"url\(\s*['"]?(?!data:)"#, options: .regularExpression) != nil
        {
            findings.error(
                file,
                0,
                0,
                "the page's CSS loads a resource (url(…) or @import), which the CSP blocks \(place)"
            )
        }
        if let handler = lowered.range(of: #"<[a-z][^>]*\son[a-z]+\s*="#, options: .regularExpression) {
            findings.error(
                file,
                0,
                0,
                "an inline event handler ('\(html[handler].suffix(24))…') never runs under the pages' CSP; use the page's <script nonce=\"{{nonce}}\"> \(place)"
            )
        }
        let scripts = blocks("script", in: html)
        for script in scripts where script.attributes["nonce"] != values.nonce {
            findings.error(
                file,
                0,
                0,
                "a <script> without nonce=\"{{nonce}}\" is blocked by the pages' CSP \(place)"
            )
        }
        let forms = blocks("form", in: html)
        for form in forms {
            let action = form.attributes["action"] ?? ""
            if action.contains("://") || action.hasPrefix("//") || action.lowercased().hasPrefix("javascript:") {
                findings.error(
                    file,
                    0,
                    0,
                    "a form posts to '\(action)', which form-action 'self' blocks; keep the relative action \(place)"
                )
            }
        }
        switch page {
        case .rated:
            checkRatedPage(
                values: values,
                forms: forms,
                scripts: scripts,
                document: document,
                file: file,
                place: place,
                into: &findings
            )
        case .unsubscribe:
            let wanted = forms.first {
                $0.attributes["action"] == values.token && $0.attributes["method"]?.lowercased() == "post"
            }
            guard let form = wanted else {
                findings.error(
                    file,
                    0,
                    0,
                    "the page has no <form method=\"post\" action=\"{{token}}\">: the unsubscription cannot be sent \(place)"
                )
                return
            }
            requireInput("List-Unsubscribe", "One-Click", in: form, file: file, place: place, into: &findings)
            requireInput("form", values.formValue, in: form, file: file, place: place, into: &findings)
        case .commentSaved, .linkInvalid, .unsubscribed:
            break
        }
    }

    /// HTML5's elements that libxml2's HTML 4 parser calls invalid (`Tag main invalid`), though browsers know them.
    static let html5Elements: Set<String> = [
        "main", "nav", "header", "footer", "section", "article", "aside", "figure", "figcaption", "mark", "time",
        "details", "summary", "dialog", "output", "progress", "meter", "picture", "template", "svg", "path",
    ]

    /// Whether a libxml2 complaint is only about an HTML5 element.
    static func isHTML5ElementComplaint(_ message: String) -> Bool {
        guard message.hasPrefix("Tag "), message.hasSuffix(" invalid") else { return false }
        return html5Elements.contains(String(message.dropFirst(4).dropLast(8)).lowercased())
    }

    private static func checkRatedPage(
        values: WebPageValues,
        forms: [Block],
        scripts: [Block],
        document: HTMLDocument,
        file: String,
        place: String,
        into findings: inout Findings
    ) {
        if let form = forms.first(where: {
            $0.attributes["action"] == "comment" && $0.attributes["method"]?.lowercased() == "post"
        }) {
            requireInput("form", values.formValue, in: form, file: file, place: place, into: &findings)
            requireInput("rating", values.rating ?? "", in: form, file: file, place: place, into: &findings)
            let textarea = form.document.elements(named: "textarea").first { $0.attributes["name"] == "comment" }
            if textarea == nil {
                findings.error(file, 0, 0, "the comment form has no <textarea name=\"comment\"> \(place)")
            } else if textarea?.attributes["maxlength"] == nil {
                findings.warning(
                    file,
                    0,
                    0,
                    "the comment <textarea> has no maxlength; the server refuses comments over 5000 characters \(place)"
                )
            }
        } else {
            findings.error(
                file,
                0,
                0,
                "the page has no <form method=\"post\" action=\"comment\">: people cannot leave a comment \(place)"
            )
        }
        let confirms = scripts.contains {
            $0.attributes["nonce"] == values.nonce && $0.body.contains("fetch(")
                && ($0.body.contains("\"confirm\"") || $0.body.contains("'confirm'"))
        }
        if !confirms {
            findings.error(
                file,
                0,
                0,
                "the page has no <script nonce=\"{{nonce}}\"> that posts to \"confirm\" with fetch(…): clicks are never confirmed as a person's \(place)"
            )
        }
        let links = Set(document.elements(named: "a").compactMap { $0.attributes["href"] })
        for rating in values.scale.ratingsForDisplay where rating.code != values.rating && !links.contains(rating.code)
        {
            findings.error(
                file,
                0,
                0,
                "the page has no link href=\"\(rating.code)\" to change the rating to '\(rating.code)' \(place)"
            )
        }
    }

    private static func requireInput(
        _ name: String,
        _ value: String,
        in form: Block,
        file: String,
        place: String,
        into findings: inout Findings
    ) {
        let input = form.document.elements(named: "input").first { $0.attributes["name"] == name }
        guard let input else {
            findings.error(
                file,
                0,
                0,
                "the form (action=\"\(form.attributes["action"] ?? "")\") has no input name=\"\(name)\" \(place)"
            )
            return
        }
        if input.attributes["value"] != value {
            findings.error(
                file,
                0,
                0,
                "the input name=\"\(name)\" of the form (action=\"\(form.attributes["action"] ?? "")\") has value \"\(input.attributes["value"] ?? "")\" instead of \"\(value)\" \(place)"
            )
        }
    }

    /// One `<form>…</form>` or `<script>…</script>` of a rendered page: its start tag's attributes, the text up to
    /// its end tag, and that stretch parsed on its own (to find what the element holds).
    struct Block {
        let attributes: [String: String]
        let body: String
        let document: HTMLDocument
    }

    /// The `name` elements of a page, read from the text (their contents, unlike the element list, are kept).
    static func blocks(_ name: String, in html: String) -> [Block] {
        var found: [Block] = []
        var rest = html[...]
        while let start = rest.range(of: "<" + name, options: .caseInsensitive) {
            let after = rest[start.upperBound...]
            guard let next = after.first, next == ">" || next == " " || next == "\n" || next == "\t" else {
                rest = after
                continue
            }
            let end = after.range(of: "</" + name, options: .caseInsensitive)
            let stretch = rest[start.lowerBound..<(end?.lowerBound ?? rest.endIndex)]
            let document = HTMLDocument(parsing: String(stretch), diagnosticLimit: 0)
            let attributes = document.elements(named: name).first?.attributes ?? [:]
            let body = stretch.firstIndex(of: ">").map { String(stretch[stretch.index(after: $0)...]) } ?? ""
            found.append(Block(attributes: attributes, body: body, document: document))
            rest = rest[(end?.upperBound ?? rest.endIndex)...]
        }
        return found
    }
}
