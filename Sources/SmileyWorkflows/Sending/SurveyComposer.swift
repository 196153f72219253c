public import Foundation
public import SmileyCore
import SmileyTemplates

/// Renders and composes survey emails for one survey: templates compiled once per language, then one
/// ``SurveyEmail`` per recipient.
///
/// A recipient whose language the template set does not have gets the survey's default language, and the
/// fallback is reported through ``languageFallbacks`` so the operator can add the locale file.
public final class SurveyComposer {
    /// The survey being sent.
    public let survey: Survey
    private let installation: Installation
    private let library: TemplateLibrary
    private let variant: String
    private var renderers: [String: SurveyRenderer] = [:]
    private var missingLanguages: Set<String> = []
    /// Languages recipients asked for that the template set lacks (the default was used instead).
    public var languageFallbacks: Set<String> { missingLanguages }

    /// Opens the templates of `surveyID`.
    /// - Parameters:
    ///   - variant: `survey`, or `reminder` for reminder emails.
    ///   - scale: renders on this scale instead of the survey's (`smiley preview --all` shows every scale).
    /// - Throws: ``WorkflowError`` for an unknown survey or unusable templates (exit 78).
    public init(
        installation: Installation,
        surveyID: String,
        variant: String = "survey",
        scale: RatingScale? = nil
    ) throws(WorkflowError) {
        self.installation = installation
        self.variant = variant
        do {
            var survey = try installation.config.survey(id: surveyID, path: installation.configPath)
            if let scale { survey.scale = scale }
            self.survey = survey
        } catch {
            throw .configuration(error.description)
        }
        library = try installation.templateLibrary()
        _ = try renderer(for: survey.locale, strict: true)
    }

    /// The renderer for a language; `strict` turns a missing language into an error instead of a fallback.
    func renderer(for locale: String, strict: Bool) throws(WorkflowError) -> SurveyRenderer {
        if let cached = renderers[locale] { return cached }
        do {
            let renderer = try SurveyRenderer(library: library, survey: survey, locale: locale, variant: variant)
            renderers[locale] = renderer
            return renderer
        } catch {
            if strict || locale == survey.locale { throw .configuration(error.description) }
            missingLanguages.insert(locale)
            let fallback = try renderer(for: survey.locale, strict: true)
            renderers[locale] = fallback
            return fallback
        }
    }

    /// Renders and composes the email for one recipient.
    /// - Parameters:
    ///   - recipient: the recipient; their `locale`, else the survey's, picks the language.
    ///   - date: the Date header and the token's issue time.
    ///   - strictLanguage: when true an unknown recipient language is an error (previews) rather than a fallback.
    ///   - boundarySeed: makes the MIME boundaries reproducible.
    public func email(
        for recipient: Recipient,
        date: Date,
        strictLanguage: Bool = false,
        boundarySeed: String? = nil
    ) throws(WorkflowError) -> (email: SurveyEmail, html: String, text: String) {
        let renderer = try renderer(for: recipient.locale ?? survey.locale, strict: strictLanguage)
        let token = installation.keyring.sign(
            surveyID: survey.id,
            recipientID: recipient.id(inSurvey: survey.id),
            issuedAt: date
        )
        // The mailto: smileys prefill the subject with a "Re:" of the survey's own subject.
        let (rendered, links) = renderer.render(recipient: recipient) { subject in
            SurveyLinks(survey: survey, token: token, subjectForMailto: "Re: " + subject)
        }
        let email = try SurveyEmail.compose(
            survey: survey,
            recipient: recipient,
            rendered: rendered,
            links: links,
            token: token,
            date: date,
            variant: variant,
            boundarySeed: boundarySeed
        )
        return (email, rendered.html, rendered.text)
    }
}
