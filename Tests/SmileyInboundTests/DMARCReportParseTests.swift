import Foundation
import SmileyInbound
import Testing

/// The DMARC aggregate report parser on the shared XML payloads (`$SMILEY_SHARED/payloads/dmarc/*.xml`) and on
/// hostile documents written here.
@Suite("DMARC report parser")
struct DMARCReportParseTests {
    static func report(_ name: String) throws -> DMARCReport {
        try DMARCReport(parsing: try ClassifierFixtures.bytes("payloads/dmarc/" + name))
    }

    static func refusal(_ bytes: [UInt8]) -> DMARCReportError? {
        do {
            _ = try DMARCReport(parsing: bytes)
            return nil
        } catch { return error }
    }

    @Test("an RFC 7489 report with envelope fields: every part read")
    func emptyReason() throws {
        let report = try Self.report("parsedmarc_empty_reason.xml")
        #expect(report.metadata.organization == "example.org")
        #expect(report.metadata.email == "noreply-dmarc-support@example.org")
        #expect(report.metadata.reportID == "20240125141224705995")
        #expect(report.metadata.begin == Date(timeIntervalSince1970: 1_706_159_544))
        #expect(report.metadata.end == Date(timeIntervalSince1970: 1_706_185_733))
        #expect(
            report.policy
                == .init(domain: "example.com", adkim: "r", aspf: "r", p: "quarantine", sp: "quarantine", pct: 100)
        )
        let record = try #require(report.records.first)
        #expect(report.records.count == 1)
        #expect(record.sourceIP == "198.51.100.123")
        #expect(record.count == 2)
        #expect(record.disposition == "none")
        #expect(record.dkim == "pass")
        #expect(record.spf == "fail")
        #expect(record.headerFrom == "example.com")
        #expect(record.envelopeFrom == "example.edu")
        #expect(record.envelopeTo == "example.net")
        #expect(record.dkimResults == [.init(domain: "example.com", selector: "example", result: "pass")])
        #expect(record.spfResults == [.init(domain: "example.edu", scope: "mfrom", result: "pass")])
    }

    @Test("the dmarc-2.0 namespace, without adkim/aspf/pct")
    func rfc9990() throws {
        let report = try Self.report("parsedmarc_rfc9990-sample.xml")
        #expect(report.metadata.organization == "Sample Reporter")
        #expect(report.metadata.reportID == "3v98abbp8ya9n3va8yr8oa3ya")
        #expect(report.policy.p == "quarantine")
        #expect(report.policy.adkim == nil)
        #expect(report.policy.pct == nil)
        #expect(report.records.count == 1)
        #expect(report.records[0].sourceIP == "192.0.2.123")
        #expect(report.records[0].count == 123)
        #expect(report.records[0].disposition == "pass")
        #expect(report.records[0].dkimResults.first?.selector == "abc123")
        #expect(report.records[0].envelopeTo == nil)
    }

    @Test("upper-cased Pass and None read as pass and none; the org name is trimmed")
    func upperCased() throws {
        let report = try Self.report("parsedmarc_report_with_upper_cased_pass.xml")
        #expect(report.metadata.organization == "example.com")
        #expect(report.policy.sp == nil)
        let record = try #require(report.records.first)
        #expect(record.sourceIP == "23.104.41.189")
        #expect(record.disposition == "none")
        #expect(record.dkim == "pass")
        #expect(record.spf == "pass")
        #expect(record.dkimResults.map(\.result) == ["pass"])
        #expect(record.spfResults.map(\.result) == ["pass"])
        #expect(record.disposition == .none && record.dkim == .pass)
        #expect(DMARCReport.Disposition(rawValue: "Reject") == .reject)
        #expect(DMARCReport.AuthResult(rawValue: "HardFail").rawValue == "hardfail", "an unknown value is kept")
        #expect(report.policy.p == .reject)
    }

    @Test("Outlook.com's report with XML Schema namespace declarations")
    func outlook() throws {
        let report = try Self.report("parsedmarc_protection.outlook.com_example.com_1711756800_1711843200.xml")
        #expect(report.metadata.organization == "Outlook.com")
        #expect(report.metadata.reportID == "cfeafefe4129445e8c81018bd9177197")
        #expect(report.records.map(\.sourceIP) == ["100.24.188.149"])
        #expect(report.records[0].dkimResults.isEmpty)
        #expect(report.records[0].spfResults == [.init(domain: "example.com", scope: "mfrom", result: "fail")])
        #expect(report.records[0].envelopeTo == "hotmail.com")
    }

    @Test("the old draft schema from the dmarc.org wiki, behind a comment")
    func oldDraft() throws {
        let report = try Self.report("parsedmarc_old_draft_from_wiki.xml")
        #expect(report.metadata.organization == "acme.com")
        #expect(report.metadata.reportID == "9391651994964116463")
        #expect(report.records.count == 1)
        #expect(report.records[0].sourceIP == "72.150.241.94")
        #expect(report.records[0].count == 2)
        #expect(report.records[0].dkim == "fail")
        #expect(report.records[0].spf == "pass")
        #expect(report.records[0].dkimResults == [.init(domain: "example.com", selector: nil, result: "fail")])
    }

    @Test("a byte-order mark before the declaration is skipped")
    func byteOrderMark() throws {
        let bytes = try ClassifierFixtures.bytes("payloads/dmarc/parsedmarc_empty_reason.xml")
        let report = try DMARCReport(parsing: [0xEF, 0xBB, 0xBF] + bytes)
        #expect(report.metadata.organization == "example.org")
        #expect(report.messageCount == 2)
    }

    @Test("a report that is not well-formed XML is refused, naming the line")
    func invalidXML() throws {
        let error = try #require(
            Self.refusal(try ClassifierFixtures.bytes("payloads/dmarc/parsedmarc_invalid_xml.xml"))
        )
        #expect(error.isMalformedXML)
        #expect(error.description.contains("line 5"), "\(error)")
    }

    @Test("a report with a byte that is not UTF-8 is refused as such")
    func invalidUTF8() throws {
        let bytes = try ClassifierFixtures.bytes("payloads/dmarc/parsedmarc_invalid_utf_8.xml")
        let error = try #require(Self.refusal(bytes))
        #expect(error.isInvalidUTF8)
        let offset = try #require(bytes.firstIndex { $0 >= 0x80 })
        #expect(error.description.contains("byte offset \(offset)"), "\(error)")
    }

    @Test("an external entity pointing at /etc/passwd is refused, its content never read")
    func externalEntity() throws {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE feedback [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <feedback><report_metadata><org_name>&xxe;</org_name></report_metadata></feedback>
            """
        let error = try #require(Self.refusal(Array(xml.utf8)))
        #expect(error.isEntityDeclaration, "\(error)")
        #expect(!error.description.contains("root:"))
    }

    @Test("billion laughs is refused quickly")
    func billionLaughs() throws {
        var entities = "<!ENTITY lol0 \"lol\">"
        for level in 1...9 {
            entities += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE feedback [\(entities)]><feedback>&lol9;</feedback>"
        let start = ContinuousClock.now
        let error = try #require(Self.refusal(Array(xml.utf8)))
        #expect(error.isEntityDeclaration || error.isMalformedXML, "\(error)")
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test("another XML document is not an aggregate report")
    func wrongRoot() throws {
        let error = try #require(Self.refusal(Array("<feedback-report><x/></feedback-report>".utf8)))
        #expect(error.isNotAggregateReport)
        #expect(error.description.contains("<feedback-report>"))
        let foreign = try #require(Self.refusal(Array("<feedback xmlns=\"urn:example\"/>".utf8)))
        #expect(foreign.isNotAggregateReport)
    }

    @Test("a report without report_id is refused, naming the field")
    func missingReportID() throws {
        let xml = """
            <feedback><report_metadata><org_name>x</org_name><date_range><begin>1</begin><end>2</end></date_range>
            </report_metadata><policy_published><domain>example.com</domain></policy_published></feedback>
            """
        let error = try #require(Self.refusal(Array(xml.utf8)))
        #expect(error.isIncomplete)
        #expect(error.description.contains("report_metadata/report_id"), "\(error)")
    }

    @Test("a count that is not a number is refused, naming the record")
    func badCount() throws {
        let xml = """
            <feedback><report_metadata><org_name>x</org_name><report_id>1</report_id>
            <date_range><begin>1</begin><end>2</end></date_range></report_metadata>
            <policy_published><domain>example.com</domain></policy_published>
            <record><row><source_ip>192.0.2.1</source_ip><count>many</count></row></record></feedback>
            """
        let error = try #require(Self.refusal(Array(xml.utf8)))
        #expect(error.description.contains("record[1]/row/count is 'many'"), "\(error)")
    }
}
