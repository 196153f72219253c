import Foundation
import Testing

@testable import SmileyInbound

/// `QuoteRuleBook+Prepared*.swift` hold ``QuoteForms/all`` prepared ahead (normalized, split, sorted, merged), so
/// that no `smiley ingest` process does that work at start. This test prepares the forms as they are now and holds
/// the files to the result, byte for byte; with `SMILEY_WRITE_RULE_BOOK=1` it first writes them anew.
@Suite("The prepared rule book")
struct QuoteRuleBookPreparedTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/SmileyInbound/Reply")

    static let howToFix =
        "QuoteRuleBook+Prepared*.swift are not QuoteForms prepared now: run "
        + "SMILEY_WRITE_RULE_BOOK=1 swift test --filter QuoteRuleBookPreparedTests && scripts/format"

    @Test("the prepared rule book is QuoteForms prepared now")
    func upToDate() throws {
        let prepared = RuleBookPreparation(QuoteForms.all)
        if ProcessInfo.processInfo.environment["SMILEY_WRITE_RULE_BOOK"] == "1" {
            for (name, source) in prepared.swiftSources {
                try source.write(to: Self.folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
        }
        Self.compare("formNames", QuoteRuleBook.Prepared.formNames, prepared.formNames) {
            $0.language.utf8.elementsEqual($1.language.utf8) && $0.client.utf8.elementsEqual($1.client.utf8)
        }
        Self.compare("patterns", QuoteRuleBook.Prepared.patterns, prepared.patterns) {
            $0.pieces.map { Array($0.utf8) } == $1.pieces.map { Array($0.utf8) } && $0.form == $1.form
                && $0.isBare == $1.isBare
        }
        let samePhrase: (QuoteRuleBook.Phrase, QuoteRuleBook.Phrase) -> Bool = {
            $0.phrase.utf8.elementsEqual($1.phrase.utf8) && $0.form == $1.form
        }
        Self.compare("separators", QuoteRuleBook.Prepared.separators, prepared.separators, samePhrase)
        Self.compare("introductions", QuoteRuleBook.Prepared.introductions, prepared.introductions, samePhrase)
        Self.compare("labels", QuoteRuleBook.Prepared.labels, prepared.labels) {
            $0.label.utf8.elementsEqual($1.label.utf8) && $0.field == $1.field && $0.forms == $1.forms
        }
        Self.compare("signatures", QuoteRuleBook.Prepared.signatures, prepared.signatures, samePhrase)
        Self.compare("signOffs", QuoteRuleBook.Prepared.signOffs, prepared.signOffs, samePhrase)
        Self.compare("banners", QuoteRuleBook.Prepared.banners, prepared.banners, samePhrase)
    }

    @Test("the book reads its tables from the prepared lists")
    func bookUsesPrepared() {
        let book = QuoteRuleBook.shared
        let prepared = RuleBookPreparation(QuoteForms.all)
        #expect(book.patterns == prepared.patterns && book.separators == prepared.separators)
        #expect(book.signatures == prepared.signatures && book.signOffs == prepared.signOffs)
        #expect(book.introductions.count == prepared.introductions.count && book.labels.count == prepared.labels.count)
        for introduction in prepared.introductions {
            #expect(book.introductions[introduction.phrase.utf8] == introduction.form, "\(introduction.phrase)")
        }
        for label in prepared.labels {
            let found = book.labels[label.label.utf8]
            #expect(found?.field == label.field && found?.forms == label.forms, "\(label.label)")
        }
    }

    /// Records the first difference of two lists, and a difference in length, with how to fix the file.
    static func compare<Element>(
        _ name: String,
        _ written: [Element],
        _ expected: [Element],
        _ same: (Element, Element) -> Bool
    ) {
        if let index = zip(written, expected).enumerated().first(where: { !same($0.element.0, $0.element.1) })?.offset {
            Issue.record(
                "\(name)[\(index)]: the file has \(written[index]), the forms give \(expected[index]). \(howToFix)"
            )
        } else if written.count != expected.count {
            Issue.record(
                "\(name): the file has \(written.count) entries, the forms give \(expected.count). \(howToFix)"
            )
        }
    }
}
