import Foundation
import SmileyInbound
import Testing

/// DMARC reports packed as gzip and zip: the shared attachments, and bombs built here with `gzip`.
@Suite("DMARC report attachments")
struct DMARCAttachmentTests {
    static let gzipName = "payloads/dmarc/parsedmarc_fastmail.com_example.com_1516060800_1516147199_102675056.xml.gz"
    static let zipName =
        "payloads/dmarc/parsedmarc_estadocuenta1.infonacot.gob.mx_example.com_1536853302_1536939702_2940.xml.zip"

    /// `count` zero bytes through `gzip -9`: about 1,000:1.
    static func gzippedZeros(_ count: Int) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "head -c \(count) /dev/zero | gzip -9 -n"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return [UInt8](data)
    }

    /// A zip holding one deflated file, its deflate data taken from a gzip file (header and trailer stripped).
    static func zip(name: String, gzip: [UInt8]) -> [UInt8] {
        let deflated = Array(gzip[10..<(gzip.count - 8)])  // `-n`: a 10-byte header; CRC and size trail
        let crc = Array(gzip[(gzip.count - 8)..<(gzip.count - 4)])
        let size = Array(gzip[(gzip.count - 4)...])
        func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func le32(_ value: Int) -> [UInt8] { le16(value & 0xFFFF) + le16(value >> 16 & 0xFFFF) }
        let nameBytes = Array(name.utf8)
        let local =
            le32(0x0403_4b50) + le16(20) + le16(0) + le16(8) + le32(0) + crc + le32(deflated.count) + size
            + le16(nameBytes.count) + le16(0) + nameBytes
        let central =
            le32(0x0201_4b50) + le16(20) + le16(20) + le16(0) + le16(8) + le32(0) + crc
            + le32(deflated.count) + size + le16(nameBytes.count) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0)
            + le32(0) + nameBytes
        let end =
            le32(0x0605_4b50) + le16(0) + le16(0) + le16(1) + le16(1) + le32(central.count)
            + le32(local.count + deflated.count) + le16(0)
        return local + deflated + central + end
    }

    @Test("FastMail's .xml.gz: recognised by its magic number and read")
    func gzip() throws {
        let bytes = try ClassifierFixtures.bytes(Self.gzipName)
        let packing = try #require(DMARCReport.Packing(bytes: bytes, fileName: nil, contentType: nil))
        #expect(packing == .gzip)
        let report = try DMARCReport(attachment: bytes, packing: packing)
        #expect(report.metadata.organization == "FastMail Pty Ltd")
        #expect(report.metadata.reportID == "102675056")
        #expect(report.policy.domain == "indemed.com")
        #expect(report.records.map(\.sourceIP) == ["104.195.80.20"])
        #expect(report.records[0].spfResults.map(\.result) == ["softfail"])
    }

    @Test("a zip holding one .xml: read")
    func zip() throws {
        let bytes = try ClassifierFixtures.bytes(Self.zipName)
        #expect(DMARCReport.Packing(bytes: bytes, fileName: nil, contentType: nil) == .zip)
        let report = try DMARCReport(attachment: bytes, packing: .zip)
        #expect(report.metadata.organization == "XYZ Corporation")
        #expect(report.metadata.reportID == "2940")
        #expect(report.records.count == 1)
        #expect(report.records[0].sourceIP == "148.243.137.254")
        #expect(report.records[0].dkimResults.isEmpty && report.records[0].spfResults.isEmpty)
    }

    @Test("bytes after a gzip member (Mimecast's trailing CRLF) are ignored; a cut-short gzip is refused")
    func gzipEdges() throws {
        let bytes = try ClassifierFixtures.bytes(Self.gzipName)
        let report = try DMARCReport(attachment: bytes + Array("\r\n".utf8), packing: .gzip)
        #expect(report.metadata.reportID == "102675056")
        do {
            _ = try DMARCReport.unpack(Array(bytes.prefix(bytes.count / 2)), packing: .gzip)
            Issue.record("a truncated gzip was accepted")
        } catch {
            #expect(error.description.contains("damaged"), "\(error)")
        }
    }

    @Test("a gzip bomb (100 MB of zeros) is refused at the ratio cap, without inflating it all")
    func gzipBomb() throws {
        let bomb = try Self.gzippedZeros(100 * 1024 * 1024)
        #expect(bomb.count < 200_000)
        let start = ContinuousClock.now
        do {
            _ = try DMARCReport.unpack(bomb, packing: .gzip)
            Issue.record("the bomb was inflated")
        } catch {
            #expect(error.isDecompressionLimit)
            #expect(error.description.contains("100:1"), "\(error)")
        }
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test("a zip bomb is refused; with the ratio cap lifted, the size cap stops it")
    func zipBomb() throws {
        let bomb = Self.zip(name: "report.xml", gzip: try Self.gzippedZeros(64 * 1024 * 1024))
        #expect(DMARCReport.Packing(bytes: bomb, fileName: "bomb.zip", contentType: nil) == .zip)
        do {
            _ = try DMARCReport(attachment: bomb, packing: .zip)
            Issue.record("the zip bomb was inflated")
        } catch {
            #expect(error.isDecompressionLimit, "\(error)")
        }
        let sizeOnly = DecompressionLimits(maximumBytes: 8 * 1024 * 1024, maximumRatio: 1_000_000)
        do {
            _ = try DMARCReport.unpack(bomb, packing: .zip, limits: sizeOnly)
            Issue.record("the zip bomb was inflated")
        } catch {
            #expect(error.isDecompressionLimit)
            #expect(error.description.contains("more than 8388608 bytes"), "\(error)")
        }
    }

    @Test("a small zip built here unpacks; a zip whose end record promises more entries is refused")
    func builtZip() throws {
        let xml = try ClassifierFixtures.bytes("payloads/dmarc/parsedmarc_empty_reason.xml")
        let gzipped = try Self.gzippedZeros(0)
        #expect(!gzipped.isEmpty)
        let stored = Self.zip(name: "empty.xml", gzip: gzipped)
        #expect(try DMARCReport.unpack(stored, packing: .zip).isEmpty)
        #expect(try DMARCReport.unpack(xml, packing: .xml) == xml)
        var two = Self.zip(name: "a.xml", gzip: gzipped)
        // Say two entries in the end record, with the central directory holding one: damaged.
        two[two.count - 12] = 2
        two[two.count - 14] = 2
        do {
            _ = try DMARCReport.unpack(two, packing: .zip)
            Issue.record("a damaged zip was accepted")
        } catch {
            #expect(error.description.contains("central directory"), "\(error)")
        }
    }
}
