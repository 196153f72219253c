// Golden files: Tests/SmileyTemplatesTests/Golden/<scale>.<locale>[.<variant>].html and .txt hold the rendered
// survey for a fixed recipient, secret and time. After an intended template change, regenerate them with
//
//     SMILEY_RECORD_GOLDEN=1 swift test --filter SmileyTemplatesTests.GoldenTests
//
// then review the diff (`git diff Tests/SmileyTemplatesTests/Golden`) before committing.
import Foundation
import SmileyCore
import Testing

@testable import SmileyTemplates

@Suite struct GoldenTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let scale: RatingScale
        let locale: String
        let variant: String
        var name: String { "\(scale.rawValue).\(locale)" + (variant == "survey" ? "" : ".\(variant)") }
        var testDescription: String { name }
    }

    static let cases: [Case] =
        RatingScale.allCases.flatMap { scale in
            Fixtures.locales.map { Case(scale: scale, locale: $0, variant: "survey") }
        }
        + RatingScale.allCases.map { Case(scale: $0, locale: "en", variant: "reminder") }
        + [Case(scale: .smiley, locale: "de", variant: "reminder")]

    @Test(arguments: cases)
    func renderedSurveyMatchesGolden(_ c: Case) throws {
        let survey = try Fixtures.survey(c.scale)
        let renderer = try SurveyRenderer(
            library: try Fixtures.library(),
            survey: survey,
            locale: c.locale,
            variant: c.variant
        )
        let recipient = try Fixtures.goldenRecipient()
        let rendered = renderer.render(recipient: recipient, links: try Fixtures.links(survey, recipient))
        let text = "Subject: \(rendered.subject)\nPreheader: \(rendered.preheader)\n\n\(rendered.text)"
        try compare(rendered.html, golden: "\(c.name).html")
        try compare(text, golden: "\(c.name).txt")
    }

    private func compare(_ actual: String, golden name: String) throws {
        let path = Fixtures.goldenDirectory + "/" + name
        if ProcessInfo.processInfo.environment["SMILEY_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(atPath: Fixtures.goldenDirectory, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: URL(fileURLWithPath: path))
            return
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            Issue.record(
                "golden file \(path) is missing; run SMILEY_RECORD_GOLDEN=1 swift test --filter SmileyTemplatesTests.GoldenTests"
            )
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        if actual != expected {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = Array(zip(a, e)).firstIndex { $0 != $1 } ?? min(a.count, e.count)
            Issue.record(
                "\(name) differs from the golden file at line \(line + 1):\n  golden: \(line < e.count ? String(e[line]) : "<end>")\n  actual: \(line < a.count ? String(a[line]) : "<end>")"
            )
        }
    }
}
