public import Foundation
import SmileyHTML

extension DMARCReport {
    /// The namespace of the 2.0 schema (RFC 7489's successor); RFC 7489 reports carry none.
    public static let namespace2 = "urn:ietf:params:xml:ns:dmarc-2.0"

    /// Reads a report from its XML document.
    ///
    /// A UTF-8 byte-order mark is skipped. The document is parsed by ``SmileyHTML/XMLDocument`` (no entity
    /// expansion, no network, entity declarations refused). Elements may be in no namespace or in
    /// ``namespace2``; values are trimmed and the schema's keywords lowercased.
    /// - Parameter bytes: the XML document.
    /// - Throws: ``DMARCReportError`` when the bytes are not UTF-8, not well-formed, declare entities, are not a
    ///   `feedback` document, or lack a required field (`org_name`, `report_id`, `date_range`, the policy's
    ///   `domain`, a row's `source_ip` and `count`).
    public init(parsing bytes: [UInt8]) throws(DMARCReportError) {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if Self.declaresUTF8(body), let offset = Self.firstInvalidUTF8(body) {
            throw .invalidUTF8(offset: offset + (bytes.count - body.count))
        }
        let document: XMLDocument
        do {
            document = try XMLDocument(parsing: Array(body))
        } catch {
            if error.isEntityDeclaration { throw .entityDeclarations(error.message) }
            throw .malformedXML("line \(error.line), column \(error.column): \(error.message)")
        }
        try self.init(root: document.root)
    }

    /// Reads a report from a parsed document's root element.
    /// - Throws: ``DMARCReportError`` when the root is not a DMARC `feedback` element or a required field is
    ///   missing.
    init(root: XMLElement) throws(DMARCReportError) {
        guard root.localName == "feedback" else {
            throw .notAggregateReport("the root element is <\(root.name)>, not <feedback>")
        }
        if let uri = root.namespaceURI, uri != Self.namespace2 {
            throw .notAggregateReport("the root element is in the namespace '\(uri)'")
        }
        guard let meta = root.child(named: "report_metadata") else { throw .missingField("report_metadata") }
        guard let published = root.child(named: "policy_published") else { throw .missingField("policy_published") }
        metadata = Metadata(
            organization: try Self.required(meta, "report_metadata", "org_name"),
            email: Self.optional(meta, "email") ?? "",
            reportID: try Self.required(meta, "report_metadata", "report_id"),
            begin: try Self.timestamp(meta, "date_range", "begin"),
            end: try Self.timestamp(meta, "date_range", "end")
        )
        policy = PolicyPublished(
            domain: try Self.required(published, "policy_published", "domain"),
            adkim: Self.keyword(published, "adkim"),
            aspf: Self.keyword(published, "aspf"),
            p: Self.keyword(published, "p"),
            sp: Self.keyword(published, "sp"),
            pct: try Self.integer(published, "policy_published", "pct")
        )
        records = []
        for (index, record) in root.children(named: "record").enumerated() {
            records.append(try Self.record(record, path: "record[\(index + 1)]"))
        }
    }

    private static func record(_ element: XMLElement, path: String) throws(DMARCReportError) -> Record {
        guard let row = element.child(named: "row") else { throw .missingField(path + "/row") }
        let evaluated = row.child(named: "policy_evaluated")
        guard let count = try integer(row, path + "/row", "count") else { throw .missingField(path + "/row/count") }
        let identifiers = element.child(named: "identifiers")
        let auth = element.child(named: "auth_results")
        return Record(
            sourceIP: try required(row, path + "/row", "source_ip"),
            count: count,
            disposition: evaluated.flatMap { keyword($0, "disposition") } ?? .none,
            dkim: evaluated.flatMap { keyword($0, "dkim") },
            spf: evaluated.flatMap { keyword($0, "spf") },
            headerFrom: identifiers.flatMap { optional($0, "header_from") } ?? "",
            envelopeFrom: identifiers.flatMap { optional($0, "envelope_from") },
            envelopeTo: identifiers.flatMap { optional($0, "envelope_to") },
            dkimResults: (auth?.children(named: "dkim") ?? []).map {
                DKIMResult(
                    domain: optional($0, "domain") ?? "",
                    selector: optional($0, "selector"),
                    result: keyword($0, "result") ?? .none
                )
            },
            spfResults: (auth?.children(named: "spf") ?? []).map {
                SPFResult(
                    domain: optional($0, "domain") ?? "",
                    scope: optional($0, "scope")?.lowercased(),
                    result: keyword($0, "result") ?? .none
                )
            }
        )
    }

    /// A child's trimmed text, `nil` when absent or empty.
    private static func optional(_ parent: XMLElement, _ name: String) -> String? {
        guard let text = parent.child(named: name)?.allText.trimmingCharacters(in: .whitespacesAndNewlines),
            !text.isEmpty
        else { return nil }
        return text
    }

    /// A keyword child, lowercased (`Pass` → `pass`).
    private static func keyword<Keyword: DMARCKeyword>(_ parent: XMLElement, _ name: String) -> Keyword? {
        optional(parent, name).map { Keyword(rawValue: $0) }
    }

    private static func required(
        _ parent: XMLElement,
        _ path: String,
        _ name: String
    ) throws(DMARCReportError) -> String {
        guard let text = optional(parent, name) else { throw .missingField(path + "/" + name) }
        return text
    }

    private static func integer(
        _ parent: XMLElement,
        _ path: String,
        _ name: String
    ) throws(DMARCReportError) -> Int? {
        guard let text = optional(parent, name) else { return nil }
        guard let value = Int(text), value >= 0 else { throw .invalidValue(path + "/" + name, text) }
        return value
    }

    /// `report_metadata/date_range/<name>`: seconds since 1970.
    private static func timestamp(
        _ meta: XMLElement,
        _ range: String,
        _ name: String
    ) throws(DMARCReportError) -> Date {
        let path = "report_metadata/" + range
        guard let element = meta.child(named: range) else { throw .missingField(path) }
        guard let seconds = try integer(element, path, name) else { throw .missingField(path + "/" + name) }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Whether the XML declaration names UTF-8 or no encoding at all (then XML means UTF-8).
    private static func declaresUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard bytes.starts(with: Array("<?xml".utf8)), let end = bytes.firstIndex(of: UInt8(ascii: ">")) else {
            return true
        }
        let declaration = String(decoding: bytes[bytes.startIndex..<end], as: UTF8.self).lowercased()
        guard let range = declaration.range(of: "encoding") else { return true }
        let rest = declaration[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
        return rest.hasPrefix("utf-8") || rest.hasPrefix("utf8") || rest.hasPrefix("us-ascii")
    }

    /// The offset of the first byte that is not part of valid UTF-8, or `nil`.
    private static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        var consumed = 0
        // Counting bytes through a counting iterator keeps the offset of the scalar that failed.
        var counting = AnyIterator<UInt8> {
            guard let byte = iterator.next() else { return nil }
            consumed += 1
            return byte
        }
        while true {
            switch decoder.decode(&counting) {
            case .scalarValue: offset = consumed
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}
