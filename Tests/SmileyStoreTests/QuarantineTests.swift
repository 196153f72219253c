import Foundation
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
            reason: "no token found",
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
                    reason: "no token found",
                    receivedAt: day(3, hours: 1.25)
                )
            ]
        )
        #expect(scratch.allFiles() == ["quarantine/\(digest).eml", "quarantine/\(digest).json"])
    }

    @Test("the same message quarantined twice is one message and one sidecar, the first")
    func sameMessageOnce() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let quarantine = makeStore(scratch).quarantine
        let first = try quarantine.keep(Self.awkward, reason: "first", receivedAt: day(0))
        let second = try quarantine.keep(Self.awkward, reason: "second", receivedAt: day(1))
        #expect(first.outcome == .stored)
        #expect(second.outcome == .duplicate)
        #expect(second.sha256 == first.sha256)
        #expect(try quarantine.entries().map(\.reason) == ["first"])
        #expect(scratch.allFiles().count == 2)
        let other = try quarantine.keep(Self.awkward + [0x0A], reason: "other", receivedAt: day(2))
        #expect(other.outcome == .stored)
        #expect(try quarantine.entries().map(\.reason) == ["first", "other"])

        #expect(try quarantine.remove(sha256: first.sha256))
        #expect(try quarantine.message(sha256: first.sha256) == nil)
        #expect(try quarantine.message(sha256: "../../etc/passwd") == nil)
        #expect(try quarantine.entries().map(\.reason) == ["other"])
    }
}
