import Foundation
import SmileyCore
import Testing

@testable import SmileyTemplates

/// The web pages of `smiley serve`: every page in every locale and scale, escaping, locale negotiation,
/// overrides, and the checker on broken pages.
@Suite struct WebPageTests {
    static let token = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd"

    static func values(_ scale: RatingScale, rating: String? = nil, reason: String? = nil) -> WebPageValues {
        WebPageValues(
            token: token,
            scale: scale,
            rating: rating,
            formValue: "00ff00ff00ff00ff00ff00ff00ff00ff",
            nonce: "bm9uY2UtZm9yLXRlc3Rz",
            reason: reason
        )
    }

    @Test func everyPageLocaleAndScaleRendersWithItsWords() throws {
        let renderer = try WebPageRenderer(library: try Fixtures.library(), templateSet: "default")
        #expect(renderer.locales == Fixtures.locales.sorted())
        let library = try Fixtures.library()
        for locale in Fixtures.locales {
            let words = try LocaleWords.file(library: library, templateSet: "default", locale: locale)
            let english = try LocaleWords.file(library: library, templateSet: "default", locale: "en")
            #expect(Set(words.web.keys) == Set(english.web.keys), "\(locale) lacks web words")
            for scale in RatingScale.allCases {
                for page in WebPageKind.allCases {
                    let ratings: [String?] = [nil] + scale.ratingsForDisplay.map(\.code)
                    for rating in ratings {
                        let values = Self.values(scale, rating: rating, reason: page == .linkInvalid ? "expired" : nil)
                        let html = renderer.render(page, locale: locale, values: values)
                        #expect(html.hasPrefix("<!DOCTYPE html>"), "\(page) \(locale)")
                        #expect(html.contains("<html lang=\"\(locale)\">"))
                        #expect(html.hasSuffix("</html>\n"))
                        #expect(!html.contains("\u{E000}"))
                        #expect(html == renderer.referenceRender(page, locale: locale, values: values))
                        let titleKey = [
                            .rated: "rated_title", .commentSaved: "comment_saved_title",
                            .linkInvalid: "link_invalid_title", .unsubscribe: "unsubscribe_title",
                            .unsubscribed: "unsubscribed_title",
                        ][page]!
                        let title = try #require(words.web[titleKey])
                        #expect(html.contains("<title>\(HTMLEscaping.escape(title))</title>"))
                    }
                }
            }
        }
    }

    @Test func ratedPageHasTheFormTheScriptAndTheOtherRatings() throws {
        let renderer = try WebPageRenderer(library: try Fixtures.library(), templateSet: "default")
        let html = renderer.render(.rated, locale: "de", values: Self.values(.smiley, rating: "neutral"))
        #expect(html.contains("<form method=\"post\" action=\"comment\" id=\"comment-form\">"))
        #expect(html.contains("<input type=\"hidden\" name=\"form\" value=\"00ff00ff00ff00ff00ff00ff00ff00ff\">"))
        #expect(html.contains("<input type=\"hidden\" name=\"rating\" value=\"neutral\">"))
        #expect(html.contains("name=\"comment\" rows=\"5\" maxlength=\"5000\""))
        #expect(html.contains("<script nonce=\"bm9uY2UtZm9yLXRlc3Rz\">"))
        #expect(html.contains("fetch(\"confirm\""))
        #expect(html.contains("href=\"positive\"") && html.contains("href=\"negative\""))
        #expect(!html.contains("href=\"neutral\""), "the chosen rating is not offered again")
        #expect(html.contains("Okay"), "the chosen rating's German label")
        #expect(html.contains("src=\"data:image/png;base64,"))
        #expect(!html.contains("http://") && !html.contains("https://"), "no external resources")
        let nps = renderer.render(.rated, locale: "fr", values: Self.values(.nps, rating: "7"))
        for code in 0...10 where code != 7 { #expect(nps.contains("href=\"\(code)\"")) }
        let unsubscribe = renderer.render(.unsubscribe, locale: "es", values: Self.values(.csat5))
        #expect(unsubscribe.contains("<form method=\"post\" action=\"\(Self.token)\">"))
        #expect(unsubscribe.contains("name=\"List-Unsubscribe\" value=\"One-Click\""))
        let expired = renderer.render(.linkInvalid, locale: "nl", values: Self.values(.smiley, reason: "expired"))
        let invalid = renderer.render(.linkInvalid, locale: "nl", values: Self.values(.smiley, reason: "invalid"))
        #expect(expired.contains("verlopen") && !invalid.contains("verlopen"))
    }

    @Test func valuesAreEscaped() throws {
        let renderer = try WebPageRenderer(library: try Fixtures.library(), templateSet: "default")
        let hostile = WebPageValues(
            token: "\"><script>alert(1)</script>",
            scale: .csat5,
            rating: "5\"onmouseover='x'",
            formValue: "a&b<c>",
            nonce: "n\"><script>",
            reason: nil
        )
        for page in WebPageKind.allCases {
            let html = renderer.render(page, locale: "en", values: hostile)
            #expect(!html.contains("<script>alert"), "\(page)")
            #expect(!html.contains("\"onmouseover"), "\(page)")
            #expect(!html.contains("a&b<c>"), "\(page)")
            #expect(!html.contains("n\"><script>"), "\(page)")
            #expect(html == renderer.referenceRender(page, locale: "en", values: hostile), "\(page)")
        }
        let unsubscribe = renderer.render(.unsubscribe, locale: "en", values: hostile)
        #expect(unsubscribe.contains("action=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""))
        let rated = renderer.render(.rated, locale: "en", values: hostile)
        #expect(rated.contains("value=\"a&amp;b&lt;c&gt;\""))
        #expect(rated.contains("<script nonce=\"n&quot;&gt;&lt;script&gt;\">"))
    }

    @Test func unknownLocaleFallsBackToEnglish() throws {
        let renderer = try WebPageRenderer(library: try Fixtures.library(), templateSet: "default")
        let html = renderer.render(.unsubscribed, locale: "pt", values: Self.values(.smiley))
        #expect(html.contains("<html lang=\"en\">"))
        #expect(html.contains("You have been unsubscribed"))
    }

    @Test(arguments: [
        ("de-CH,de;q=0.9,en;q=0.8", "de"),
        ("fr-FR", "fr"),
        ("pt-BR,pt;q=0.9,es;q=0.5,en;q=0.4", "es"),
        ("en;q=0.2, nl;q=0.7", "nl"),
        ("ja", "en"),
        ("*", "en"),
        ("de;q=0, fr", "fr"),
        ("de;q=0", "en"),
        ("NL-be", "nl"),
        ("es_MX", "es"),
        ("", "en"),
        ("de;q=abc, fr;q=0.1", "fr"),
    ])
    func localeNegotiation(header: String, expected: String) throws {
        let renderer = try WebPageRenderer(library: try Fixtures.library(), templateSet: "default")
        #expect(renderer.negotiateLocale(acceptLanguage: header, fallback: "en") == expected)
        #expect(renderer.negotiateLocale(acceptLanguage: nil, fallback: "fr") == "fr")
    }

    @Test func overrideReplacesOnePage() throws {
        let override = try Override()
        let custom = try Override.builtIn("web/unsubscribed.html.mustache").replacingOccurrences(
            of: "<p class=\"muted\">{{t.unsubscribed_mistake}}</p>",
            with: "<p>Acme says goodbye, {{t.unsubscribed_title}}.</p>"
        )
        #expect(custom.contains("Acme says goodbye"))
        try override.write("default/web/unsubscribed.html.mustache", custom)
        let renderer = try WebPageRenderer(
            library: try Fixtures.library(override: override.root),
            templateSet: "default"
        )
        let html = renderer.render(.unsubscribed, locale: "de", values: Self.values(.smiley))
        #expect(html.contains("<p>Acme says goodbye, Sie haben die Umfragen abbestellt.</p>"))
        #expect(!html.contains("Versehentlich abbestellt"))
        let other = renderer.render(.unsubscribe, locale: "de", values: Self.values(.smiley))
        #expect(other.contains("Abbestellen"), "the other pages stay the built-in ones")
        let diagnostics = TemplateChecker.check(
            library: try Fixtures.library(override: override.root),
            templateSet: "default"
        )
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description).joined(separator: "\n"))")
    }

    @Test func checkerReportsABrokenPageOverride() throws {
        let override = try Override()
        let rated = try Override.builtIn("web/rated.html.mustache")
            .replacingOccurrences(of: "<textarea id=\"comment\" name=\"comment\"", with: "<textarea id=\"comment\"")
            .replacingOccurrences(of: "<script nonce=\"{{nonce}}\">", with: "<script>")
        try override.write("default/web/rated.html.mustache", rated)
        let unsubscribe = try Override.builtIn("web/unsubscribe.html.mustache")
            .replacingOccurrences(of: "value=\"One-Click\"", with: "value=\"yes\"")
            .replacingOccurrences(
                of: "</main>",
                with: "<img src=\"https://example.com/logo.png\" alt=\"Acme\">\n</main>"
            )
        try override.write("default/web/unsubscribe.html.mustache", unsubscribe)
        let diagnostics = TemplateChecker.check(
            library: try Fixtures.library(override: override.root),
            templateSet: "default"
        )
        let errors = diagnostics.filter(\.isError)
        func has(_ file: String, _ words: String...) -> Bool {
            errors.contains { d in
                d.file.hasSuffix("default/web/" + file) && words.allSatisfy { d.message.contains($0) }
            }
        }
        #expect(has("rated.html.mustache", "textarea name=\"comment\""), "\(errors)")
        #expect(has("rated.html.mustache", "without nonce"))
        #expect(has("rated.html.mustache", "confirm"))
        #expect(has("unsubscribe.html.mustache", "List-Unsubscribe", "\"yes\""))
        #expect(has("unsubscribe.html.mustache", "https://example.com/logo.png", "Content-Security-Policy"))
        #expect(!errors.contains { $0.file.contains("comment-saved") }, "only the broken pages are named")
    }

    @Test func checkerReportsSyntaxAndNamesWithLines() throws {
        let override = try Override()
        try override.write(
            "default/web/comment-saved.html.mustache",
            "<!DOCTYPE html>\n<html lang=\"{{locale}}\">\n<p>{{t.thanks}} {{#chosen}}{{labl}}{{/chosen}}</p>\n{{#expired}}\n</html>\n"
        )
        try override.write(
            "default/web/partials/head.html.mustache",
            "<meta charset=\"utf-8\">\n<title>{{uppercased(token)}}</title>\n"
        )
        let library = try Fixtures.library(override: override.root)
        let diagnostics = TemplateChecker.check(library: library, templateSet: "default")
        let word = try #require(diagnostics.first { $0.message.contains("'t.thanks'") })
        #expect(
            word.isError && word.line == 3 && word.column == 4 && word.file.hasSuffix("web/comment-saved.html.mustache")
        )
        let name = try #require(diagnostics.first { $0.message.contains("'labl'") })
        #expect(name.line == 3)
        let section = try #require(diagnostics.first { $0.message.contains("never closed") })
        #expect(section.line == 4 && section.file.hasSuffix("web/comment-saved.html.mustache"))
        let transform = try #require(diagnostics.first { $0.message.contains("per-request value 'token'") })
        #expect(transform.line == 2 && transform.file.hasSuffix("web/partials/head.html.mustache"))
        #expect(throws: TemplateError.self) { try WebPageRenderer(library: library, templateSet: "default") }
        // the email is not affected by broken web pages
        let survey = try Fixtures.survey(.smiley)
        _ = try SurveyRenderer(library: library, survey: survey, locale: "en")
    }

    @Test func rendererNamesTheFileOfASyntaxError() throws {
        let override = try Override()
        try override.write("default/web/link-invalid.html.mustache", "<p>\n{{#expired}}x{{/invalid}}\n")
        let library = try Fixtures.library(override: override.root)
        do throws(TemplateError) {
            _ = try WebPageRenderer(library: library, templateSet: "default")
            Issue.record("a syntax error must throw")
        } catch {
            #expect(error.file?.hasSuffix("default/web/link-invalid.html.mustache") == true, "\(error)")
            #expect(error.line == 2, "\(error)")
        }
    }

    @Test func aSetWithoutWebPagesIsNamed() throws {
        let override = try Override()
        try override.write("bare/locales/en.json", "{\"words\": {}}")
        let library = try Fixtures.library(override: override.root)
        #expect(throws: TemplateError.self) { try WebPageRenderer(library: library, templateSet: "bare") }
        let diagnostics = TemplateChecker.check(library: library, templateSet: "bare")
        #expect(diagnostics.contains { !$0.isError && $0.message.contains("no web pages") })
    }
}
