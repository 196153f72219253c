public import SmileyMIME

/// Finds a DMARC aggregate report in an inbound message: a gzip, zip or XML attachment, or an XML body.
///
/// Only parts that say gzip, zip or XML (by magic number, file name or MIME type), and text bodies that begin
/// with `<?xml` or `<feedback`, are looked at, so an ordinary reply costs a walk over its parts. Parts inside an
/// attached message (`message/rfc822`, as in a DMARC failure report) are not aggregate reports and are skipped.
public enum DMARCDetection: Sendable {
    /// A report was read.
    case report(DMARCReport)
    /// Something that looks like a report could not be read (damaged, a bomb, not UTF-8, a field missing).
    case refused(DMARCReportError)

    /// The most parts examined in one message.
    static let maximumCandidates = 8

    /// Looks for a report in `message`.
    /// - Parameters:
    ///   - message: the parsed message.
    ///   - limits: decompression caps.
    /// - Returns: the first report read; else the first refusal of something that looked like one (a compressed
    ///   attachment, or XML with a `<feedback` element or under a "Report domain:" subject); else `nil`.
    public static func detect(_ message: ParsedMessage, limits: DecompressionLimits = .default) -> DMARCDetection? {
        // ASCIISearch: the answer of `lowercased().contains`, without the standard library's generic search (which
        // cost ~0.45 million instructions in every `smiley ingest`).
        let subjectSaysReport = ASCIISearch.contains(message.subject ?? "", "report domain:")
        var candidates: [(part: MIMEPart, packing: DMARCReport.Packing)] = []
        collect(message.root, depth: 0, into: &candidates)
        var refusal: DMARCReportError?
        for (part, packing) in candidates.prefix(maximumCandidates) {
            let unpacked: [UInt8]
            do {
                unpacked = try DMARCReport.unpack(part.body, packing: packing, limits: limits)
            } catch {
                if refusal == nil, packing != .xml || subjectSaysReport { refusal = error }
                continue
            }
            do {
                return .report(try DMARCReport(parsing: unpacked))
            } catch {
                guard !error.isNotAggregateReport, refusal == nil else { continue }
                if subjectSaysReport || mentionsFeedback(unpacked) { refusal = error }
            }
        }
        return refusal.map { .refused($0) }
    }

    private static func collect(
        _ part: MIMEPart,
        depth: Int,
        into candidates: inout [(part: MIMEPart, packing: DMARCReport.Packing)]
    ) {
        guard depth < 8, part.contentType.mimeType != "message/rfc822" else { return }
        if !part.children.isEmpty {
            for child in part.children { collect(child, depth: depth + 1, into: &candidates) }
            return
        }
        let type = part.contentType.mimeType
        let name = part.filename ?? part.contentType.parameters["name"]
        if let packing = DMARCReport.Packing(bytes: part.body, fileName: name, contentType: type) {
            candidates.append((part, packing))
        } else if part.contentType.type == "text" || type == "application/octet-stream", startsLikeXML(part.body) {
            candidates.append((part, .xml))
        }
    }

    /// Whether the bytes begin (after a BOM and white space) with `<?xml` or `<feedback`.
    private static func startsLikeXML(_ bytes: [UInt8]) -> Bool {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        let start = body.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        return start.starts(with: Array("<?xml".utf8)) || start.starts(with: Array("<feedback".utf8))
    }

    /// Whether a `<feedback` element appears in the first 4 KB.
    private static func mentionsFeedback(_ bytes: [UInt8]) -> Bool {
        bytes.prefix(4096).firstRange(of: Array("<feedback".utf8)) != nil
    }

    /// Whether the message is a DMARC failure report (RFC 6591: an ARF report with `Feedback-Type: auth-failure`):
    /// one message that failed authentication, not a complaint by a person and not an aggregate report.
    public static func isFailureReport(_ message: ParsedMessage) -> Bool {
        func search(_ part: MIMEPart, depth: Int) -> Bool {
            guard depth < 8 else { return false }
            if part.contentType.mimeType == "message/feedback-report" {
                return ASCIISearch.contains(
                    String(decoding: part.body.prefix(8192), as: UTF8.self),
                    "feedback-type: auth-failure"
                )
            }
            return part.children.contains { search($0, depth: depth + 1) }
        }
        return search(message.root, depth: 0)
    }
}
