import Mustache
import SmileyCore

/// The parsed Mustache files of one template set, override files taking the place of built-in ones.
///
/// Every `*.mustache` file is registered under its path minus `.mustache`, so `partials/header.html.mustache` is
/// included as `{{> partials/header.html}}`.
struct TemplateSet: Sendable {
    let name: String
    let library: MustacheLibrary
    /// Name (without `.mustache`) → path on disk and text.
    let files: [String: (path: String, text: String)]

    static let fileExtension = ".mustache"

    /// The folder of the web pages' templates (``WebPageRenderer``), kept apart from the email's.
    static let webFolder = "web/"

    /// Loads and parses every template of a set.
    /// - Parameter web: `false` for the email's templates (everything outside `web/`), `true` for the web pages'
    ///   (everything inside it), so a broken page never stops surveys from being sent, nor the reverse.
    /// - Throws: ``TemplateError`` for a missing set (listing the available ones), a file that is not UTF-8, or a
    ///   Mustache syntax error (with file, line and column).
    init(library: TemplateLibrary, name: String, web: Bool = false) throws(TemplateError) {
        guard library.hasSet(name) else {
            throw TemplateError(
                file: nil,
                message:
                    "there is no template set '\(name)' (available: \(library.templateSets().joined(separator: ", ")))",
                remedy: "Set the survey's 'template' to one of the available sets, or create the folder"
            )
        }
        var templates: [String: MustacheTemplate] = [:]
        var files: [String: (path: String, text: String)] = [:]
        for fileName in library.fileNames(inSet: name, suffix: Self.fileExtension)
        where fileName.hasPrefix(Self.webFolder) == web {
            guard let (path, text) = try library.text(of: fileName, inSet: name) else { continue }
            let templateName = String(fileName.dropLast(Self.fileExtension.count))
            do {
                templates[templateName] = try MustacheTemplate(string: text)
            } catch let error as MustacheTemplate.ParserError {
                throw TemplateError(
                    file: path,
                    line: error.context.lineNumber,
                    column: error.context.columnNumber,
                    message: "Mustache syntax error: \(Self.describe(error.error)) in '\(error.context.line)'",
                    remedy: "Fix the tag at this place"
                )
            } catch {
                throw TemplateError(
                    file: path,
                    message: "the template cannot be parsed: \(error)",
                    remedy: "Fix the template"
                )
            }
            files[templateName] = (path, text)
        }
        self.name = name
        self.library = MustacheLibrary(templates: templates)
        self.files = files
    }

    /// The path of a template for messages, or its bare name when it does not exist.
    func path(of templateName: String) -> String {
        files[templateName]?.path ?? templateName + Self.fileExtension
    }

    static func describe(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect:
            return "a section is closed with a name that does not match the section it closes"
        case .unfinishedName: return "a tag is not finished (missing '}}', or a character not allowed in names)"
        case .expectedSectionEnd: return "a section is never closed (missing {{/name}})"
        case .invalidSetDelimiter: return "a set-delimiter tag is malformed"
        case .transformAppliedToInheritanceSection: return "a transform is applied to an inheritance section"
        case .illegalTokenInsideInheritSection: return "an inheritance section holds a tag it may not hold"
        case .textInsideInheritSection: return "an inheritance section holds text outside blocks"
        case .invalidConfigVariableSyntax: return "a {{% … }} pragma is malformed"
        case .unrecognisedConfigVariable: return "a {{% … }} pragma is unknown (only CONTENT_TYPE: HTML or TEXT exist)"
        }
    }
}
