import Foundation
import Testing

@testable import SmileyCore

/// `SmileyConfig.parse` reads `smiley.json` with its own reader and leaves to `JSONDecoder` only what that reader
/// gives up on: on thousands of files, good and bad, it returns what `JSONDecoder` alone returns — the same
/// configuration, or the same error message.
struct ConfigReaderTests {
    /// A JSON object as ordered `key: raw JSON text` pairs, so a test can change one value's text exactly.
    struct Object {
        var members: [(key: String, raw: String)]
        var text: String { "{" + members.map { "\"\($0.key)\": \($0.raw)" }.joined(separator: ", ") + "}" }
    }

    static let survey = Object(members: [
        ("id", #""support""#), ("scale", #""csat5""#), ("template", #""default""#), ("locale", #""de""#),
        ("fromName", #""Support \"Team\" \u00e9\ud83d\ude00 \/ \\""#), ("fromAddress", #""support@example.com""#),
        ("replyDomain", #""reply.example.com""#), ("links", #""https""#),
    ])
    static let retention = Object(members: [
        ("records", "365"), ("sent", "null"), ("journals", "30"), ("quarantine", "7"), ("outbox", "1"),
        ("suppression", "3650"),
    ])
    static let server = Object(members: [
        ("host", #""::1""#), ("port", "9090"), ("trustedProxies", #"["10.0.0.0/8", "::1"]"#),
        ("scannerUserAgents", #"["MyGateway"]"#), ("scannerAddresses", "[]"), ("clickBurstSeconds", "30"),
        ("clickQuietSeconds", "600"), ("maximumBodyBytes", "4096"), ("requestTimeoutSeconds", "5"),
    ])

    static func top(
        survey: String = survey.text,
        retention: String = retention.text,
        server: String = server.text
    )
        -> Object
    {
        Object(members: [
            ("version", "1"), ("secretFile", #""smiley.secret""#), ("templatesDirectory", #""my templates""#),
            ("dataDirectory", #""/var/lib/smiley""#), ("outboxDirectory", #""out""#), ("tokenMaxAgeDays", "30"),
            ("frequencyCapDays", "14"), ("reminderAfterDays", "0"), ("retention", retention),
            ("baseURL", #""https://feedback.example.com""#),
            (
                "surveys",
                "[" + survey
                    + #", {"id": "sales", "fromName": "Sales", "fromAddress": "s@example.com", "replyDomain": "example.com"}]"#
            ),
            ("server", server),
        ])
    }

    /// What a value may be replaced with: right and wrong types, numbers `JSONDecoder` may read differently.
    static let replacements = [
        "null", "0", "1", "-1", "-0", "7", "1.0", "1.5", "1e2", "01", "99999999999999999999", "9223372036854775807",
        "true", "false", #""""#, #""x""#, #""smiley""#, #""nps""#, #""mailto""#, #""\u0000""#, #""\ud800""#,
        #""\x""#, "[]", "{}", #"["a"]"#, "[1]", #"{"a": 1}"#, "nul", "tru", #""a"#,
    ]

    /// Every file: the base, each value of each object replaced or removed, duplicated keys, truncations and byte
    /// changes of the base.
    static func inputs() -> [String] {
        var texts: [String] = [top().text]
        func variants(of object: Object, wrap: (String) -> String) {
            for index in object.members.indices {
                var removed = object
                removed.members.remove(at: index)
                texts.append(wrap(removed.text))
                var doubled = object
                doubled.members.append(object.members[index])
                texts.append(wrap(doubled.text))
                for replacement in replacements {
                    var changed = object
                    changed.members[index].raw = replacement
                    texts.append(wrap(changed.text))
                }
            }
        }
        variants(of: top()) { $0 }
        variants(of: survey) { top(survey: $0).text }
        variants(of: retention) { top(retention: $0).text }
        variants(of: server) { top(server: $0).text }
        let minimal =
            #"{"surveys": [{"id": "a", "fromName": "A", "fromAddress": "a@example.com", "replyDomain": "example.com"}]}"#
        var unknown = top()
        unknown.members.append(("unknown", #"{"nested": [1, 2, {"a": null}], "flag": true, "n": 1.5e3}"#))
        texts.append(unknown.text)
        texts += [
            minimal, " \n\t\r" + minimal + " \n", "\u{FEFF}" + minimal, minimal + ",", minimal + "{}", "[]", "", "null",
        ]
        let base = Array(top().text.utf8)
        var bytes: [[UInt8]] = (0..<base.count).map { Array(base[..<$0]) }
        var generator = Seeded(state: 5)
        let interesting = Array("{}[],:\"\\0123456789-.eEntf \u{7F}".utf8) + [0x00, 0x0A, 0xC3, 0xFF, 0x80]
        for _ in 0..<2_000 {
            var mutated = base
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                mutated[Int.random(in: 0..<mutated.count, using: &generator)] = interesting.randomElement(
                    using: &generator
                )!
            }
            bytes.append(mutated)
        }
        return texts + bytes.map { String(decoding: $0, as: UTF8.self) } + Self.rawInputs(bytes)
    }

    /// Byte inputs that are not valid UTF-8 cannot travel as `String`: kept as Latin-1 text marked by a prefix.
    static func rawInputs(_ bytes: [[UInt8]]) -> [String] {
        bytes.filter { String(validating: $0, as: UTF8.self) == nil }.map {
            "RAW:" + $0.map { String($0) }.joined(separator: ",")
        }
    }

    static func data(_ input: String) -> Data {
        guard input.hasPrefix("RAW:") else { return Data(input.utf8) }
        return Data(input.dropFirst(4).split(separator: ",").map { UInt8($0)! })
    }

    static func outcome(_ data: Data, ownReader: Bool) -> String {
        do {
            return "config \(try SmileyConfig.parse(data, path: "smiley.json", ownReader: ownReader))"
        } catch {
            return "error \(error.description)"
        }
    }

    @Test func parseAgreesWithJSONDecoderOnEveryInput() throws {
        var readHere = 0
        var refused = 0
        let inputs = Self.inputs()
        for input in inputs {
            let data = Self.data(input)
            let expected = Self.outcome(data, ownReader: false)
            #expect(Self.outcome(data, ownReader: true) == expected, "\(input)")
            if expected.hasPrefix("error") { refused += 1 }
            if let own = SmileyConfig.read([UInt8](data)) {
                readHere += 1
                // Whatever the own reader reads, JSONDecoder reads the same way.
                #expect(try JSONDecoder().decode(SmileyConfig.self, from: data) == own, "\(input)")
            }
        }
        // Not vacuous: the own reader took most good files, and many files were refused (by both).
        #expect(readHere > 300, "the own reader read only \(readHere) of \(inputs.count) files")
        #expect(refused > 1_000, "only \(refused) of \(inputs.count) files were refused")
    }

    /// The reader's key lists are the keys the `Codable` types write: a key added there and not in the reader
    /// fails here (files with it would still be read right, by `JSONDecoder`, but slowly).
    @Test func theReaderKnowsEveryKeyTheCodableTypesWrite() throws {
        var config = SmileyConfig(
            surveys: [
                .init(
                    id: "a",
                    scale: .nps,
                    template: "t",
                    locale: "fr",
                    fromName: "A",
                    fromAddress: "a@example.com",
                    replyDomain: "x.org",
                    links: "https"
                )
            ],
            baseURL: "https://x.org"
        )
        config.templatesDirectory = "templates"
        config.retention = .uniform(days: 9)
        config.retention.suppression = 99
        config.server = ServerSettings(trustedProxies: ["::1"])
        let object = try #require(
            JSONSerialization.jsonObject(with: try JSONEncoder().encode(config)) as? [String: Any]
        )
        let survey = try #require((object["surveys"] as? [[String: Any]])?.first)
        let retention = try #require(object["retention"] as? [String: Any])
        let server = try #require(object["server"] as? [String: Any])
        let keys = SmileyConfig.readerKeys
        #expect(Set(object.keys) == Set(keys.top))
        #expect(Set(survey.keys) == Set(keys.survey))
        #expect(Set(retention.keys) == Set(keys.retention))
        #expect(Set(server.keys) == Set(keys.server))
    }

    @Test func theOwnReaderReadsWhatInitWritesAndEscapes() throws {
        let config = try #require(SmileyConfig.read(Array(Self.top().text.utf8)))
        #expect(config.surveys[0].fromName == "Support \"Team\" é😀 / \\")
        #expect(config.retention.sent == nil && config.retention.suppression == 3650)
        #expect(config.server?.trustedProxies == ["10.0.0.0/8", "::1"])
        var written = SmileyConfig(surveys: [
            .init(id: "a", fromName: "A", fromAddress: "a@example.com", replyDomain: "x.org")
        ])
        written.server = ServerSettings(port: 1234)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        #expect(SmileyConfig.read([UInt8](try encoder.encode(written))) == written)
    }
}

/// A seeded generator (SplitMix64), so every run tries the same files.
struct Seeded: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
