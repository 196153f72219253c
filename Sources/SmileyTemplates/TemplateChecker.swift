import Foundation
import Mustache
import SmileyCore

/// Checks a template set before it is used: syntax, names, partials, words, and what the rendered emails
/// contain (every rating link, the unsubscribe link, HTML that parses cleanly, `alt` on images, size, a
/// non-empty text part), for every scale, locale and variant; and the same for the web pages of `web/`
/// (`checkWebPages`: the fields and script the server needs, nothing the pages' Content-Security-Policy blocks).
public enum TemplateChecker {
    /// Above this many bytes of HTML, Gmail clips the message (it clips at about 102 KB) and hides the footer.
    public static let maximumHTMLBytes = 100 * 1024

    /// Checks a template set.
    /// - Parameters:
    ///   - library: where the set is (override folder first, then built-in).
    ///   - templateSet: the set's folder name, e.g. `default`.
    /// - Returns: the findings, errors first, then by file and line; empty when the set is fine.
    public static func check(library: TemplateLibrary, templateSet: String) -> [TemplateDiagnostic] {
        var findings = Findings()
        guard library.hasSet(templateSet) else {
            findings.error(
                templateSet,
                0,
                0,
                "there is no template set '\(templateSet)' (available: \(library.templateSets().joined(separator: ", ")))"
            )
            return findings.sorted
        }
        let words = checkLocales(library: library, templateSet: templateSet, into: &findings)
        let names = Set(
            library.fileNames(inSet: templateSet, suffix: TemplateSet.fileExtension).map {
                String($0.dropLast(TemplateSet.fileExtension.count))
            }
        )
        var readable = true
        // the web pages (web/…) have their own names and checks: checkWebPages
        for name in names.sorted() where !name.hasPrefix(TemplateSet.webFolder) {
            let fileName = name + TemplateSet.fileExtension
            let file: (path: String, text: String)
            do {
                guard let found = try library.text(of: fileName, inSet: templateSet) else { continue }
                file = found
            } catch {
                findings.add(error)
                readable = false
                continue
            }
            do {
                _ = try MustacheTemplate(string: file.text)
            } catch let error as MustacheTemplate.ParserError {
                findings.error(
                    file.path,
                    error.context.lineNumber,
                    error.context.columnNumber,
                    "Mustache syntax error: \(TemplateSet.describe(error.error))"
                )
                readable = false
            } catch {
                findings.error(file.path, 0, 0, "the template cannot be parsed: \(error)")
                readable = false
            }
            for problem in TemplateAnalysis.sectionProblems(in: file.text) {
                findings.error(file.path, problem.line, problem.column, problem.message)
            }
            for problem in TemplateAnalysis.unknownNames(
                in: file.text,
                words: words,
                isPartial: name.hasPrefix("partials/")
            ) {
                findings.error(file.path, problem.line, problem.column, problem.message)
            }
            for problem in TemplateAnalysis.textTransformsOnRecipientValues(in: file.text) {
                findings.error(
                    file.path,
                    problem.line,
                    problem.column,
                    "the transform '\(problem.transforms.joined(separator: "("))' is applied to the recipient value '\(problem.name)'; only 'empty' may be"
                )
            }
            for partial in TemplateAnalysis.partials(in: file.text) where !names.contains(partial.name) {
                findings.error(
                    file.path,
                    partial.line,
                    partial.column,
                    "the partial '\(partial.name)' does not exist (expected the file \(partial.name)\(TemplateSet.fileExtension) in the set)"
                )
                readable = false
            }
        }
        for required in ["subject.txt", "preheader.txt"]
            + RatingScale.allCases.flatMap({ ["\($0.rawValue).html", "\($0.rawValue).txt"] })
        where !names.contains(required) {
            findings.error(
                templateSet + "/" + required + TemplateSet.fileExtension,
                0,
                0,
                "the template is missing; surveys on this scale cannot be sent"
            )
        }
        if readable, !findings.hasErrors {
            checkRendered(library: library, templateSet: templateSet, into: &findings)
        }
        checkOverrideFiles(library: library, templateSet: templateSet, into: &findings)
        checkWebPages(library: library, templateSet: templateSet, into: &findings)
        return findings.sorted
    }

    /// Renders every scale, locale and variant for a sample recipient and checks the emails.
    private static func checkRendered(library: TemplateLibrary, templateSet: String, into findings: inout Findings) {
        guard let sender = try? EmailAddress("support@example.com"),
            let customer = try? EmailAddress("customer@example.org")
        else { return }
        let locales = LocaleWords.availableLocales(library: library, templateSet: templateSet)
        let variants = library.variants(inSet: templateSet)
        let recipient = Recipient(
            email: customer,
            displayName: "Sam Sample",
            ticketID: "T-1",
            ticketSubject: "Sample request",
            agent: "Alex Agent",
            company: "Example Ltd"
        )
        for scale in RatingScale.allCases {
            for locale in locales {
                for variant in variants {
                    let survey = Survey(
                        id: "check",
                        scale: scale,
                        template: templateSet,
                        locale: locale,
                        sender: Sender(name: "Example Support", address: sender),
                        replyDomain: "example.com",
                        linkMode: .https(baseURL: "https://smiley.example.com")
                    )
                    let renderer: SurveyRenderer
                    do {
                        renderer = try SurveyRenderer(
                            library: library,
                            survey: survey,
                            locale: locale,
                            variant: variant
                        )
                    } catch {
                        findings.add(error)
                        continue
                    }
                    let links = SurveyLinks(
                        survey: survey,
                        token: String(repeating: "A", count: 40),
                        subjectForMailto: "check"
                    )
                    let rendered = renderer.render(recipient: recipient, links: links)
                    let place = "(\(scale.rawValue), \(locale), \(variant))"
                    // A problem of the rendered email may come from an override partial: name the ones included.
                    let htmlWhere =
                        "(\(scale.rawValue), \(locale), \(variant)"
                        + overridesIncluded(by: "\(scale.rawValue).html", in: renderer.templates, library: library)
                        + ")"
                    let textWhere =
                        "(\(scale.rawValue), \(locale), \(variant)"
                        + overridesIncluded(by: "\(scale.rawValue).txt", in: renderer.templates, library: library) + ")"
                    let htmlFile = renderer.templates.path(of: "\(scale.rawValue).html")
                    let textFile = renderer.templates.path(of: "\(scale.rawValue).txt")
                    for (rating, url) in links.ratings {
                        if !rendered.html.contains(HTMLEscaping.escape(url)) {
                            findings.error(
                                htmlFile,
                                0,
                                0,
                                "the link for rating '\(rating.code)' is missing from the rendered HTML \(htmlWhere)"
                            )
                        }
                        if !rendered.text.contains(url) {
                            findings.error(
                                textFile,
                                0,
                                0,
                                "the link for rating '\(rating.code)' is missing from the rendered text \(textWhere)"
                            )
                        }
                    }
                    if !rendered.html.contains("href=\"\(HTMLEscaping.escape(links.unsubscribeURL))\"") {
                        findings.error(
                            htmlFile,
                            0,
                            0,
                            "the rendered HTML has no unsubscribe link (href=\"{{unsubscribe_url}}\") \(htmlWhere)"
                        )
                    }
                    if !rendered.text.contains(links.unsubscribeURL) {
                        findings.error(
                            textFile,
                            0,
                            0,
                            "the rendered text has no unsubscribe link ({{unsubscribe_url}}) \(textWhere)"
                        )
                    }
                    if rendered.text.trimming(scalars: " \t\r\n").isEmpty {
                        findings.error(textFile, 0, 0, "the rendered plain-text part is empty \(textWhere)")
                    }
                    if rendered.subject.isEmpty {
                        findings.error(
                            renderer.templates.path(of: "subject.txt"),
                            0,
                            0,
                            "the rendered subject is empty \(place)"
                        )
                    }
                    let size = rendered.html.utf8.count
                    if size > maximumHTMLBytes {
                        findings.error(
                            htmlFile,
                            0,
                            0,
                            "the rendered HTML is \(size) bytes, over \(maximumHTMLBytes): Gmail clips it and hides the footer \(htmlWhere)"
                        )
                    }
                    let sources = renderer.templates.files.filter { name, _ in
                        name == "\(scale.rawValue).html" || (name.hasPrefix("partials/") && name.hasSuffix(".html"))
                    }.sorted { $0.key < $1.key }.map(\.value)
                    checkHTML(rendered.html, file: htmlFile, sources: sources, where: htmlWhere, into: &findings)
                }
            }
        }
    }
}

/// Collected diagnostics, without repeats (the same problem in five locales is reported once).
struct Findings {
    private var seen = Set<String>()
    private(set) var all: [TemplateDiagnostic] = []

    var hasErrors: Bool { all.contains(where: \.isError) }

    var sorted: [TemplateDiagnostic] {
        all.sorted { a, b in
            if a.isError != b.isError { return a.isError }
            if a.file != b.file { return a.file < b.file }
            return (a.line, a.column) < (b.line, b.column)
        }
    }

    mutating func error(_ file: String, _ line: Int, _ column: Int, _ message: String) {
        append(TemplateDiagnostic(file: file, line: line, column: column, isError: true, message: message))
    }

    mutating func warning(_ file: String, _ line: Int, _ column: Int, _ message: String) {
        append(TemplateDiagnostic(file: file, line: line, column: column, isError: false, message: message))
    }

    mutating func add(_ error: TemplateError) {
        self.error(error.file ?? "", error.line ?? 0, error.column ?? 0, "\(error.message). \(error.remedy)")
    }

    private mutating func append(_ diagnostic: TemplateDiagnostic) {
        // "(scale, locale, variant)" at the end only says where it was first seen: not part of identity
        var key = diagnostic.message
        if let open = key.lastIndex(of: "("), key.hasSuffix(")") { key = String(key[..<open]) }
        key = "\(diagnostic.file):\(diagnostic.line):\(diagnostic.column):\(key)"
        if seen.insert(key).inserted { all.append(diagnostic) }
    }
}
