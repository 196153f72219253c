/// Why a DMARC aggregate report (or its attachment) was refused.
public struct DMARCReportError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case malformedXML
        case entityDeclarations
        case invalidUTF8
        case notAggregateReport
        case missingField
        case invalidValue
        case tooLarge
        case ratioExceeded
        case damagedArchive
        case unsupportedArchive
    }

    private let code: Code
    /// What was wrong, in Smiley's words (the field's path, libxml2's message, the archive's problem).
    public let detail: String

    private init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    /// The document is not well-formed XML.
    static func malformedXML(_ detail: String) -> DMARCReportError { .init(.malformedXML, detail) }
    /// The document declares entities (billion laughs, external entities).
    static func entityDeclarations(_ detail: String) -> DMARCReportError { .init(.entityDeclarations, detail) }
    /// The bytes are not UTF-8 at `offset`.
    static func invalidUTF8(offset: Int) -> DMARCReportError { .init(.invalidUTF8, "byte offset \(offset)") }
    /// The root element is not a DMARC `feedback` element.
    static func notAggregateReport(_ detail: String) -> DMARCReportError { .init(.notAggregateReport, detail) }
    /// A required element is missing or empty.
    static func missingField(_ path: String) -> DMARCReportError { .init(.missingField, path) }
    /// An element holds a value of the wrong form.
    static func invalidValue(_ path: String, _ value: String) -> DMARCReportError {
        .init(.invalidValue, "\(path) is '\(value.prefix(80))'")
    }
    /// Decompressing would exceed the size cap.
    static func tooLarge(limit: Int) -> DMARCReportError { .init(.tooLarge, "more than \(limit) bytes") }
    /// Decompressing would exceed the ratio cap.
    static func ratioExceeded(limit: Int) -> DMARCReportError { .init(.ratioExceeded, "more than \(limit):1") }
    /// The gzip or zip data is damaged or truncated.
    static func damagedArchive(_ detail: String) -> DMARCReportError { .init(.damagedArchive, detail) }
    /// The archive is of a kind Smiley does not read (several members, encryption, an unknown method).
    static func unsupportedArchive(_ detail: String) -> DMARCReportError { .init(.unsupportedArchive, detail) }

    /// `true` when the document was refused for declaring entities.
    public var isEntityDeclaration: Bool { code == .entityDeclarations }
    /// `true` when a decompression cap (size or ratio) stopped the attachment: a possible zip bomb.
    public var isDecompressionLimit: Bool { code == .tooLarge || code == .ratioExceeded }
    /// `true` when the document is well-formed XML but not a DMARC aggregate report at all.
    public var isNotAggregateReport: Bool { code == .notAggregateReport }
    /// `true` when the bytes are not valid UTF-8.
    public var isInvalidUTF8: Bool { code == .invalidUTF8 }
    /// `true` when the XML is not well-formed.
    public var isMalformedXML: Bool { code == .malformedXML }
    /// `true` when a required field is missing or a value has the wrong form.
    public var isIncomplete: Bool { code == .missingField || code == .invalidValue }

    public var description: String {
        switch code {
        case .malformedXML:
            return "DMARC report is not well-formed XML: \(detail). The reporter sent a damaged report; "
                + "the message is kept in quarantine, ask the reporter (its report's email) to fix its generator."
        case .entityDeclarations:
            return "DMARC report refused: \(detail). Smiley never expands XML entities; a genuine report has no "
                + "DOCTYPE, so this message is kept in quarantine and can be deleted."
        case .invalidUTF8:
            return "DMARC report is not valid UTF-8 (\(detail)). Reports must be UTF-8; the message is kept in "
                + "quarantine, ask the reporter to fix its encoding."
        case .notAggregateReport:
            return "not a DMARC aggregate report: \(detail). Only <feedback> documents (RFC 7489, or the "
                + "urn:ietf:params:xml:ns:dmarc-2.0 namespace) are read."
        case .missingField:
            return "DMARC report lacks \(detail), which every aggregate report must have; the message is kept "
                + "in quarantine."
        case .invalidValue:
            return "DMARC report's \(detail), which is not a valid value; the message is kept in quarantine."
        case .tooLarge:
            return "DMARC report attachment refused: it inflates to \(detail). Genuine reports are far smaller; "
                + "this may be a decompression bomb. The message is kept in quarantine."
        case .ratioExceeded:
            return "DMARC report attachment refused: it inflates at \(detail). Genuine reports compress less; "
                + "this may be a decompression bomb. The message is kept in quarantine."
        case .damagedArchive:
            return "DMARC report attachment is damaged: \(detail). The message is kept in quarantine; ask the "
                + "reporter to send it again."
        case .unsupportedArchive:
            return "DMARC report attachment cannot be read: \(detail). Smiley reads gzip files and zip files "
                + "holding one XML file (stored or deflated)."
        }
    }
}
