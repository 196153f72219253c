import Foundation
import Mustache
import SmileyCore

extension TemplateChecker {
    /// Sample per-request values the pages are rendered with when checked.
    static let sampleWebToken = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd"
    static let sampleFormValue = "5f3c9a0e1b2d4c6f8a7e9b0c1d2e3f40"
    static let sampleNonce = "c2FtcGxlLW5vbmNlLTEyMw"

    /// The web pages of `web/`: syntax, names, partials, words, then every page rendered for every locale, scale
    /// and variant and checked (``checkWebPage(_:page:values:locale:file:into:)``).
    static func checkWebPages(library: TemplateLibrary, templateSet: String, into findings: inout Findings) {
        let suffix = TemplateSet.fileExtension
        let names = Set(
            library.fileNames(inSet: templateSet, folder: "web", suffix: suffix).map {
                String($0.dropLast(suffix.count))
            }
        )
        guard !names.isEmpty else {
            findings.warning(
                templateSet + "/web",
                0,
                0,
                "the set has no web pages (web/*.html.mustache), so 'smiley serve' cannot show its pages; copy the folder web/ of Smiley's built-in set 'default' into it"
            )
            return
        }
        let errorsBefore = findings.all.filter(\.isError).count
        let words = webWords(library: library, templateSet: templateSet)
        for name in names.sorted() {
            let file: (path: String, text: String)
            do {
                guard let found = try library.text(of: name + suffix, inSet: templateSet) else { continue }
                file = found
            } catch {
                findings.add(error)
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
            } catch {
                findings.error(file.path, 0, 0, "the template cannot be parsed: \(error)")
            }
            let problems =
                TemplateAnalysis.sectionProblems(in: file.text)
                + WebPageAnalysis.unknownNames(in: file.text, words: words, isPartial: name.hasPrefix("web/partials/"))
                + WebPageAnalysis.transformsOnPerRequestValues(in: file.text)
            for problem in problems {
                findings.error(file.path, problem.line, problem.column, problem.message)
            }
            for partial in TemplateAnalysis.partials(in: file.text) where !names.contains(partial.name) {
                findings.error(
                    file.path,
                    partial.line,
                    partial.column,
                    "the partial '\(partial.name)' does not exist (web pages include only files of web/, e.g. {{> web/partials/head.html}})"
                )
            }
        }
        for page in WebPageKind.allCases where !names.contains(page.templateName) {
            findings.error(
                templateSet + "/" + page.templateFile,
                0,
                0,
                "the web page is missing; 'smiley serve' cannot show it (copy it from Smiley's built-in set 'default')"
            )
        }
        guard findings.all.filter(\.isError).count == errorsBefore else { return }
        let renderer: WebPageRenderer
        do {
            renderer = try WebPageRenderer(library: library, templateSet: templateSet)
        } catch {
            findings.add(error)
            return
        }
        for locale in renderer.locales {
            for scale in RatingScale.allCases {
                for page in WebPageKind.allCases {
                    for variant in WebPageRenderer.variants(of: page, scale: scale) {
                        let isReason = page == .linkInvalid
                        let values = WebPageValues(
                            token: sampleWebToken,
                            scale: scale,
                            rating: isReason ? nil : variant,
                            formValue: sampleFormValue,
                            nonce: sampleNonce,
                            reason: isReason ? (variant ?? "invalid") : nil
                        )
                        checkWebPage(
                            renderer.render(page, locale: locale, values: values),
                            page: page,
                            values: values,
                            locale: locale,
                            file: renderer.templates.path(of: page.templateName),
                            into: &findings
                        )
                    }
                }
            }
        }
    }

    /// The `"web"` words English has, for `t.*` name checks (the words a locale lacks are reported with its other
    /// words, by `checkLocales`).
    private static func webWords(library: TemplateLibrary, templateSet: String) -> Set<String> {
        let english = try? LocaleWords.file(
            library: library,
            templateSet: templateSet,
            locale: LocaleWords.fallbackLocale
        )
        return Set(english?.web.keys ?? [:].keys)
    }
}
