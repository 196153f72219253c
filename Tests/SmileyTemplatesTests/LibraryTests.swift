import Foundation
import SmileyCore
import Testing

@testable import SmileyTemplates

@Suite struct LibraryTests {
    @Test func overrideFileWinsAndEverythingElseFallsBackToBuiltIn() throws {
        let override = try Override()
        let footer = try Override.builtIn("partials/footer.html.mustache").replacingOccurrences(
            of: "{{t.thanks}}",
            with: "OVERRIDE-FOOTER {{t.thanks}}"
        )
        try override.write("default/partials/footer.html.mustache", footer)
        // a German file with one word only: it is merged word by word over the built-in German file
        try override.write(
            "default/locales/de.json",
            #"{"words": {"greeting": "Servus"}, "ratings": {"smiley": {"positive": "Super"}}}"#
        )
        let survey = try Fixtures.survey(.smiley)
        let renderer = try SurveyRenderer(
            library: try Fixtures.library(override: override.root),
            survey: survey,
            locale: "de"
        )
        let recipient = try Fixtures.goldenRecipient()
        let rendered = renderer.render(recipient: recipient, links: try Fixtures.links(survey, recipient))
        #expect(rendered.html.contains("OVERRIDE-FOOTER Vielen Dank, dass Sie uns helfen, besser zu werden."))
        #expect(rendered.html.contains("Servus Anna,"))
        #expect(rendered.html.contains("Wir haben Ihre Support-Anfrage vor Kurzem abgeschlossen"))  // built-in German
        #expect(!rendered.html.contains("We recently closed your support request"))
        #expect(rendered.html.contains(">Super</a>"))
        #expect(rendered.html.contains("<meta name=\"color-scheme\""))  // built-in header partial
        #expect(rendered.inlineImages.count == 3)  // built-in images
    }

    @Test(arguments: [
        "../default/smiley.html.mustache", "/etc/passwd", "partials/../../x.mustache", ".hidden.mustache",
        "partials//x",
    ])
    func namesThatLeaveTheFolderAreRefused(_ name: String) throws {
        let library = try Fixtures.library()
        #expect(throws: TemplateError.self) { try library.path(of: name, inSet: "default") }
        #expect(!TemplateLibrary.isSafeRelativePath(name))
    }

    @Test func templateSetNamesThatLeaveTheFolderAreRefused() throws {
        let library = try Fixtures.library()
        for set in ["..", "../templates", "/tmp", ""] {
            #expect(throws: TemplateError.self) { try library.path(of: "smiley.html.mustache", inSet: set) }
            #expect(throws: TemplateError.self) {
                try SurveyRenderer(library: library, survey: try Fixtures.survey(.smiley, template: set), locale: "en")
            }
        }
    }

    @Test func symbolicLinkOutOfTheFolderIsRefused() throws {
        let override = try Override()
        let outside = try Override()
        try outside.write("secret.txt", "top secret")
        try FileManager.default.createDirectory(
            atPath: override.root + "/default/partials",
            withIntermediateDirectories: true
        )
        try FileManager.default.createSymbolicLink(
            atPath: override.root + "/default/partials/footer.html.mustache",
            withDestinationPath: outside.root + "/secret.txt"
        )
        let library = try Fixtures.library(override: override.root)
        let error = try #require(throws: TemplateError.self) {
            try library.path(of: "partials/footer.html.mustache", inSet: "default")
        }
        #expect(error.message.contains("outside the template folder"))
        #expect(throws: TemplateError.self) {
            try SurveyRenderer(library: library, survey: try Fixtures.survey(.smiley), locale: "en")
        }
    }

    @Test func nonUTF8TemplateNamesFileAndLine() throws {
        let override = try Override()
        var bytes = Array("{{> partials/header.html}}\n<tr><td>\nCaf".utf8)
        bytes.append(0xE9)  // Latin-1 é
        bytes += Array("</td></tr>\n{{> partials/footer.html}}\n".utf8)
        try override.write("default/smiley.html.mustache", bytes: bytes)
        let error = try #require(throws: TemplateError.self) {
            try SurveyRenderer(
                library: try Fixtures.library(override: override.root),
                survey: try Fixtures.survey(.smiley),
                locale: "en"
            )
        }
        #expect(error.file?.hasSuffix("/default/smiley.html.mustache") == true)
        #expect(error.line == 3)
        #expect(error.column == 4)
        #expect(error.description.contains("not valid UTF-8"))
        #expect(error.description.contains("0xE9"))
    }

    @Test func unknownLocaleListsTheAvailableOnes() throws {
        let error = try #require(throws: TemplateError.self) {
            try SurveyRenderer(library: try Fixtures.library(), survey: try Fixtures.survey(.nps), locale: "pt")
        }
        #expect(error.description.contains("no locale 'pt'"))
        #expect(error.description.contains("available: de, en, es, fr, nl"))
    }

    @Test func unknownVariantListsTheAvailableOnes() throws {
        let error = try #require(throws: TemplateError.self) {
            try SurveyRenderer(
                library: try Fixtures.library(),
                survey: try Fixtures.survey(.nps),
                locale: "en",
                variant: "nag"
            )
        }
        #expect(error.description.contains("available: survey, reminder"))
    }

    @Test func mustacheSyntaxErrorNamesFileLineAndColumn() throws {
        let override = try Override()
        try override.write(
            "default/nps.txt.mustache",
            "{{% CONTENT_TYPE: TEXT}}\nline two\n{{#links}}{{url}}{{/link}}\n"
        )
        let error = try #require(throws: TemplateError.self) {
            try SurveyRenderer(
                library: try Fixtures.library(override: override.root),
                survey: try Fixtures.survey(.nps),
                locale: "en"
            )
        }
        #expect(error.file?.hasSuffix("nps.txt.mustache") == true)
        #expect(error.line == 3)
        #expect(error.message.contains("does not match"))
    }

    @Test func textTransformOnRecipientValueIsRefused() throws {
        let override = try Override()
        let header = try Override.builtIn("partials/header.txt.mustache").replacingOccurrences(
            of: "{{ticket.id}}",
            with: "{{uppercased(ticket.id)}}"
        )
        try override.write("default/partials/header.txt.mustache", header)
        let error = try #require(throws: TemplateError.self) {
            try SurveyRenderer(
                library: try Fixtures.library(override: override.root),
                survey: try Fixtures.survey(.smiley),
                locale: "en"
            )
        }
        #expect(error.file?.hasSuffix("partials/header.txt.mustache") == true)
        #expect(error.line == 7)
        #expect(error.message.contains("uppercased"))
    }

    @Test func missingTemplateFolderIsAClearError() {
        let error = #expect(throws: TemplateError.self) {
            try TemplateLibrary(builtInDirectory: "/nonexistent/templates")
        }
        #expect(error?.description.contains("/nonexistent/templates") == true)
    }
}
