import Foundation
import SmileyCore
import Testing

@testable import SmileyTemplates

@Suite struct CheckerTests {
    @Test func builtInTemplatesAreClean() throws {
        let diagnostics = TemplateChecker.check(library: try Fixtures.library(), templateSet: "default")
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description).joined(separator: "\n"))")
    }

    @Test func unknownVariableIsReportedWithFileAndLine() throws {
        let override = try Override()
        try override.write(
            "default/partials/footer.txt.mustache",
            "{{% CONTENT_TYPE: TEXT}}\n\n{{t.thanks}}\n{{recipient.nmae}} {{greeting}}\n{{t.unsubscribe}}: {{unsubscribe_url}}\n"
        )
        let diagnostics = TemplateChecker.check(
            library: try Fixtures.library(override: override.root),
            templateSet: "default"
        )
        let typo = try #require(diagnostics.first { $0.message.contains("recipient.nmae") })
        #expect(typo.isError)
        #expect(typo.file.hasSuffix("default/partials/footer.txt.mustache"))
        #expect(typo.line == 4)
        #expect(typo.column == 1)
        #expect(
            typo.message.contains("known: recipient.company, recipient.email, recipient.first_name, recipient.name")
        )
        let word = try #require(diagnostics.first { $0.message.contains("'greeting'") })
        #expect(word.line == 4)
        #expect(word.column == 20)
        #expect(word.message.contains("did you mean 't.greeting'"))
    }

    @Test func unclosedSectionAndMissingPartialAreReported() throws {
        let override = try Override()
        try override.write(
            "default/csat5.txt.mustache",
            "{{% CONTENT_TYPE: TEXT}}\n{{> partials/header.txt}}\n{{#agent}}\n{{agent}}\n{{> partials/ratings.txt}}\n{{> partials/nothing.txt}}\n{{> partials/footer.txt}}\n"
        )
        let diagnostics = TemplateChecker.check(
            library: try Fixtures.library(override: override.root),
            templateSet: "default"
        )
        let unclosed = try #require(
            diagnostics.first {
                $0.message.contains("never closed") && $0.file.hasSuffix("csat5.txt.mustache") && $0.line == 3
            }
        )
        #expect(unclosed.message.contains("'agent'"))
        let partial = try #require(diagnostics.first { $0.message.contains("partials/nothing.txt") })
        #expect(partial.line == 6)
    }

    @Test func missingRatingLinksAndUnsubscribeAreReported() throws {
        let override = try Override()
        // the text part lists labels without links; the HTML footer loses its unsubscribe link
        try override.write(
            "default/partials/ratings.txt.mustache",
            "{{% CONTENT_TYPE: TEXT}}\n{{#links}}\n{{label}}\n{{/links}}\n"
        )
        let footer = try Override.builtIn("partials/footer.html.mustache").replacingOccurrences(
            of: "href=\"{{unsubscribe_url}}\"",
            with: "href=\"https://example.com/\""
        )
        try override.write("default/partials/footer.html.mustache", footer)
        let diagnostics = TemplateChecker.check(
            library: try Fixtures.library(override: override.root),
            templateSet: "default"
        )
        for scale in RatingScale.allCases {
            for rating in scale.ratingsForDisplay {
                #expect(
                    diagnostics.contains {
                        $0.isError && $0.file.hasSuffix("\(scale.rawValue).txt.mustache")
                            && $0.message.contains("rating '\(rating.code)' is missing from the rendered text")
                    }
                )
            }
            #expect(
                diagnostics.contains {
                    $0.file.hasSuffix("\(scale.rawValue).html.mustache") && $0.message.contains("no unsubscribe link")
                }
            )
        }
        #expect(!diagnostics.contains { $0.message.contains("missing from the rendered HTML") })
    }

    @Test func oversizedHTMLAndEmptyTextAreReported() throws {
        let override = try Override()
        let padding = "<!-- " + String(repeating: "padding ", count: 14_000) + "-->\n"
        try override.write("default/smiley.html.mustache", try Override.builtIn("smiley.html.mustache") + padding)
        try override.write("default/nps.txt.mustache", "{{% CONTENT_TYPE: TEXT}}\n   \n")
        let diagnostics = TemplateChecker.check(
            library: try Fixtures.library(override: override.root),
            templateSet: "default"
        )
        #expect(
            diagnostics.contains { $0.file.hasSuffix("smiley.html.mustache") && $0.message.contains("Gmail clips") }
        )
        #expect(
            !diagnostics.contains { $0.file.hasSuffix("csat5.html.mustache") && $0.message.contains("Gmail clips") }
        )
        #expect(
            diagnostics.contains {
                $0.file.hasSuffix("nps.txt.mustache") && $0.message.contains("plain-text part is empty")
            }
        )
    }

    @Test func nonUTF8FileAndMissingLocaleWordsAreReported() throws {
        let override = try Override()
        try override.write(
            "default/partials/question.html.mustache",
            bytes: Array("<tr>\n<td>".utf8) + [0xFC] + Array("</td>\n</tr>\n".utf8)
        )
        // a new language lacks every word it does not give; an override of a built-in one only adds to it
        try override.write("default/locales/sv.json", #"{"words": {"greeting": "Hej"}}"#)
        try override.write("default/locales/nl.json", #"{"words": {"greeting": "Hoi"}}"#)
        let diagnostics = TemplateChecker.check(
            library: try Fixtures.library(override: override.root),
            templateSet: "default"
        )
        let utf8 = try #require(diagnostics.first { $0.message.contains("not valid UTF-8") })
        #expect(utf8.file.hasSuffix("partials/question.html.mustache"))
        #expect(utf8.line == 2)
        #expect(
            diagnostics.contains {
                !$0.isError && $0.file.hasSuffix("locales/sv.json") && $0.message.contains("'intro'")
            }
        )
        #expect(!diagnostics.contains { $0.file.hasSuffix("locales/nl.json") })
    }

    @Test func htmlThatLibxml2ComplainsAboutIsReported() throws {
        let override = try Override()
        let footer = try Override.builtIn("partials/footer.html.mustache").replacingOccurrences(
            of: "{{t.thanks}}",
            with: "<smileyblink>{{t.thanks}}</smileyblink>"
        )
        try override.write("default/partials/footer.html.mustache", footer)
        let diagnostics = TemplateChecker.check(
            library: try Fixtures.library(override: override.root),
            templateSet: "default"
        )
        let complaint = try #require(diagnostics.first { $0.message.contains("libxml2") })
        #expect(complaint.message.contains("smileyblink"))
        #expect(complaint.file.hasSuffix(".html.mustache"))
    }

    @Test func imageWithoutAltIsReported() throws {
        let override = try Override()
        let row = try Override.builtIn("partials/rating-smileys.html.mustache").replacingOccurrences(
            of: " alt=\"{{label}}\"",
            with: ""
        )
        try override.write("default/partials/rating-smileys.html.mustache", row)
        let diagnostics = TemplateChecker.check(
            library: try Fixtures.library(override: override.root),
            templateSet: "default"
        )
        // the tag in the override partial that is used, not the built-in copy nor the template including it
        let missing = diagnostics.filter { $0.message.contains("has no alt text") }
        #expect(missing.count == 1, "one <img> tag in the partial: \(missing)")
        let tag = try #require(missing.first)
        #expect(tag.isError && tag.file == override.root + "/default/partials/rating-smileys.html.mustache")
        #expect(tag.line > 0 && tag.column > 0)
    }
}
