import Foundation
import SmileyCore

/// The words of one language for one variant of a template set, with English filling every gap.
///
/// A locale file `locales/<lang>.json` holds `words` (the `t.*` of the templates), one object per variant other
/// than `survey` (e.g. `reminder`) overriding some words, and `ratings` (labels per scale and rating code).
/// For a key, the first of these wins: the language's variant word, English's variant word, the language's
/// word, English's word. Each language's file is its override copy merged key by key over the built-in copy
/// (``file(library:templateSet:locale:)``).
struct LocaleWords: Sendable {
    /// `t.*` as the templates see it, including `t.question` (the scale's question).
    let words: [String: String]
    /// Rating labels by rating code, for the survey's scale.
    let labels: [String: String]

    static let fallbackLocale = "en"
    static let defaultVariant = "survey"

    /// Loads and merges the words.
    /// - Throws: ``TemplateError`` for an unknown locale (listing the available ones), an unknown variant, or a
    ///   locale file that is not the expected JSON.
    static func load(
        library: TemplateLibrary,
        templateSet: String,
        locale: String,
        variant: String,
        scale: RatingScale
    ) throws(TemplateError) -> LocaleWords {
        let available = availableLocales(library: library, templateSet: templateSet)
        guard TemplateName.isSafe(locale), available.contains(locale) else {
            throw TemplateError(
                file: nil,
                message:
                    "the template set '\(templateSet)' has no locale '\(locale)' (available: \(available.joined(separator: ", ")))",
                remedy: "Use one of the available locales, or add locales/\(locale).json to the template folder"
            )
        }
        let english = try file(library: library, templateSet: templateSet, locale: fallbackLocale)
        let chosen =
            locale == fallbackLocale ? english : try file(library: library, templateSet: templateSet, locale: locale)
        if variant != defaultVariant, english.variants[variant] == nil, chosen.variants[variant] == nil {
            let known = [defaultVariant] + Set(english.variants.keys).union(chosen.variants.keys).sorted()
            throw TemplateError(
                file: nil,
                message:
                    "the locale files of '\(templateSet)' define no variant '\(variant)' (available: \(known.joined(separator: ", ")))",
                remedy: "Use one of the available variants, or add a \"\(variant)\" object to locales/en.json"
            )
        }
        var words = english.words
        words.merge(chosen.words) { _, new in new }
        words.merge(english.variants[variant] ?? [:]) { _, new in new }
        words.merge(chosen.variants[variant] ?? [:]) { _, new in new }
        if let question = words["question_\(scale.rawValue)"] { words["question"] = question }
        var labels = english.ratings[scale.rawValue] ?? [:]
        labels.merge(chosen.ratings[scale.rawValue] ?? [:]) { _, new in new }
        return LocaleWords(words: words, labels: labels)
    }

    /// The locales of a set: the names of `locales/*.json`, sorted.
    static func availableLocales(library: TemplateLibrary, templateSet: String) -> [String] {
        library.fileNames(inSet: templateSet, folder: "locales", suffix: ".json")
            .map { String($0.dropFirst("locales/".count).dropLast(".json".count)) }
            .filter { !$0.contains("/") }
    }

    /// One language's locale file as used: the override folder's copy merged key by key over the built-in one.
    struct File {
        var words: [String: String]
        var variants: [String: [String: String]]
        var ratings: [String: [String: String]]
        /// The words of the web pages (`"web"`), not a variant of the email.
        var web: [String: String] = [:]
        /// The copies merged, most specific (the override folder's) first.
        var paths: [String] = []

        /// The file an administrator edits for this language: the override copy when there is one.
        var path: String { paths.first ?? "" }

        /// `self` with `other`'s keys winning, section by section and key by key.
        func overlaid(by other: File) -> File {
            var merged = self
            merged.words.merge(other.words) { _, new in new }
            merged.web.merge(other.web) { _, new in new }
            merged.variants.merge(other.variants) { old, new in old.merging(new) { _, mine in mine } }
            merged.ratings.merge(other.ratings) { old, new in old.merging(new) { _, mine in mine } }
            merged.paths = other.paths + paths
            return merged
        }
    }

    /// A language's words: every copy of `locales/<locale>.json` (override folder, then built-in) merged key by
    /// key, so an override with three words keeps every other word of the built-in file.
    static func file(library: TemplateLibrary, templateSet: String, locale: String) throws(TemplateError) -> File {
        let name = "locales/\(locale).json"
        let copies = try library.texts(of: name, inSet: templateSet)
        guard !copies.isEmpty else {
            throw TemplateError(
                file: name,
                message: "the locale file is missing",
                remedy: "Add it to the template folder '\(templateSet)'"
            )
        }
        var merged = File(words: [:], variants: [:], ratings: [:])
        for (path, text) in copies.reversed() {
            merged = merged.overlaid(by: try parse(text, path: path))
        }
        return merged
    }

    /// One copy of a locale file, parsed.
    static func parse(_ text: String, path: String) throws(TemplateError) -> File {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            throw TemplateError(
                file: path,
                message: "the locale file is not valid JSON (\(error.localizedDescription))",
                remedy: "Fix the JSON syntax"
            )
        }
        guard let top = object as? [String: Any] else {
            throw TemplateError(
                file: path,
                message: "the locale file is not a JSON object",
                remedy: "Use the layout of locales/en.json"
            )
        }
        var result = File(words: [:], variants: [:], ratings: [:], paths: [path])
        for (key, value) in top {
            switch key {
            case "language":
                continue
            case "ratings":
                guard let scales = value as? [String: Any] else {
                    throw badShape(path, "\"ratings\" must map scale names to objects of strings")
                }
                for (scale, labels) in scales {
                    guard let labels = labels as? [String: String] else {
                        throw badShape(path, "\"ratings\".\"\(scale)\" must map rating codes to strings")
                    }
                    result.ratings[scale] = labels
                }
            default:
                guard let words = value as? [String: String] else {
                    throw badShape(path, "\"\(key)\" must be an object of strings")
                }
                switch key {
                case "words": result.words = words
                case "web": result.web = words
                default: result.variants[key] = words
                }
            }
        }
        return result
    }

    private static func badShape(_ path: String, _ what: String) -> TemplateError {
        TemplateError(
            file: path,
            message: "the locale file is not in the expected shape: \(what)",
            remedy: "Use the layout of locales/en.json"
        )
    }
}
