import Foundation
import SmileyCore

/// Feedback records for spreadsheets and other tools.
public enum RecordExport {
    /// The CSV columns, in order.
    public static let csvColumns = [
        "id", "receivedAt", "surveyID", "recipientID", "recipientEmail", "ticketID", "agent", "company",
        "scale", "rating", "sentiment", "comment", "source", "classification", "messageID", "inReplyTo",
        "bounceStatus", "bounceDiagnostic", "parserWarnings", "confirmation",
    ]

    /// The records as CSV (RFC 4180): a header row, then one row per record, lines ending in CRLF.
    ///
    /// A field is quoted when it contains a comma, a quote, CR or LF; quotes inside are doubled. Dates are ISO 8601
    /// UTC; parser warnings are joined with `"; "`.
    /// - Parameters:
    ///   - records: The records, in the order to write them.
    ///   - protectingFormulas: When `true` (the default), a text field that a spreadsheet would run as a formula
    ///     (starting with `=`, `+`, `-`, `@`, tab or CR) gets a leading `'`, so a customer's comment cannot inject
    ///     a formula into whoever opens the file. Turn off for machine consumers.
    public static func csv(_ records: [FeedbackRecord], protectingFormulas: Bool = true) -> String {
        var lines = [csvColumns.map { field($0, protecting: false) }.joined(separator: ",")]
        let dateStyle = Date.ISO8601FormatStyle()
        for record in records {
            let cells: [String] = [
                record.id.rawValue,
                record.receivedAt.formatted(dateStyle),
                record.surveyID ?? "",
                record.recipientID?.description ?? "",
                record.recipientEmail?.description ?? "",
                record.ticketID,
                record.agent,
                record.company,
                record.rating?.scale.rawValue ?? "",
                record.rating?.code ?? "",
                record.rating?.sentiment.rawValue ?? "",
                record.comment ?? "",
                record.source.rawValue,
                record.classification.rawValue,
                record.messageID ?? "",
                record.inReplyTo ?? "",
                record.bounce?.statusCode ?? "",
                record.bounce?.diagnostic ?? "",
                record.parserWarnings.joined(separator: "; "),
                record.confirmation?.rawValue ?? "",
            ]
            lines.append(cells.map { field($0, protecting: protectingFormulas) }.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The records as a JSON array in the store's own schema (see ``FeedbackRecord``), keys sorted.
    public static func json(_ records: [FeedbackRecord]) throws(StoreError) -> [UInt8] {
        try StoreJSON.encode(records, path: "(export)")
    }

    private static func field(_ text: String, protecting: Bool) -> String {
        var text = text
        if protecting, let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            text = "'" + text
        }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
