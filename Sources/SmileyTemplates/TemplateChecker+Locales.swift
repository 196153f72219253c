extension TemplateChecker {
    /// Locale files: readable JSON of the expected shape; every word, variant word and rating label English has
    /// and a language still lacks after the override copy is merged over the built-in one (a warning: English is
    /// used); words English does not have (a warning: no template can use them).
    /// - Returns: the English word keys (for `t.*` name checks).
    static func checkLocales(
        library: TemplateLibrary,
        templateSet: String,
        into findings: inout Findings
    ) -> Set<String> {
        let locales = LocaleWords.availableLocales(library: library, templateSet: templateSet)
        guard locales.contains(LocaleWords.fallbackLocale) else {
            findings.error(
                templateSet + "/locales/en.json",
                0,
                0,
                "the English locale file is missing; every other locale falls back to it"
            )
            return []
        }
        let english: LocaleWords.File
        do {
            english = try LocaleWords.file(
                library: library,
                templateSet: templateSet,
                locale: LocaleWords.fallbackLocale
            )
        } catch {
            findings.add(error)
            return ["question"]
        }
        for locale in locales where locale != LocaleWords.fallbackLocale {
            do {
                let file = try LocaleWords.file(library: library, templateSet: templateSet, locale: locale)
                // A built-in file is not the admin's to edit: say where their copy goes.
                var remedy = ""
                if !library.isOverride(file.path), let folder = library.setDirectories(templateSet).override {
                    remedy =
                        " (to give them, add them to \(folder)/locales/\(locale).json; the rest comes from this file)"
                }
                for message in missingWords(in: file, english: english) {
                    findings.warning(file.path, 0, 0, message + remedy)
                }
            } catch {
                findings.add(error)
            }
        }
        return Set(english.words.keys).union(["question"])
    }

    /// What a language lacks that English has, as warning messages, one per section in a fixed order (words,
    /// variant words, rating labels of each scale, web page words), and the words it has that English lacks.
    static func missingWords(in file: LocaleWords.File, english: LocaleWords.File) -> [String] {
        var messages: [String] = []
        func compare(_ theirs: [String: String]?, _ ours: [String: String]?, _ section: String, _ noun: String) {
            let missing = Set(ours?.keys ?? [:].keys).subtracting(theirs?.keys ?? [:].keys).sorted()
            guard !missing.isEmpty else { return }
            let list = missing.map { "'\($0)'" }.joined(separator: ", ")
            let what = missing.count == 1 ? "the \(noun) \(list)" : "\(missing.count) \(noun)s English has: \(list)"
            messages.append("\(section) lacks \(what); English is used")
        }
        compare(file.words, english.words, "\"words\"", "word")
        for variant in english.variants.keys.sorted() {
            compare(file.variants[variant], english.variants[variant], "\"\(variant)\"", "word")
        }
        for scale in english.ratings.keys.sorted() {
            compare(file.ratings[scale], english.ratings[scale], "\"ratings\".\"\(scale)\"", "label")
        }
        compare(file.web, english.web, "\"web\"", "word")
        for extra in Set(file.words.keys).subtracting(english.words.keys).sorted() {
            messages.append(
                "the word '\(extra)' is not in locales/en.json, so no template can use it; check its name, or add it to locales/en.json"
            )
        }
        return messages
    }
}
