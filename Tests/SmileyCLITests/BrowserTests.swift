import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// One end-to-end test in a real browser: Chromium (Debian's `chromium`, driven through `chromium-driver` by
/// Selenium) opens a survey email rendered by `smiley preview` with https links, clicks a smiley that a real
/// `smiley serve` answers, and sends a comment; the stored records, `smiley export` and `smiley report` show the
/// person's rating and comment — also after a mail gateway's link scanner opened every link first.
///
/// Without Chromium, chromium-driver, curl, faketime or Selenium every test fails naming what is missing, unless
/// `SMILEY_SKIP_BROWSER=1` skips the suite.
@Suite(
    "A real browser answers a survey email",
    .serialized,
    .disabled(if: BrowserHarness.skipRequested, "SMILEY_SKIP_BROWSER=1 skips the browser end-to-end tests")
)
struct BrowserTests {
    /// A desktop browser's user agent, as the gateway below sends it (no scanner fragment in it).
    static let browserAgent =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"
    /// A link preview's user agent (its "BingPreview" fragment is on the server's built-in scanner list).
    static let scannerAgent =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) BingPreview/1.0b"

    @Test("Chromium clicks a smiley of the previewed email and sends a comment: stored with that rating and comment")
    func clickAndComment() async throws {
        let harness = try await BrowserHarness()
        let ana = BrowserHarness.people[0]
        let comment = "The VPN has not dropped once since the fix."
        let visit = try await harness.answerInBrowser(ana, rating: "positive", comment: comment)
        Self.expectPersonsVisit(visit, rating: "positive")

        let records = try await harness.export()
        #expect(records.count == 3, "the bare click, the page's confirmation and the comment: \(records)")
        #expect(Set(records.map { $0["confirmation"] as? String ?? "" }) == ["provisional", "interaction", "comment"])
        #expect(records.allSatisfy { Self.value(of: $0) == 3 && $0["source"] as? String == "click" }, "\(records)")
        let saved = records.filter { $0["comment"] != nil }
        #expect(saved.count == 1 && saved.first?["comment"] as? String == comment, "\(records)")
        #expect(saved.first?["confirmation"] as? String == "comment", "\(records)")

        let overall = try Self.overall(try await harness.report())
        #expect(overall["ratings"] == 1 && overall["positive"] == 1 && overall["comments"] == 1, "\(overall)")

        let stopped = await harness.stop()
        #expect(stopped.status == 0 && !stopped.signaled, "smiley serve ends cleanly on SIGTERM: \(stopped)")
    }

    @Test(
        "a link scanner first (HEAD, a scanner's user agent, a burst of every link), then the person in Chromium: only the person's rating counts"
    )
    func scannerThenPerson() async throws {
        let harness = try await BrowserHarness()
        let (ana, ben, cai) = (BrowserHarness.people[0], BrowserHarness.people[1], BrowserHarness.people[2])
        let anasLinks = try harness.ratingLinks(of: ana)
        #expect(anasLinks.map { $0.split(separator: "/").last ?? "" } == ["positive", "neutral", "negative"])
        let statuses = ["-o", "/dev/null", "-w", "%{http_code}\\n"]

        // A gateway that announces itself: HEAD requests (curl's own user agent), then GETs as a link preview.
        let heads = try await harness.curl(["-I"] + anasLinks.flatMap { statuses + [$0] })
        #expect(heads == "200\n200\n200\n", "HEAD is answered, nothing more")
        let previews = try await harness.curl(["-A", Self.scannerAgent] + anasLinks.flatMap { statuses + [$0] })
        #expect(previews == "200\n200\n200\n", "the page is served to a scanner")
        #expect(try await harness.export().isEmpty, "neither HEAD nor a scanner's user agent stores a click")

        // A gateway that looks like a browser opens every link of every email it lets through, within a second:
        // Ana's, and Ben's, which nobody else ever opens.
        let burst = try anasLinks + harness.ratingLinks(of: ben)
        let gets = try await harness.curl(["-A", Self.browserAgent] + burst.flatMap { statuses + [$0] })
        #expect(gets == String(repeating: "200\n", count: 6), "\(gets)")
        // Cai's browser runs no script: one plain click, nothing more (it counts once the quiet time has passed).
        let caisNeutral = try #require(try harness.ratingLinks(of: cai).first { $0.hasSuffix("/neutral") })
        try await harness.curl(["-A", Self.browserAgent] + statuses + [caisNeutral])

        // Ana clicks a different smiley than the scanner's first link, and comments.
        let comment = "Slow answers, and the VPN still drops."
        let visit = try await harness.answerInBrowser(ana, rating: "negative", comment: comment)
        Self.expectPersonsVisit(visit, rating: "negative")

        let records = try await harness.export()
        let byPerson = Dictionary(grouping: records) { $0["recipientID"] as? String ?? "" }
        #expect(byPerson.count == 3 && records.count == 10, "Ana 6, Ben 3, Cai 1: \(records)")
        let anas = try #require(byPerson.values.first { $0.contains { $0["comment"] != nil } })
        let saved = try #require(anas.first { $0["confirmation"] as? String == "comment" })
        #expect(saved["comment"] as? String == comment && Self.value(of: saved) == 1, "\(saved)")
        #expect(
            anas.filter { $0["confirmation"] as? String == "provisional" }.compactMap(Self.value).sorted() == [
                1, 1, 2, 3,
            ],
            "the burst's three clicks and Ana's own: \(anas)"
        )
        let bens = byPerson.values.first { $0.count == 3 } ?? []
        #expect(bens.compactMap(Self.value).sorted() == [1, 2, 3], "\(records)")
        let seconds = bens.compactMap { ($0["receivedAt"] as? String).flatMap(ISO8601DateFormatter().date) }
            .map(\.timeIntervalSince1970)
        #expect(seconds.count == 3 && seconds.max()! - seconds.min()! <= 1, "a burst within a second: \(bens)")

        // Now: only Ana's rating (Cai's lone click is pending, the bursts are a scanner's).
        let now = try Self.overall(try await harness.report())
        #expect(now["ratings"] == 1 && now["negative"] == 1 && now["comments"] == 1, "\(now)")
        #expect(now["positive"] == 0 && now["neutral"] == 0, "\(now)")
        // Ten minutes on, past the five-minute quiet time, Cai's unconfirmed click counts, but the burst on Ben's
        // links still does not, and Ana's rating is still her own.
        let later = try Self.overall(try await harness.report(later: "+10m"))
        #expect(later["ratings"] == 2 && later["negative"] == 1 && later["neutral"] == 1, "\(later)")
        #expect(later["positive"] == 0, "no rating from the scanner's bursts: \(later)")

        let stopped = await harness.stop()
        #expect(stopped.status == 0 && !stopped.signaled, "smiley serve ends cleanly on SIGTERM: \(stopped)")
    }

    /// What every visit of a person must show: a desktop user agent, the chosen rating on the page, the three
    /// requests answered as they should be, and no request or script the page's Content-Security-Policy blocked.
    static func expectPersonsVisit(_ visit: BrowserHarness.BrowserVisit, rating: String) {
        #expect(!visit.userAgent.contains("Headless") && visit.userAgent.contains("Chrome/"), "\(visit.userAgent)")
        #expect(visit.report["formRating"] as? String == rating, "\(visit.report)")
        #expect(
            visit.exchanges == ["GET \(rating) 200", "POST confirm 204", "POST comment 200"],
            "the click, the page's confirmation, the comment form: \(visit.exchanges)"
        )
        #expect(visit.page("commentPage")["url"]?.hasSuffix("/comment") == true, "\(visit.report)")
        let blocked = visit.console.filter { $0.contains("Content Security Policy") || $0.contains("Refused to") }
        #expect(blocked.isEmpty, "the console: \(visit.console)")
    }

    static func value(of record: [String: Any]) -> Int? {
        (record["rating"] as? [String: Any])?["value"] as? Int
    }

    /// The report's `overall` counts.
    static func overall(_ report: [String: Any]) throws -> [String: Int] {
        let overall = try #require(report["overall"] as? [String: Any], "\(report)")
        return overall.compactMapValues { $0 as? Int }
    }
}
