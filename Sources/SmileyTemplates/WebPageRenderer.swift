import Foundation
import Mustache
public import SmileyCore

/// Renders the web pages of a template set (``WebPageKind``) for `smiley serve`.
///
/// Every page is rendered by swift-mustache once per locale × scale × variant in `init` (a variant is the chosen
/// rating of the rated and comment-saved pages, or the reason of the invalid-link page), with placeholder markers
/// in place of the per-request values (`token`, `form`, `nonce`, `rating`), and cut at the markers. A request is
/// then only the concatenation of those chunks with its HTML-escaped values: no Mustache at request time.
///
/// Templates: `web/<page>.html.mustache` and `web/partials/*.html.mustache` of the set (override folder first,
/// file by file); words: the `"web"` object of `locales/<lang>.json`; rating labels: its `"ratings"`; the smiley
/// images: `images/<code>.png`, inlined as `data:` URIs.
public struct WebPageRenderer: Sendable {
    /// The locales found (sorted).
    public let locales: [String]

    let templates: TemplateSet
    let models: [WebPageModel]
    let images: [String: String]
    private let localeIndex: [String: Int]
    /// Lower-cased locale name → locale name, for ``negotiateLocale(acceptLanguage:fallback:)``.
    private let lowercasedLocales: [String: String]
    private let fallbackIndex: Int
    /// By locale, page, scale and variant (see ``variants(of:scale:)``).
    private let pages: [[[[CompiledWebPage]]]]

    /// Loads and compiles every page for every locale the set has, once.
    /// - Parameters:
    ///   - library: where the template sets are (override folder first).
    ///   - templateSet: the set's folder name, e.g. `default`.
    /// - Throws: ``TemplateError`` naming the file, line and what to do: a missing page, a Mustache syntax error,
    ///   an unreadable locale file, a transform applied to a per-request value.
    public init(library: TemplateLibrary, templateSet: String) throws(TemplateError) {
        let templates = try TemplateSet(library: library, name: templateSet, web: true)
        for page in WebPageKind.allCases where templates.files[page.templateName] == nil {
            throw TemplateError(
                file: page.templateFile,
                message: "the template set '\(templateSet)' has no web page '\(page.templateFile)'",
                remedy: "Copy it from Smiley's built-in templates/default/\(page.templateFile) into the set"
            )
        }
        for (_, file) in templates.files.sorted(by: { $0.key < $1.key }) {
            if let problem = WebPageAnalysis.transformsOnPerRequestValues(in: file.text).first {
                throw TemplateError(
                    file: file.path,
                    line: problem.line,
                    column: problem.column,
                    message: problem.message,
                    remedy: "Remove the transform; per-request values are filled in as they are"
                )
            }
        }
        let locales = LocaleWords.availableLocales(library: library, templateSet: templateSet)
        guard let fallbackIndex = locales.firstIndex(of: LocaleWords.fallbackLocale) else {
            throw TemplateError(
                file: "locales/\(LocaleWords.fallbackLocale).json",
                message:
                    "the template set '\(templateSet)' has no English locale file; every other locale falls back to it",
                remedy: "Add locales/en.json (copy Smiley's built-in one)"
            )
        }
        var models: [WebPageModel] = []
        for locale in locales {
            models.append(try WebPageModel.load(library: library, templateSet: templateSet, locale: locale))
        }
        var images: [String: String] = [:]
        for rating in RatingScale.smiley.ratingsForDisplay {
            if let (_, data) = try library.data(of: "images/\(rating.code).png", inSet: templateSet) {
                images[rating.code] = "data:image/png;base64," + Data(data).base64EncodedString()
            }
        }
        self.locales = locales
        self.templates = templates
        self.models = models
        self.images = images
        self.localeIndex = Dictionary(uniqueKeysWithValues: locales.enumerated().map { ($1, $0) })
        self.fallbackIndex = fallbackIndex
        self.lowercasedLocales = Dictionary(locales.map { ($0.lowercased(), $0) }) { first, _ in first }
        var pages: [[[[CompiledWebPage]]]] = []
        for (index, locale) in locales.enumerated() {
            var byPage: [[[CompiledWebPage]]] = []
            for page in WebPageKind.allCases {
                var byScale: [[CompiledWebPage]] = []
                for scale in RatingScale.allCases {
                    var byVariant: [CompiledWebPage] = []
                    for variant in Self.variants(of: page, scale: scale) {
                        let context = Self.context(
                            models[index],
                            images,
                            locale,
                            page,
                            scale,
                            variant,
                            slot: CompiledWebPage.marker
                        )
                        let output = templates.library.render(context, withTemplate: page.templateName) ?? ""
                        guard let compiled = CompiledWebPage.parse(output) else {
                            throw TemplateError(
                                file: templates.path(of: page.templateName),
                                message:
                                    "the page alters a per-request value (token, form, nonce, rating) or holds a private-use character U+E000–U+E002",
                                remedy:
                                    "Write those values as {{token}}, {{form}}, {{nonce}}, {{rating}}, without transforms"
                            )
                        }
                        byVariant.append(compiled)
                    }
                    byScale.append(byVariant)
                }
                byPage.append(byScale)
            }
            pages.append(byPage)
        }
        self.pages = pages
    }

    /// Renders a page; an unknown locale falls back to `en`.
    /// - Parameters:
    ///   - page: which page.
    ///   - locale: the language, e.g. from ``negotiateLocale(acceptLanguage:fallback:)``.
    ///   - values: the request's values; each is HTML-escaped.
    /// - Returns: the whole HTML document.
    public func render(_ page: WebPageKind, locale: String, values: WebPageValues) -> String {
        let localeAt = localeIndex[locale] ?? fallbackIndex
        let variant: Int
        switch page {
        case .rated, .commentSaved:
            if let rating = values.rating,
                let position = values.scale.ratingsForDisplay.firstIndex(where: { $0.code == rating })
            {
                variant = position + 1
            } else {
                variant = 0
            }
        case .linkInvalid:
            variant = values.reason == "expired" ? 1 : 0
        case .unsubscribe, .unsubscribed:
            variant = 0
        }
        return pages[localeAt][Self.index(of: page)][Self.index(of: values.scale)][variant].render(values)
    }

    /// Picks the best of ``locales`` for an `Accept-Language` header value: the highest q-value wins (the first
    /// on a tie), a language with a region (`de-CH`) matches its language (`de`), `q=0` and unknown languages are
    /// skipped.
    /// - Parameters:
    ///   - acceptLanguage: the header's value, e.g. `de-CH,de;q=0.9,en;q=0.8`, or `nil`.
    ///   - fallback: what to return when nothing matches (or for `*`).
    public func negotiateLocale(acceptLanguage: String?, fallback: String) -> String {
        guard let header = acceptLanguage, header.utf8.count <= 4096 else { return fallback }
        var best: (quality: Double, locale: String)?
        // Bytes, not Foundation: this runs for every request.
        for entry in header.utf8.split(separator: UInt8(ascii: ","), maxSplits: 64) {
            let pieces = entry.split(separator: UInt8(ascii: ";"))
            guard let first = pieces.first else { continue }
            var tag: [UInt8] = []
            for byte in first where byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") {
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): tag.append(byte + 32)
                case UInt8(ascii: "_"): tag.append(UInt8(ascii: "-"))
                default: tag.append(byte)
                }
            }
            var quality = 1.0
            for parameter in pieces.dropFirst() {
                let trimmed = parameter.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
                guard trimmed.count >= 2, trimmed.first == UInt8(ascii: "q") || trimmed.first == UInt8(ascii: "Q"),
                    trimmed.dropFirst().first == UInt8(ascii: "=")
                else { continue }
                let number = String(decoding: trimmed.dropFirst(2), as: UTF8.self)
                quality = Double(number.trimmingTrailingSpaces()).map { min(max($0, 0), 1) } ?? 0
            }
            guard quality > 0, quality > (best?.quality ?? 0), !tag.isEmpty else { continue }
            if tag == [UInt8(ascii: "*")] {
                best = (quality, fallback)
            } else if let match = lowercasedLocales[String(decoding: tag, as: UTF8.self)] {
                best = (quality, match)
            } else if let dash = tag.firstIndex(of: UInt8(ascii: "-")),
                let match = lowercasedLocales[String(decoding: tag[..<dash], as: UTF8.self)]
            {
                best = (quality, match)
            }
        }
        return best?.locale ?? fallback
    }

    /// Renders with swift-mustache directly, with the values in place of the markers: the reference the compiled
    /// pages are tested against (identical for the ASCII values the server passes).
    func referenceRender(_ page: WebPageKind, locale: String, values: WebPageValues) -> String {
        let localeAt = localeIndex[locale] ?? fallbackIndex
        let variant: String?
        switch page {
        case .rated, .commentSaved:
            variant = values.scale.ratingsForDisplay.contains { $0.code == values.rating } ? values.rating : nil
        case .linkInvalid: variant = values.reason == "expired" ? "expired" : nil
        case .unsubscribe, .unsubscribed: variant = nil
        }
        let context = Self.context(
            models[localeAt],
            images,
            locales[localeAt],
            page,
            values.scale,
            variant
        ) { name in CompiledWebPage.value(of: name, in: values) }
        return templates.library.render(context, withTemplate: page.templateName) ?? ""
    }

    /// The variants a page is compiled in: `nil` first (no chosen rating; an invalid link), then each rating code
    /// (rated, comment saved) or `expired` (invalid link).
    static func variants(of page: WebPageKind, scale: RatingScale) -> [String?] {
        switch page {
        case .rated, .commentSaved: [nil] + scale.ratingsForDisplay.map(\.code)
        case .linkInvalid: [nil, "expired"]
        case .unsubscribe, .unsubscribed: [nil]
        }
    }

    private static func context(
        _ model: WebPageModel,
        _ images: [String: String],
        _ locale: String,
        _ page: WebPageKind,
        _ scale: RatingScale,
        _ variant: String?,
        slot: (String) -> String
    ) -> [String: Any] {
        let isRating = page == .rated || page == .commentSaved
        return model.context(
            locale: locale,
            scale: scale,
            chosen: isRating ? variant : nil,
            reason: page == .linkInvalid ? variant : nil,
            images: images,
            slot: slot
        )
    }

    private static func index(of page: WebPageKind) -> Int {
        switch page {
        case .rated: 0
        case .commentSaved: 1
        case .linkInvalid: 2
        case .unsubscribe: 3
        case .unsubscribed: 4
        }
    }

    private static func index(of scale: RatingScale) -> Int {
        switch scale {
        case .smiley: 0
        case .csat5: 1
        case .nps: 2
        }
    }
}

extension String {
    /// The text without trailing spaces and tabs.
    fileprivate func trimmingTrailingSpaces() -> Substring {
        var end = endIndex
        while end > startIndex, self[index(before: end)] == " " || self[index(before: end)] == "\t" {
            end = index(before: end)
        }
        return self[..<end]
    }
}
