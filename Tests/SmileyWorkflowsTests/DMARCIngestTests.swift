import Foundation
import SmileyCore
import SmileyInbound
import SmileyStore
import SmileyWorkflows
import Testing

/// `smiley ingest` on every file of `$SMILEY_SHARED/payloads/dmarc`: aggregate reports are stored once,
/// damaged ones quarantined with the reason, and the two failure reports left to the usual classification.
@Suite("Ingest of DMARC reports")
struct DMARCIngestTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var shared: URL {
        if let path = ProcessInfo.processInfo.environment["SMILEY_SHARED"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return root.deletingLastPathComponent().appendingPathComponent("shared")
    }

    static let files: [String] = {
        let folder = shared.appendingPathComponent("payloads/dmarc").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }
            .sorted()
    }()

    /// What each shared file must become: a stored report (organization, report id, records, the first record's
    /// source IP, messages) or a disposition and words of the reason.
    enum Expected {
        case stored(organization: String, reportID: String, records: Int, firstIP: String, messages: Int)
        case quarantined(reason: String)
        case other(disposition: String)
    }

    static let expected: [String: Expected] = [
        "parsedmarc_Report_domain-_borschow.com_Submitter-_google.com_Report-ID-_949348866075514174.eml":
            .stored(
                organization: "google.com",
                reportID: "949348866075514174",
                records: 1,
                firstIP: "92.53.116.102",
                messages: 1
            ),
        // A DMARC failure (forensic) report: ARF auth-failure, not an aggregate report and not a complaint by a
        // person: quarantined with that reason (before, it was taken for a spam complaint).
        "parsedmarc_dmarc_ruf_report_linkedin.eml": .quarantined(reason: "DMARC failure report"),
        "parsedmarc_empty_reason.xml":
            .stored(
                organization: "example.org",
                reportID: "20240125141224705995",
                records: 1,
                firstIP: "198.51.100.123",
                messages: 2
            ),
        "parsedmarc_estadocuenta1.infonacot.gob.mx_example.com_1536853302_1536939702_2940.xml.zip":
            .stored(
                organization: "XYZ Corporation",
                reportID: "2940",
                records: 1,
                firstIP: "148.243.137.254",
                messages: 1
            ),
        // Exim's text-only failure report: no XML at all, so not an aggregate report; quarantined.
        "parsedmarc_exim_plain_text_only_no_arf_part.eml": .other(disposition: "quarantine"),
        "parsedmarc_fastmail.com_example.com_1516060800_1516147199_102675056.xml.gz":
            .stored(
                organization: "FastMail Pty Ltd",
                reportID: "102675056",
                records: 1,
                firstIP: "104.195.80.20",
                messages: 1
            ),
        "parsedmarc_invalid_utf_8.xml": .quarantined(reason: "not valid UTF-8"),
        "parsedmarc_invalid_xml.xml": .quarantined(reason: "not well-formed XML"),
        "parsedmarc_mimecast-weird-gzip.eml":
            .stored(
                organization: "Mimecast",
                reportID: "157a5fe30ec76f4bc0d8bccfc96c118a167a1280fee7c7465af5115e73082e5e",
                records: 1,
                firstIP: "40.93.199.22",
                messages: 1
            ),
        "parsedmarc_old_draft_from_wiki.xml":
            .stored(
                organization: "acme.com",
                reportID: "9391651994964116463",
                records: 1,
                firstIP: "72.150.241.94",
                messages: 2
            ),
        "parsedmarc_protection.outlook.com_example.com_1711756800_1711843200.xml":
            .stored(
                organization: "Outlook.com",
                reportID: "cfeafefe4129445e8c81018bd9177197",
                records: 1,
                firstIP: "100.24.188.149",
                messages: 1
            ),
        "parsedmarc_report_with_upper_cased_pass.xml":
            .stored(
                organization: "example.com",
                reportID: "aggr_report_example.com_20191202_1638",
                records: 1,
                firstIP: "23.104.41.189",
                messages: 1
            ),
        "parsedmarc_rfc9990-sample.xml":
            .stored(
                organization: "Sample Reporter",
                reportID: "3v98abbp8ya9n3va8yr8oa3ya",
                records: 1,
                firstIP: "192.0.2.123",
                messages: 123
            ),
    ]

    static func installation() throws -> Installation {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("smiley-dmarc-\(UUID().uuidString)")
            .path
        let result = try InitWorkflow.run(
            directory: folder,
            fromName: "Acme Support",
            fromAddress: "support@acme.example",
            replyDomain: "reply.acme.example"
        )
        return try Installation.load(
            configPath: result.configPath,
            builtInTemplates: root.appendingPathComponent("templates").path
        )
    }

    /// A shared `.eml` as it is; any other file as the attachment of a reporter's message (base64).
    static func message(_ name: String) throws -> [UInt8] {
        let bytes = Array(try Data(contentsOf: shared.appendingPathComponent("payloads/dmarc/" + name)))
        if name.hasSuffix(".eml") { return bytes }
        let base64 = Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn])
        let text =
            "From: dmarc@reporter.example\r\nTo: dmarc@acme.example\r\n"
            + "Subject: Report domain: example.com Submitter: reporter.example\r\nMessage-ID: <\(name)@reporter>\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
            + "--b\r\nContent-Type: text/plain\r\n\r\nThis is an aggregate report.\r\n"
            + "--b\r\nContent-Type: application/octet-stream; name=\"\(name)\"\r\n"
            + "Content-Disposition: attachment; filename=\"\(name)\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + base64 + "\r\n--b--\r\n"
        return Array(text.utf8)
    }

    @Test("the shared DMARC folder is there and every file has an expectation")
    func folder() {
        #expect(Self.files.count >= 13, "payloads/dmarc under \(Self.shared.path)")
        #expect(Set(Self.files) == Set(Self.expected.keys))
    }

    @Test("each shared DMARC file is stored, quarantined with its reason, or classified", arguments: files)
    func ingest(_ name: String) throws {
        let installation = try Self.installation()
        let expected = try #require(Self.expected[name], "no expectation for \(name)")
        let bytes = try Self.message(name)
        let outcome = try IngestWorkflow.run(installation: installation, bytes: bytes, synchronize: false)
        let store = installation.store(synchronize: false)
        var unreadable: [String] = []
        switch expected {
        case .stored(let organization, let reportID, let records, let firstIP, let messages):
            #expect(outcome.dispositionName == "dmarcReport", "\(name): \(outcome.summary)")
            let stored = try store.dmarcReports.reports(as: DMARCReport.self, unreadable: &unreadable)
            #expect(stored.count == 1)
            let report = try #require(stored.first)
            #expect(report.organization == organization)
            #expect(report.reportID == reportID)
            #expect(report.report.records.count == records)
            #expect(report.report.messageCount == messages)
            #expect(report.report.records.first?.sourceIP == firstIP)
            #expect(outcome.recordID == DMARCReportStore.fileName(organization: organization, reportID: reportID))
            // The same report again: stored once.
            let again = try IngestWorkflow.run(installation: installation, bytes: bytes, synchronize: false)
            #expect(again.duplicate)
            #expect(try store.dmarcReports.reports(as: DMARCReport.self, unreadable: &unreadable).count == 1)
        case .quarantined(let reason):
            #expect(outcome.dispositionName == "quarantine", "\(name): \(outcome.summary)")
            let entry = try #require(try store.quarantine.entries().first)
            #expect(entry.reason.contains(reason), "\(entry.reason)")
            #expect(try store.dmarcReports.reports(as: DMARCReport.self, unreadable: &unreadable).isEmpty)
        case .other(let disposition):
            #expect(outcome.dispositionName == disposition, "\(name): \(outcome.summary)")
            #expect(try store.dmarcReports.reports(as: DMARCReport.self, unreadable: &unreadable).isEmpty)
        }
        #expect(unreadable.isEmpty)
    }

    @Test("a report as a plain text/xml body is stored; a zip bomb attachment is quarantined with the reason")
    func bodyAndBomb() throws {
        let installation = try Self.installation()
        let xml = try String(
            contentsOf: Self.shared.appendingPathComponent("payloads/dmarc/parsedmarc_empty_reason.xml"),
            encoding: .utf8
        )
        let plain = "From: r@example.org\r\nSubject: Report domain: example.com\r\nContent-Type: text/xml\r\n\r\n" + xml
        let stored = try IngestWorkflow.run(installation: installation, bytes: Array(plain.utf8), synchronize: false)
        #expect(stored.dispositionName == "dmarcReport")

        var zeros = [UInt8](repeating: 0x20, count: 30 * 1024 * 1024)
        zeros.replaceSubrange(0..<10, with: Array("<feedback>".utf8))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "head -c 52428800 /dev/zero | gzip -9 -n"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let bomb = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let message =
            "From: r@example.org\r\nSubject: Report domain: example.com\r\nContent-Type: application/gzip; "
            + "name=\"r.xml.gz\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + bomb.base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn]) + "\r\n"
        let outcome = try IngestWorkflow.run(installation: installation, bytes: Array(message.utf8), synchronize: false)
        #expect(outcome.dispositionName == "quarantine")
        let entry = try #require(try installation.store(synchronize: false).quarantine.entries().first)
        #expect(entry.reason.contains("decompression bomb"), "\(entry.reason)")
    }
}
