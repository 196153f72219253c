/// A table for the terminal: a title, a header row and data rows of text.
///
/// ``description`` lays it out in aligned columns: the first column left-aligned, the others (numbers)
/// right-aligned, two spaces between columns.
public struct ReportTable: Sendable, Hashable, CustomStringConvertible {
    /// A line above the table.
    public var title: String
    /// The column names.
    public var header: [String]
    /// The rows; each has as many cells as ``header``.
    public var rows: [[String]]

    /// Creates a table.
    public init(title: String, header: [String], rows: [[String]]) {
        self.title = title
        self.header = header
        self.rows = rows
    }

    /// The table as aligned text, ending in a newline.
    public var description: String {
        let all = [header] + rows
        let columns = all.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in all {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func render(_ row: [String]) -> String {
            var cells: [String] = []
            for index in 0..<columns {
                let cell = index < row.count ? row[index] : ""
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                cells.append(index == 0 ? cell + padding : padding + cell)
            }
            var line = cells.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
        var lines = [title, render(header)]
        lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        lines += rows.map(render)
        return lines.joined(separator: "\n") + "\n"
    }
}
