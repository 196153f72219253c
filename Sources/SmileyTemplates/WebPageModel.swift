import SmileyCore

/// What the web page templates see: the words, the scale's ratings with their labels, colours and images, the
/// chosen rating, and markers for the per-request values (see ``WebPageRenderer``).
///
/// Names: `t.*` (the `"web"` words of the locale file, English filling gaps), `locale`, `scale.name`,
/// `scale.smiley` / `scale.csat5` / `scale.nps` (true for the page's scale), `ratings` (every rating, best
/// first), `chosen` (the chosen rating, absent when none), `others` (every rating but the chosen one), each entry
/// with `code`, `label`, `value`, `sentiment`, `color`, `image` (smiley scale: a `data:` URI) and `chosen`;
/// `expired` / `invalid` (why a link is invalid); and the per-request `token`, `form`, `nonce` and `rating`.
struct WebPageModel: Sendable {
    /// The words of one locale, English filling every gap.
    let words: [String: String]
    /// Labels per scale name and rating code, English filling gaps.
    let labels: [String: [String: String]]

    /// The names a template may use at the top level, and under each object (`nil`: checked elsewhere).
    static let knownNames: [String: Set<String>?] = [
        "t": nil, "locale": [], "scale": ["name", "smiley", "csat5", "nps"],
        "ratings": [], "others": [], "chosen": entryKeys, "expired": [], "invalid": [],
        "token": [], "form": [], "nonce": [], "rating": [],
    ]

    /// The keys of each rating entry, usable bare inside `{{#ratings}}`, `{{#others}}`, `{{#chosen}}` and partials.
    static let entryKeys: Set<String> = ["code", "label", "value", "sentiment", "color", "image", "chosen"]

    /// The values that differ per request: filled into the compiled pages, never seen by swift-mustache.
    static let perRequestNames: [String] = ["token", "form", "nonce", "rating"]

    /// Loads the words and labels of a locale.
    static func load(library: TemplateLibrary, templateSet: String, locale: String) throws(TemplateError) -> Self {
        let english = try LocaleWords.file(
            library: library,
            templateSet: templateSet,
            locale: LocaleWords.fallbackLocale
        )
        let chosen =
            locale == LocaleWords.fallbackLocale
            ? english : try LocaleWords.file(library: library, templateSet: templateSet, locale: locale)
        var words = english.web
        words.merge(chosen.web) { _, new in new }
        var labels = english.ratings
        labels.merge(chosen.ratings) { old, new in old.merging(new) { _, mine in mine } }
        return WebPageModel(words: words, labels: labels)
    }

    /// The render context of one page variant.
    /// - Parameters:
    ///   - chosen: the chosen rating's code, if the variant has one.
    ///   - reason: `expired` or `invalid` for the invalid-link page.
    ///   - images: `data:` URIs of the smiley images by rating code.
    ///   - slot: the marker (or value) of each per-request name.
    func context(
        locale: String,
        scale: RatingScale,
        chosen: String?,
        reason: String?,
        images: [String: String],
        slot: (String) -> String
    ) -> [String: Any] {
        let entries: [[String: Any]] = scale.ratingsForDisplay.map { rating in
            var entry: [String: Any] = [
                "code": rating.code, "value": String(rating.value), "sentiment": rating.sentiment.rawValue,
                "label": labels[scale.rawValue]?[rating.code] ?? rating.code,
                "color": SurveyModel.color(of: rating.sentiment), "chosen": rating.code == chosen,
            ]
            if scale == .smiley { entry["image"] = images[rating.code] }
            return entry
        }
        var context: [String: Any] = [
            "t": words, "locale": locale,
            "scale": [
                "name": scale.rawValue, "smiley": scale == .smiley, "csat5": scale == .csat5, "nps": scale == .nps,
            ] as [String: Any],
            "ratings": entries,
            "others": entries.filter { ($0["chosen"] as? Bool) != true },
            "expired": reason == "expired", "invalid": reason != "expired",
        ]
        context["chosen"] = entries.first { ($0["chosen"] as? Bool) == true }
        for name in Self.perRequestNames { context[name] = slot(name) }
        return context
    }
}
