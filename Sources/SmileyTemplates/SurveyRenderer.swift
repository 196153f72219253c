import Foundation
import Mustache
public import SmileyCore
public import SmileyMIME

/// Renders one survey, in one language and variant, for any number of recipients.
///
/// The templates are parsed and the words loaded once, in `init`. Each recipient is then rendered by
/// concatenating precompiled chunks with the recipient's values (HTML-escaped in the HTML part), not by running
/// the Mustache engine again: see ``CompiledPart``. The chunks for a combination of present and absent optional
/// values (no agent, no ticket subject, …) are compiled the first time a recipient needs them and kept.
///
/// Templates of a set: `<scale>.html.mustache`, `<scale>.txt.mustache`, `subject.txt.mustache`,
/// `preheader.txt.mustache`, plus partials; words in `locales/<lang>.json`; images in `images/`.
/// Transforms that change a recipient value's text (`{{uppercased(agent)}}`) are refused by `init`; `empty` is
/// allowed.
public struct SurveyRenderer: Sendable {
    /// The survey rendered.
    public let survey: Survey
    /// The language of the words.
    public let locale: String
    /// The word variant: `survey`, or `reminder` for the later reminder.
    public let variant: String
    /// The inline images every rendered survey carries (empty with hosted images).
    public let inlineImages: [InlineAttachment]

    let templates: TemplateSet
    let model: SurveyModel
    let partNames: [String]
    private let cache: CompiledCache

    /// Loads, checks and compiles the templates of `survey.template` for one language.
    /// - Parameters:
    ///   - library: where the template sets are.
    ///   - survey: the survey; its scale picks `<scale>.html` / `<scale>.txt`.
    ///   - locale: the language, e.g. `de`; must have a `locales/<locale>.json`.
    ///   - variant: `survey` or another word set of the locale files, e.g. `reminder`.
    ///   - imageBaseURL: when set, images are linked as `<imageBaseURL>/<name>.png` instead of attached inline.
    /// - Throws: ``TemplateError`` naming the file, line and column of what is wrong and what to do.
    public init(
        library: TemplateLibrary,
        survey: Survey,
        locale: String,
        variant: String = "survey",
        imageBaseURL: String? = nil
    ) throws(TemplateError) {
        let templates = try TemplateSet(library: library, name: survey.template)
        let words = try LocaleWords.load(
            library: library,
            templateSet: survey.template,
            locale: locale,
            variant: variant,
            scale: survey.scale
        )
        let scale = survey.scale.rawValue
        let partNames = ["subject.txt", "preheader.txt", "\(scale).html", "\(scale).txt"]
        for name in partNames where templates.files[name] == nil {
            throw TemplateError(
                file: name + TemplateSet.fileExtension,
                message: "the template set '\(survey.template)' has no template '\(name)\(TemplateSet.fileExtension)'",
                remedy: "Add the file, or use a set that has it (the built-in 'default' set has all of them)"
            )
        }
        try Self.refuseTextTransforms(in: templates)
        var sources: [String: String] = [:]
        var images: [InlineAttachment] = []
        if survey.scale == .smiley {
            for rating in survey.scale.ratingsForDisplay {
                let file = "\(rating.code).png"
                if let base = imageBaseURL {
                    sources[rating.code] = (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/" + file
                } else {
                    guard let (_, data) = try library.data(of: "images/" + file, inSet: survey.template) else {
                        throw TemplateError(
                            file: "images/" + file,
                            message: "the image is missing from the template set '\(survey.template)'",
                            remedy:
                                "Add it (python3 scripts/make-smileys.py draws the built-in ones) or set imageBaseURL"
                        )
                    }
                    let contentID = "smiley-\(rating.code)@smiley"
                    sources[rating.code] = "cid:" + contentID
                    images.append(
                        InlineAttachment(contentID: contentID, filename: file, contentType: "image/png", data: data)
                    )
                }
            }
        }
        self.survey = survey
        self.locale = locale
        self.variant = variant
        self.inlineImages = images
        self.templates = templates
        self.model = SurveyModel(survey: survey, locale: locale, variant: variant, words: words, imageSources: sources)
        self.partNames = partNames
        self.cache = CompiledCache()
        // Compile the most common shape now, so a problem shows at start-up rather than at the first recipient.
        let everything = PresenceKey(mask: UInt16((1 << RecipientField.optional.count) - 1), custom: [])
        guard let compiled = compile(everything) else {
            throw TemplateError(
                file: templates.path(of: partNames[2]),
                message: "the template alters recipient values in a way the compiled renderer cannot reproduce",
                remedy: "Remove private-use characters U+E000–U+E002 and transforms on recipient values"
            )
        }
        cache.store(compiled, for: everything)
    }

    /// Renders the survey for one recipient.
    /// - Parameters:
    ///   - recipient: who it is for; empty fields count as absent.
    ///   - links: the recipient's signed links (``SurveyLinks``), one per rating of the survey's scale.
    public func render(recipient: Recipient, links: SurveyLinks) -> RenderedSurvey {
        let values = RecipientValues(recipient: recipient, links: links, ratings: survey.scale.ratingsForDisplay)
        let key = values.presence
        let compiled: [CompiledPart]
        if let cached = cache.lookup(key) {
            compiled = cached
        } else if let fresh = compile(key) {
            cache.store(fresh, for: key)
            compiled = fresh
        } else {
            return referenceRender(values)
        }
        return assemble(compiled.map { $0.render(values) })
    }

    /// Renders the survey for a recipient whose links need the subject first (`mailto:` rating links prefill
    /// it): the recipient's values are prepared once, the subject is rendered from them, `makeLinks` turns it into
    /// the links, and the survey is rendered with those. The same result as ``subject(for:)`` followed by
    /// ``render(recipient:links:)``, with half the per-recipient preparation.
    /// - Parameters:
    ///   - recipient: who it is for; empty fields count as absent.
    ///   - makeLinks: makes the recipient's links from the rendered subject (one line).
    /// - Returns: The rendered survey and the links it carries.
    public func render(
        recipient: Recipient,
        makeLinks: (_ subject: String) -> SurveyLinks
    )
        -> (rendered: RenderedSurvey, links: SurveyLinks)
    {
        var values = RecipientValues(recipient: recipient, links: nil, ratings: survey.scale.ratingsForDisplay)
        let key = values.presence
        guard
            let compiled = cache.lookup(key)
                ?? compile(key).map({ fresh in
                    cache.store(fresh, for: key)
                    return fresh
                })
        else {
            let links = makeLinks(subject(for: recipient))
            return (render(recipient: recipient, links: links), links)
        }
        let links = makeLinks(Self.oneLine(compiled[0].render(values)))
        values.setLinks(links, ratings: survey.scale.ratingsForDisplay)
        return (assemble(compiled.map { $0.render(values) }), links)
    }

    /// The subject line alone, for a recipient whose links do not exist yet: `mailto:` rating links prefill it
    /// (``SurveyLinks/init(survey:token:subjectForMailto:)``). The same text as ``RenderedSurvey/subject``.
    /// - Parameter recipient: who it is for.
    public func subject(for recipient: Recipient) -> String {
        let values = RecipientValues(recipient: recipient, links: nil, ratings: survey.scale.ratingsForDisplay)
        let key = values.presence
        if let compiled = cache.lookup(key) ?? compile(key) {
            return Self.oneLine(compiled[0].render(values))
        }
        return Self.oneLine(render(partNames[0], model.context(value: { values.value($0) }, custom: values.custom)))
    }

    /// Renders with swift-mustache directly, without the compiled chunks: the reference the compiled output is
    /// tested against, and the fallback for templates it cannot compile.
    func referenceRender(_ values: RecipientValues) -> RenderedSurvey {
        let context = model.context(value: { values.value($0) }, custom: values.custom)
        return assemble(partNames.map { render($0, context) })
    }

    /// The same as ``render(recipient:links:)``, but running swift-mustache for this recipient instead of the
    /// compiled chunks: many times slower. For verifying the compiled output and for benchmarks.
    ///
    /// The output is identical except for a `"`, `'`, `&`, `<` or `>` directly followed by a combining mark, which
    /// swift-mustache leaves unescaped (see ``HTMLEscaping``).
    public func referenceRender(recipient: Recipient, links: SurveyLinks) -> RenderedSurvey {
        referenceRender(RecipientValues(recipient: recipient, links: links, ratings: survey.scale.ratingsForDisplay))
    }

    private func compile(_ key: PresenceKey) -> [CompiledPart]? {
        let markers = Dictionary(uniqueKeysWithValues: key.custom.map { ($0, CompiledPart.marker(.custom($0))) })
        let context = model.context(value: { key.contains($0) ? CompiledPart.marker($0) : nil }, custom: markers)
        var parts: [CompiledPart] = []
        for name in partNames {
            guard let part = CompiledPart.parse(render(name, context)) else { return nil }
            parts.append(part)
        }
        return parts
    }

    private func render(_ name: String, _ context: [String: Any]) -> String {
        templates.library.render(context, withTemplate: name) ?? ""
    }

    private func assemble(_ parts: [String]) -> RenderedSurvey {
        RenderedSurvey(
            subject: Self.oneLine(parts[0]),
            preheader: Self.oneLine(parts[1]),
            html: parts[2],
            text: parts[3],
            inlineImages: inlineImages
        )
    }

    /// Line breaks become spaces, runs of spaces one space, ends trimmed.
    static func oneLine(_ text: String) -> String {
        // Space, tab, CR and LF are single bytes in UTF-8, never inside a longer sequence.
        let isBreak: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for byte in text.utf8 {
            if isBreak(byte) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace {
                    out.append(0x20)
                    pendingSpace = false
                }
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Refuses `{{uppercased(recipient.name)}}` and the like: they would change the marker, not the value.
    static func refuseTextTransforms(in templates: TemplateSet) throws(TemplateError) {
        for (_, file) in templates.files.sorted(by: { $0.key < $1.key }) {
            for problem in TemplateAnalysis.textTransformsOnRecipientValues(in: file.text) {
                throw TemplateError(
                    file: file.path,
                    line: problem.line,
                    column: problem.column,
                    message:
                        "the transform '\(problem.transforms.joined(separator: "("))(…)' is applied to the recipient value '\(problem.name)'",
                    remedy: "Remove the transform; only 'empty' may be applied to recipient values"
                )
            }
        }
    }
}

/// The compiled parts by presence key, shared by copies of a renderer and safe to use from many tasks.
final class CompiledCache: @unchecked Sendable {
    private let lock = NSLock()
    private var parts: [PresenceKey: [CompiledPart]] = [:]
    /// Beyond this many shapes, new ones are compiled for each recipient rather than kept.
    static let limit = 256

    func lookup(_ key: PresenceKey) -> [CompiledPart]? {
        lock.lock()
        defer { lock.unlock() }
        return parts[key]
    }

    func store(_ value: [CompiledPart], for key: PresenceKey) {
        lock.lock()
        defer { lock.unlock() }
        if parts.count < Self.limit { parts[key] = value }
    }
}
