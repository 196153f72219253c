public import SmileyCore

/// A recipient list in CSV, read a row at a time.
///
/// The first row names the columns. Recognised names (case-insensitive; `--map` renames others onto them):
/// `email` (required), `name`, `ticket_id`, `ticket_subject`, `agent`, `company`, `locale`. Every other column
/// becomes a custom field, available to templates as `{{custom.COLUMN}}`.
public final class RecipientList {
    /// The fields a column can map to.
    public static let knownColumns = ["email", "name", "ticket_id", "ticket_subject", "agent", "company", "locale"]

    private let reader: CSVReader
    private let path: String
    private let columns: [String]
    private let emailColumn: Int

    /// Opens a CSV file and reads its header row.
    /// - Parameters:
    ///   - path: the CSV file.
    ///   - columnMap: other column names mapped onto the known ones, e.g. `["E-Mail": "email", "Ticket": "ticket_id"]`.
    /// - Throws: ``WorkflowError`` when the file cannot be read or has no `email` column.
    public init(path: String, columnMap: [String: String] = [:]) throws(WorkflowError) {
        self.path = path
        reader = try CSVReader(path: path)
        guard let header = try reader.nextRecord(path: path) else {
            throw WorkflowError.file(path, "is empty; the first row must name the columns (at least 'email')")
        }
        let lowercasedMap = Dictionary(
            columnMap.map { ($0.key.lowercased(), $0.value.lowercased()) },
            uniquingKeysWith: { $1 }
        )
        columns = header.fields.map { name in
            let key = name.trimmingASCIIWhitespace().lowercased()
            return lowercasedMap[key] ?? key
        }
        guard let emailColumn = columns.firstIndex(of: "email") else {
            let found = header.fields.map { "'\($0)'" }.joined(separator: ", ")
            throw WorkflowError.file(
                path,
                "line 1 has no 'email' column (found \(found)); rename the column or pass --map 'COLUMN=email'"
            )
        }
        self.emailColumn = emailColumn
    }

    /// Reads the whole file once to find what would stop a send half-way — a quoted field that never closes, text
    /// that is not UTF-8, a NUL byte — before the first message goes out. Row-level problems (a bad address, too
    /// many fields) are not errors here: the send skips those rows and reports them.
    /// - Returns: how many non-blank data rows the file has.
    /// - Throws: ``WorkflowError`` (exit 65) naming the line.
    public static func checkStructure(path: String) throws(WorkflowError) -> Int {
        let reader = try CSVReader(path: path)
        var rows = -1  // the header is not a data row
        while let record = try reader.nextRecord(path: path) {
            if record.fields.allSatisfy({ $0.trimmingASCIIWhitespace().isEmpty }) { continue }
            rows += 1
        }
        return max(0, rows)
    }

    /// One row: a recipient, or why the row cannot be used. Rows are numbered as lines of the file.
    public enum Row {
        /// A usable recipient from the given line.
        case recipient(Recipient, line: Int)
        /// A row that was skipped, with the line and the reason.
        case invalid(line: Int, reason: String)
    }

    /// The next row, or `nil` at the end of the file. Blank lines are passed over.
    public func next() throws(WorkflowError) -> Row? {
        while let record = try reader.nextRecord(path: path) {
            if record.fields.allSatisfy({ $0.trimmingASCIIWhitespace().isEmpty }) { continue }
            return row(record.fields, line: record.line)
        }
        return nil
    }

    /// `text` with its line breaks (any Unicode newline) folded into single spaces.
    static func oneLine(_ text: String) -> String {
        // Plain ASCII without CR, LF, VT or FF has no newline at all: the common case, kept as it is.
        if text.utf8.allSatisfy({ $0 < 0x80 && !(0x0A...0x0D).contains($0) }) { return text }
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    private func row(_ fields: [String], line: Int) -> Row {
        guard fields.count <= columns.count else {
            return .invalid(line: line, reason: "it has \(fields.count) fields but the header names \(columns.count)")
        }
        var values: [String: String] = [:]
        var custom: [String: String] = [:]
        for (index, value) in fields.enumerated() {
            let name = columns[index]
            if Self.knownColumns.contains(name) {
                values[name] = value.trimmingASCIIWhitespace()
            } else if !name.isEmpty {
                custom[name] = value
            }
        }
        let address: EmailAddress
        do {
            address = try EmailAddress(fields[emailColumn])
        } catch {
            return .invalid(line: line, reason: error.description)
        }
        for (name, value) in values
        where value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A }) && name != "ticket_subject" {
            return .invalid(line: line, reason: "the '\(name)' field contains a line break")
        }
        let locale = values["locale"].flatMap { $0.isEmpty ? nil : $0.lowercased() }
        return .recipient(
            Recipient(
                email: address,
                displayName: values["name"] ?? "",
                ticketID: values["ticket_id"] ?? "",
                ticketSubject: Self.oneLine(values["ticket_subject"] ?? ""),
                agent: values["agent"] ?? "",
                company: values["company"] ?? "",
                locale: locale,
                custom: custom
            ),
            line: line
        )
    }
}
