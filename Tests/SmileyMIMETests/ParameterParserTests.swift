import Foundation
import Testing

@testable import SmileyMIME

/// `ParameterParser` gathers parameters in sorted arrays instead of dictionaries (a start-up cost): its result is
/// the dictionary reading's on every Content-Type and Content-Disposition of the shared corpus, on RFC 2231
/// sections given in any order and twice, and on seeded damage of all of them.
struct ParameterParserTests {
    /// How parameters were read with dictionaries (name → value, name → section → part), kept as the reference.
    static func dictionaryReading(_ bytes: ArraySlice<UInt8>) -> [String: String] {
        var plain: [String: [UInt8]] = [:]
        var sections: [String: [Int: (bytes: [UInt8], extended: Bool)]] = [:]
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            while i < end, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == UInt8(ascii: ";") { i += 1 }
            let nameStart = i
            while i < end, bytes[i] != UInt8(ascii: "="), bytes[i] != UInt8(ascii: ";") { i += 1 }
            guard i < end, bytes[i] == UInt8(ascii: "=") else { continue }
            let rawName = ContentType.lowercasedKeyword(bytes[nameStart..<i])
            i += 1
            while i < end, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
            var value: [UInt8] = []
            if i < end, bytes[i] == UInt8(ascii: "\"") {
                i += 1
                while i < end, bytes[i] != UInt8(ascii: "\"") {
                    if bytes[i] == UInt8(ascii: "\\"), i + 1 < end { i += 1 }
                    value.append(bytes[i])
                    i += 1
                }
                i += 1
                while i < end, bytes[i] != UInt8(ascii: ";") { i += 1 }
            } else {
                while i < end, bytes[i] != UInt8(ascii: ";") {
                    value.append(bytes[i])
                    i += 1
                }
                while let last = value.last, last == 0x20 || last == 0x09 { value.removeLast() }
            }
            guard !rawName.isEmpty else { continue }
            var base = rawName
            var extended = false
            var section: Int?
            if base.hasSuffix("*") {
                extended = true
                base.removeLast()
            }
            if let star = base.lastIndex(of: "*"), let n = Int(base[base.index(after: star)...]) {
                section = n
                base = String(base[..<star])
            } else if extended {
                section = 0
            }
            if let section, section < 1000 {
                sections[base, default: [:]][section] = (value, extended)
            } else if plain[base] == nil {
                plain[base] = value
            }
        }
        var result: [String: String] = [:]
        for (name, bytes) in plain {
            let value = String(decoding: bytes, as: UTF8.self)
            result[name] =
                value.contains("=?")
                ? EncodedWordDecoder.decode(Array(value.utf8)[...])
                : CharsetDecoder.decode(Array(value.utf8), charset: nil).text
        }
        for (name, parts) in sections {
            var charset: String?
            var joined: [UInt8] = []
            for key in parts.keys.sorted() {
                guard let part = parts[key] else { continue }
                var bytes = part.bytes[...]
                if part.extended {
                    if key == parts.keys.min(), let first = bytes.firstIndex(of: UInt8(ascii: "'")) {
                        charset = String(decoding: bytes[bytes.startIndex..<first], as: UTF8.self)
                        let afterLanguage =
                            bytes[(first + 1)...].firstIndex(of: UInt8(ascii: "'")).map { $0 + 1 } ?? first + 1
                        bytes = bytes[afterLanguage...]
                    }
                    joined += ParameterParser.percentDecode(bytes)
                } else {
                    joined += bytes
                }
            }
            result[name] = CharsetDecoder.decode(joined, charset: charset?.isEmpty == false ? charset : nil).text
        }
        return result
    }

    /// The Content-Type and Content-Disposition values (unfolded, from the first `;`) of every corpus message.
    static func corpusParameterLists() throws -> [[UInt8]] {
        let corpus = TestSupport.corpusFolder
        var lists: [[UInt8]] = []
        let files = FileManager.default.enumerator(at: corpus, includingPropertiesForKeys: nil)
        while let url = files?.nextObject() as? URL {
            guard ["eml", "mbox", "txt"].contains(url.pathExtension) else { continue }
            let bytes = [UInt8](try Data(contentsOf: url))
            var lines: [[UInt8]] = []
            for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
                var line = Array(line)
                if line.last == 0x0D { line.removeLast() }
                if let first = line.first, first == 0x20 || first == 0x09, !lines.isEmpty {
                    lines[lines.count - 1] += line
                } else {
                    lines.append(line)
                }
            }
            for line in lines {
                let lowered = line.prefix(20).map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 }
                guard lowered.starts(with: "content-type:".utf8) || lowered.starts(with: "content-disposition:".utf8),
                    let semicolon = line.firstIndex(of: UInt8(ascii: ";"))
                else { continue }
                lists.append(Array(line[semicolon...]))
            }
        }
        return lists
    }

    /// RFC 2231 sections in every order, doubled, mixed with plain values of the same name.
    static let madeLists: [String] = [
        "; filename*0*=utf-8''%E2%82%AC; filename*1=\" rate.txt\"",
        "; filename*1=\" rate.txt\"; filename*0*=utf-8''%E2%82%AC",
        "; filename*1=b; filename*0=a; filename*1=c; filename*0*=iso-8859-1'de'%E4",
        "; filename=plain.txt; filename*=utf-8''%C3%A9t%C3%A9.txt; filename=second.txt",
        "; name*2=c; name*0=a; name*1*=%62; name=x; name=y; NAME*3=\"d\"",
        "; a=1; b=2; a=3; c*=''%41; c*0=z; b*5=q; b*999=r; b*1000=s",
        "; charset=\"=?utf-8?q?x?=\"; charset=us-ascii; format=flowed; delsp=yes",
        "; x*0*=utf-8'en'%ZZ%4; x*01=y; x*1=z; x**=w; *=v; =u",
        "; boundary=\"----=_Part_1\"; boundary*0=one; boundary*1=two",
        "; t=é; t*=windows-1252''%E9; u=\"Grüße\"; v==?iso-8859-1?q?=E9?=",
    ]

    @Test func theArraysReadWhatTheDictionariesRead() throws {
        var lists = try Self.corpusParameterLists()
        #expect(lists.count > 500)
        lists += Self.madeLists.map { Array($0.utf8) }
        // Seeded damage: bytes changed, removed or repeated, and parameters shuffled.
        var generator = Generator(state: 2231)
        func next() -> UInt64 { generator.next() }
        let pool = Array(";=*'\"\\% 0123x".utf8) + [0xC3, 0xA9, 0xFF]
        for list in lists where !list.isEmpty {
            for _ in 0..<6 {
                var bytes = list
                for _ in 0...(next() % 4) {
                    let at = Int(next() % UInt64(bytes.count))
                    switch next() % 4 {
                    case 0: bytes[at] = pool[Int(next() % UInt64(pool.count))]
                    case 1: bytes.remove(at: at)
                    case 2: bytes.insert(pool[Int(next() % UInt64(pool.count))], at: at)
                    default:
                        var parts = bytes.split(separator: UInt8(ascii: ";")).map(Array.init)
                        parts.shuffle(using: &generator)
                        bytes = parts.flatMap { [UInt8(ascii: ";")] + $0 }
                    }
                    if bytes.isEmpty { break }
                }
                lists.append(bytes)
            }
        }
        var withSections = 0
        var differing = 0
        for list in lists {
            let parsed = ParameterParser.parse(list[...])
            let reference = Self.dictionaryReading(list[...])
            if parsed != reference {
                differing += 1
                if differing <= 5 {
                    Issue.record("\(String(decoding: list, as: UTF8.self)): \(parsed) vs \(reference)")
                }
            }
            if list.contains(UInt8(ascii: "*")) { withSections += 1 }
        }
        #expect(differing == 0)
        #expect(lists.count > 3_000)
        #expect(withSections > 500)
        // A header of thousands of parameters stays cheap (sorted, not searched for each).
        let many = Array((0..<20_000).map { "; p\($0 % 7_000)*\($0 % 3)=v" }.joined().utf8)
        #expect(ParameterParser.parse(many[...]) == Self.dictionaryReading(many[...]))
    }

    /// A seeded random number generator (a linear congruential one: the same damage every run).
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 29 ^ state << 35
        }
    }
}
