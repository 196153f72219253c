import Foundation
import SmileyCore
import SmileyMIME
import Testing

@testable import SmileyTemplates

/// The compiled renderer (chunks + escaped values) must give exactly what swift-mustache gives when it renders
/// the same templates with the same data.
@Suite struct CompiledRenderingTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let scale: RatingScale
        let locale: String
        let variant: String
        let hosted: Bool
        var testDescription: String { "\(scale.rawValue) \(locale) \(variant)\(hosted ? " hosted images" : "")" }
    }

    static let cases: [Case] = RatingScale.allCases.flatMap { scale in
        Fixtures.locales.flatMap { locale in
            ["survey", "reminder"].map { Case(scale: scale, locale: locale, variant: $0, hosted: locale == "fr") }
        }
    }

    @Test(arguments: cases)
    func compiledOutputIsByteIdenticalToSwiftMustache(_ c: Case) throws {
        for linkMode in [LinkMode.https(baseURL: "https://smiley.example.com/"), .mailto] {
            let survey = try Fixtures.survey(c.scale, linkMode: linkMode)
            let renderer = try SurveyRenderer(
                library: try Fixtures.library(),
                survey: survey,
                locale: c.locale,
                variant: c.variant,
                imageBaseURL: c.hosted ? "https://cdn.example.com/smiley?v=1&x=\"2\"" : nil
            )
            for recipient in try Fixtures.awkwardRecipients() {
                let links = try Fixtures.links(survey, recipient)
                let compiled = renderer.render(recipient: recipient, links: links)
                let reference = renderer.referenceRender(recipient: recipient, links: links)
                #expect(Array(compiled.html.utf8) == Array(reference.html.utf8), "HTML of \(recipient.displayName)")
                #expect(Array(compiled.text.utf8) == Array(reference.text.utf8), "text of \(recipient.displayName)")
                #expect(compiled.subject == reference.subject)
                #expect(compiled.preheader == reference.preheader)
                // the second render of the same shape comes from the cache and must not differ either
                #expect(renderer.render(recipient: recipient, links: links) == compiled)
                // links made from the subject inside the render: the same as subject first, then render
                let subject = renderer.subject(for: recipient)
                let madeLinks = SurveyLinks(survey: survey, token: "tok", subjectForMailto: "Re: " + subject)
                let inOnePass = renderer.render(recipient: recipient) { made in
                    #expect(made == subject)
                    return SurveyLinks(survey: survey, token: "tok", subjectForMailto: "Re: " + made)
                }
                #expect(inOnePass.links == madeLinks)
                #expect(inOnePass.rendered == renderer.render(recipient: recipient, links: madeLinks))
            }
        }
    }

    @Test func scriptInDisplayNameIsShownAsTextInHTMLAndVerbatimInText() throws {
        let survey = try Fixtures.survey(.smiley)
        let renderer = try SurveyRenderer(library: try Fixtures.library(), survey: survey, locale: "en")
        let recipient = Recipient(
            email: try EmailAddress("x@example.com"),
            displayName: "<script>alert(1)</script> Bob",
            ticketID: "T-1",
            ticketSubject: "a \"quoted\" & 'single' <tag>"
        )
        let rendered = renderer.render(recipient: recipient, links: try Fixtures.links(survey, recipient))
        #expect(!rendered.html.contains("<script>"))
        #expect(rendered.html.contains("Hi &lt;script&gt;alert(1)&lt;/script&gt;,"))
        #expect(rendered.html.contains("a &quot;quoted&quot; &amp; &#39;single&#39; &lt;tag&gt;"))
        #expect(rendered.text.contains("Hi <script>alert(1)</script>,"))
        #expect(rendered.text.contains("T-1: a \"quoted\" & 'single' <tag>"))
        #expect(rendered.subject == "How did we do? [T-1]")
    }

    /// swift-mustache compares grapheme clusters, so `"` followed by a combining mark is not escaped by it and
    /// would end an attribute. The compiled renderer escapes it; everything else is identical.
    @Test func quoteFollowedByCombiningMarkIsStillEscaped() throws {
        let survey = try Fixtures.survey(.smiley)
        let renderer = try SurveyRenderer(library: try Fixtures.library(), survey: survey, locale: "en")
        let recipient = Recipient(
            email: try EmailAddress("x@example.com"),
            ticketID: "T-1",
            ticketSubject: "Eve\"\u{301} onmouseover=alert(1)"
        )
        let links = try Fixtures.links(survey, recipient)
        let compiled = renderer.render(recipient: recipient, links: links)
        let reference = renderer.referenceRender(recipient: recipient, links: links)
        let safe = "Eve&quot;\u{301} onmouseover=alert(1)"
        let unsafe = "Eve\"\u{301} onmouseover"
        #expect(compiled.html.contains(safe))
        #expect(!compiled.html.contains(unsafe))
        #expect(reference.html.contains(unsafe), "swift-mustache's behaviour changed; revisit HTMLEscaping's note")
        let joined = "a\"\u{200D}b<\u{301}"
        let joinedEscaped = "a&quot;\u{200D}b&lt;\u{301}"
        #expect(HTMLEscaping.escape(joined) == joinedEscaped)
    }

    @Test func absentValuesSkipTheirSections() throws {
        let survey = try Fixtures.survey(.csat5)
        let renderer = try SurveyRenderer(library: try Fixtures.library(), survey: survey, locale: "de")
        let bare = Recipient(email: try EmailAddress("bare@example.com"))
        let rendered = renderer.render(recipient: bare, links: try Fixtures.links(survey, bare))
        #expect(rendered.html.contains("Guten Tag,"))
        #expect(!rendered.html.contains("Bearbeitet von"))
        #expect(!rendered.html.contains("Ihre Anfrage"))
        #expect(rendered.subject == "Wie war unser Support?")
        let full = try Fixtures.goldenRecipient()
        let withAgent = renderer.render(recipient: full, links: try Fixtures.links(survey, full))
        #expect(withAgent.html.contains("Hallo Anna,"))
        #expect(withAgent.html.contains("Bearbeitet von Jonas Weber"))
        #expect(withAgent.subject == "Wie war unser Support? [T-10421]")
    }

    @Test func smileysAreInlineImagesByDefaultAndHostedOnRequest() throws {
        let survey = try Fixtures.survey(.smiley)
        let recipient = try Fixtures.goldenRecipient()
        let inline = try SurveyRenderer(library: try Fixtures.library(), survey: survey, locale: "en")
            .render(recipient: recipient, links: try Fixtures.links(survey, recipient))
        #expect(inline.inlineImages.map(\.filename) == ["positive.png", "neutral.png", "negative.png"])
        for image in inline.inlineImages {
            #expect(inline.html.contains("src=\"cid:\(image.contentID)\""))
            #expect(image.data.starts(with: [0x89, 0x50, 0x4E, 0x47]), "PNG signature")
        }
        let hosted = try SurveyRenderer(
            library: try Fixtures.library(),
            survey: survey,
            locale: "en",
            imageBaseURL: "https://cdn.example.com/img/"
        )
        .render(recipient: recipient, links: try Fixtures.links(survey, recipient))
        #expect(hosted.inlineImages.isEmpty)
        #expect(hosted.html.contains("src=\"https://cdn.example.com/img/neutral.png\""))
        #expect(!hosted.html.contains("cid:"))
    }

    @Test func everyRatingLinkAndUnsubscribeAppearInBothParts() throws {
        for scale in RatingScale.allCases {
            let survey = try Fixtures.survey(scale, linkMode: .mailto)
            let renderer = try SurveyRenderer(library: try Fixtures.library(), survey: survey, locale: "es")
            let recipient = try Fixtures.goldenRecipient()
            let links = try Fixtures.links(survey, recipient)
            let rendered = renderer.render(recipient: recipient, links: links)
            #expect(links.ratings.count == scale.values.count)
            for (_, url) in links.ratings {
                #expect(rendered.html.contains("href=\"\(HTMLEscaping.escape(url))\""))
                #expect(rendered.text.contains(url))
            }
            #expect(rendered.html.contains("href=\"\(HTMLEscaping.escape(links.unsubscribeURL))\""))
            #expect(rendered.text.contains(links.unsubscribeURL))
        }
    }

    @Test func subjectAloneMatchesTheRenderedSubject() throws {
        let survey = try Fixtures.survey(.nps, linkMode: .mailto)
        let renderer = try SurveyRenderer(
            library: try Fixtures.library(),
            survey: survey,
            locale: "nl",
            variant: "reminder"
        )
        for recipient in try Fixtures.awkwardRecipients() {
            let subject = renderer.subject(for: recipient)
            let token = try Fixtures.keyring().sign(
                surveyID: survey.id,
                recipientID: recipient.id(inSurvey: survey.id),
                issuedAt: Fixtures.issuedAt
            )
            let links = SurveyLinks(survey: survey, token: token, subjectForMailto: subject)
            #expect(renderer.render(recipient: recipient, links: links).subject == subject)
            #expect(subject.hasPrefix("Even een herinnering: hoe hebben we het gedaan?"))
            #expect(links.ratings.allSatisfy { $0.url.contains("subject=Even%20een%20herinnering") })
        }
    }
}
