extension TemplateLibrary {
    /// The languages of a set: the names of its `locales/*.json` in either folder, sorted.
    public func locales(inSet templateSet: String) -> [String] {
        LocaleWords.availableLocales(library: self, templateSet: templateSet)
    }

    /// The word variants of a set: `survey`, then the other objects of its English locale file (e.g. `reminder`),
    /// sorted; only `survey` when the English file cannot be read.
    public func variants(inSet templateSet: String) -> [String] {
        let english = try? LocaleWords.file(library: self, templateSet: templateSet, locale: LocaleWords.fallbackLocale)
        return [LocaleWords.defaultVariant] + (english?.variants.keys.sorted() ?? [])
    }
}
