import Foundation
import Testing

@testable import SmileyStore

/// The store writes and reads dates without Foundation's calendar; they must be exactly `JSONEncoder`'s and
/// `JSONDecoder`'s `.iso8601`, so files written before and after read the same.
@Suite("store dates")
struct StoreDatesTests {
    struct Stamp: Codable, Equatable {
        let at: Date
    }

    static func encoders() -> (JSONEncoder, JSONEncoder) {
        let reference = JSONEncoder()
        reference.dateEncodingStrategy = .iso8601
        let store = JSONEncoder()
        store.dateEncodingStrategy = StoreDates.encoding
        return (reference, store)
    }

    @Test("10,000 dates from 1970 to 9999 (fractions included) are written byte for byte as .iso8601 writes them")
    func writtenAsFoundationWrites() throws {
        let (reference, store) = Self.encoders()
        var generator = SystemRandomNumberGenerator()
        var dates = [0, 951_782_400, 1_709_164_800, 253_402_300_799].map { Date(timeIntervalSince1970: $0) }
        for _ in 0..<10_000 {
            dates.append(Date(timeIntervalSince1970: Double.random(in: 0..<253_402_300_799, using: &generator)))
        }
        for date in dates {
            let expected = try reference.encode(Stamp(at: date))
            #expect(try store.encode(Stamp(at: date)) == expected, "\(date.timeIntervalSince1970)")
        }
    }

    @Test("what .iso8601 reads, the store reads to the same date; what it refuses, the store refuses")
    func readAsFoundationReads() throws {
        let reference = JSONDecoder()
        reference.dateDecodingStrategy = .iso8601
        let store = JSONDecoder()
        store.dateDecodingStrategy = StoreDates.decoding
        let texts = [
            "2024-05-01T12:00:00Z", "1970-01-01T00:00:00Z", "2024-02-29T23:59:59Z", "9999-12-31T23:59:59Z",
            "2024-05-01T14:00:00+02:00", "2024-05-01T12:00:00.250Z", "2023-02-29T12:00:00Z", "2024-13-01T00:00:00Z",
            "2024-04-31T00:00:00Z", "2024-05-01T24:00:00Z", "2024-05-01T12:60:00Z", "2024-05-01 12:00:00Z",
            "2024-05-01T12:00:00", "2024-5-01T12:00:00Z", "２０２４-05-01T12:00:00Z", "", "yesterday",
        ]
        for text in texts {
            let json = Data("{\"at\":\"\(text)\"}".utf8)
            let expected = try? reference.decode(Stamp.self, from: json)
            let read = try? store.decode(Stamp.self, from: json)
            #expect(read == expected, "\(text): \(String(describing: read)) vs \(String(describing: expected))")
        }
        var generator = SystemRandomNumberGenerator()
        let (encoder, _) = Self.encoders()
        for _ in 0..<2_000 {
            let date = Date(timeIntervalSince1970: Double(Int.random(in: 0..<4_102_444_800, using: &generator)))
            let json = try encoder.encode(Stamp(at: date))
            #expect(try store.decode(Stamp.self, from: json) == reference.decode(Stamp.self, from: json))
        }
    }
}
