import Foundation
import SmileyCore
import SmileyStore
import Testing

@Suite("Record export")
struct RecordExportTests {
    static let record: FeedbackRecord = {
        var record = reply(
            messageID: "x1@example.com",
            address: "jo@example.com",
            agent: "=HYPERLINK(\"http://evil\")",
            rating: nps(7),
            comment: "He said \"fine\", then\nleft",
            at: day(0, hours: 13)
        )
        record.company = "Smith, Jones & Co"
        record.parserWarnings = ["quoted text removed", "signature removed"]
        return record
    }()

    @Test("CSV quotes commas, quotes and line breaks, ends lines in CRLF, and defuses formulas")
    func csv() {
        let csv = RecordExport.csv([Self.record])
        let id = Self.record.id.rawValue
        let person = Self.record.recipientID.map { "\($0)" } ?? ""
        #expect(
            csv == RecordExport.csvColumns.joined(separator: ",") + "\r\n"
                + "\(id),2025-03-01T13:00:00Z,s1,\(person),jo@example.com,T-1,\"'=HYPERLINK(\"\"http://evil\"\")\",\"Smith, Jones & Co\","
                + "nps,7,neutral,\"He said \"\"fine\"\", then\nleft\",reply,surveyReply,<x1@example.com>,,,,quoted text removed; signature removed,\r\n"
        )
    }

    @Test("CSV without formula protection keeps fields verbatim")
    func csvVerbatim() {
        let csv = RecordExport.csv([Self.record], protectingFormulas: false)
        #expect(csv.contains(",\"=HYPERLINK(\"\"http://evil\"\")\","))
    }

    @Test("JSON export decodes back to the same records")
    func json() throws {
        let other = reply(messageID: "x2@example.com", rating: smiley("negative"), at: day(1))
        let bytes = try RecordExport.json([Self.record, other])
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        #expect(try decoder.decode([FeedbackRecord].self, from: Data(bytes)) == [Self.record, other])
    }
}
