import Foundation
import SmileyCore
import Testing

@testable import SmileyStore

@Suite("Quarantine")
struct QuarantineTests {
    /// A message with NUL, invalid UTF-8 (a lone continuation byte, an overlong form, 0xFF), bare CR and CRLF.
    static let awkward: [UInt8] =
        Array("From: x@example.com\r\nSubject: =?bogus?=\r\n\r\n".utf8)
        + [0x00, 0x41, 0x80, 0xC0, 0xAF, 0xFF, 0xFE, 0x0D, 0x42, 0x0D, 0x0A, 0x00] + Array(repeating: 0xE2, count: 3)

    @Test("a quarantined message reads back byte for byte, NUL and invalid UTF-8 included, with a truthful sidecar")
    func keepsBytes() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let quarantine = makeStore(scratch, synchronizes: true).quarantine
        let (digest, outcome) = try quarantine.keep(
            Self.awkward,
            reason: .noSurvey(tokenProblem: "the token's signature does not match"),
            receivedAt: day(3, hours: 1.25)
        )
        #expect(outcome == .stored)
        #expect(digest == SHA256.hex(Self.awkward))
        #expect(try quarantine.message(sha256: digest) == Self.awkward)
        let onDisk = try Data(contentsOf: URL(filePath: scratch.path + "/quarantine/\(digest).eml"))
        #expect([UInt8](onDisk) == Self.awkward)
        #expect(
            try quarantine.entries() == [
                QuarantineEntry(
                    sha256: digest,
                    size: Self.awkward.count,
                    reason: "no survey token or survey Message-ID found; the token's signature does not match",
                    code: "no-survey",
                    receivedAt: day(3, hours: 1.25)
                )
            ]
        )
        #expect(scratch.allFiles() == ["quarantine/\(digest).eml", "quarantine/\(digest).json"])
        let sidecar = try String(contentsOfFile: scratch.path + "/quarantine/\(digest).json", encoding: .utf8)
        #expect(sidecar.contains("\"code\" : \"no-survey\""), "\(sidecar)")
    }

    @Test("a sidecar written before reasons had codes still reads, without a code")
    func sidecarWithoutCode() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let quarantine = makeStore(scratch).quarantine
        let kept = try quarantine.keep(Self.awkward, reason: .emptyMessage, receivedAt: day(0))
        let path = scratch.path + "/quarantine/\(kept.sha256).json"
        let old =
            "{\"schemaVersion\":1,\"sha256\":\"\(kept.sha256)\",\"size\":\(Self.awkward.count),"
            + "\"reason\":\"empty message\",\"receivedAt\":\"1970-01-01T00:00:00Z\"}"
        try Data(old.utf8).write(to: URL(filePath: path))
        let entry = try #require(try quarantine.entries().first)
        #expect(entry.code == nil && entry.reason == "empty message")
    }

    @Test("every reason has its own code and says what it is")
    func reasonCodes() {
        let reasons: [QuarantineReason] = [
            .emptyMessage, .tooLarge(limit: 10), .noSurvey(tokenProblem: nil), .nothingToKeep(tokenProblem: "x"),
            .dmarcFailureReport, .unreadableDMARCReport("not well-formed XML"), .notStorable("disk full"),
        ]
        #expect(Set(reasons.map(\.code)).count == reasons.count)
        #expect(reasons.allSatisfy { !$0.description.isEmpty && $0.code.allSatisfy { $0.isLowercase || $0 == "-" } })
        #expect(QuarantineReason.tooLarge(limit: 10).description == "larger than 10 bytes; not parsed")
        #expect(QuarantineReason.nothingToKeep(tokenProblem: "x").description.hasSuffix("; x"))
    }

    @Test("the same message quarantined twice is one message and one sidecar, the first")
    func sameMessageOnce() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let quarantine = makeStore(scratch).quarantine
        let first = try quarantine.keep(Self.awkward, reason: .noSurvey(tokenProblem: nil), receivedAt: day(0))
        let second = try quarantine.keep(Self.awkward, reason: .emptyMessage, receivedAt: day(1))
        #expect(first.outcome == .stored)
        #expect(second.outcome == .duplicate)
        #expect(second.sha256 == first.sha256)
        #expect(try quarantine.entries().map(\.code) == ["no-survey"])
        #expect(scratch.allFiles().count == 2)
        let other = try quarantine.keep(Self.awkward + [0x0A], reason: .tooLarge(limit: 1), receivedAt: day(2))
        #expect(other.outcome == .stored)
        #expect(try quarantine.entries().map(\.code) == ["no-survey", "too-large"])

        #expect(try quarantine.remove(sha256: first.sha256))
        #expect(try quarantine.message(sha256: first.sha256) == nil)
        #expect(try quarantine.message(sha256: "../../etc/passwd") == nil)
        #expect(try quarantine.entries().map(\.code) == ["too-large"])
    }
}
