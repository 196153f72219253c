import Foundation
import Testing

/// `smiley ingest` of the shared DMARC aggregate reports, then `smiley report deliverability` as a table and JSON.
@Suite("report deliverability")
struct DeliverabilityReportTests {
    static let mails = [
        "parsedmarc_Report_domain-_borschow.com_Submitter-_google.com_Report-ID-_949348866075514174.eml",
        "parsedmarc_mimecast-weird-gzip.eml",
    ]

    @Test("two reports ingested (one of them twice) give one row each, with their counts")
    func reportAfterIngest() async throws {
        let workspace = try await Workspace.initialized()
        let folder = try sharedData().appendingPathComponent("payloads/dmarc")
        for name in Self.mails + [Self.mails[0]] {
            let bytes = Array(try Data(contentsOf: folder.appendingPathComponent(name)))
            let result = try await workspace.run(["ingest"], stdin: bytes)
            #expect(result.status == 0 && result.stdout.isEmpty, "\(name): \(result)")
        }
        let table = try await workspace.run(["report", "deliverability"])
        #expect(table.status == 0, "\(table)")
        let lines = table.out.split(separator: "\n").map(String.init)
        #expect(lines.first == "Deliverability from 2 DMARC aggregate report(s), per day and sending IP")
        // google.com's report: one message from 92.53.116.102 on 2019-02-12, DKIM and SPF failed, rejected.
        let google = try #require(lines.first { $0.hasPrefix("2019-02-12") })
        let cells: [String] = google.split(separator: " ").map(String.init)
        let wanted: [String] = ["2019-02-12", "92.53.116.102", "1", "0", "1", "0", "1", "0", "0", "1"]
        #expect(cells == wanted)

        let json = try await workspace.run(["report", "deliverability", "--json", "--since", "2023-01-01"])
        #expect(json.status == 0, "\(json)")
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        #expect(object["reports"] as? Int == 1)
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["sourceIP"] as? String == "40.93.199.22")
        #expect(rows.first?["day"] as? String == "2023-08-30")
        #expect(rows.first?["dkimPass"] as? Int == 1)
        #expect(rows.first?["delivered"] as? Int == 1)
    }

    @Test("with no reports, the table says how to get them; --survey is refused")
    func empty() async throws {
        let workspace = try await Workspace.initialized()
        let table = try await workspace.run(["report", "deliverability"])
        #expect(table.status == 0)
        #expect(table.out.contains("No DMARC reports stored"), "\(table)")
        let survey = try await workspace.run(["report", "deliverability", "--survey", "support"])
        #expect(survey.status == 64)
        #expect(survey.err.contains("--survey does not apply"), "\(survey)")
    }
}
