import Foundation

/// Reads RFC 4180 CSV from a file a chunk at a time, one record per call, so memory stays flat however many
/// rows the file has.
///
/// Quoted fields may hold commas, doubled quotes and line breaks; CRLF and LF both end records; a UTF-8 BOM is
/// skipped. Each record reports the line it started on, for error messages.
final class CSVReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var line = 1
    private var startedBOMCheck = false
    private let chunkSize = 64 * 1024

    /// Opens `path` for reading.
    init(path: String) throws(WorkflowError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw WorkflowError.file(path, "cannot be opened for reading; check the path and its permissions")
        }
        self.handle = handle
    }

    deinit { try? handle.close() }

    private func fill() -> Bool {
        if position < buffer.count { return true }
        if atEnd { return false }
        let data = (try? handle.read(upToCount: chunkSize)) ?? nil
        guard let data, !data.isEmpty else {
            atEnd = true
            return false
        }
        buffer = data.withUnsafeBytes { [UInt8]($0) }  // not Array(data): Data's iterator costs ~80 instructions a byte
        position = 0
        if !startedBOMCheck {
            startedBOMCheck = true
            if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        }
        return position < buffer.count
    }

    /// The bytes that end an unquoted run: `"`, `,`, CR, LF, and NUL (never in a text file: reported).
    private static let isSpecial: [Bool] = (0...255).map { [0x22, 0x2C, 0x0D, 0x0A, 0x00].contains($0) }

    private func peek() -> UInt8? { fill() ? buffer[position] : nil }

    private func next() -> UInt8? {
        guard fill() else { return nil }
        defer { position += 1 }
        return buffer[position]
    }

    /// The next record and the line it starts on, or `nil` at the end of the file.
    /// - Throws: ``WorkflowError`` (exit 65) for a quoted field that never closes, text that is not UTF-8, or a NUL
    ///   byte, naming the line.
    func nextRecord(path: String) throws(WorkflowError) -> (fields: [String], line: Int)? {
        guard peek() != nil else { return nil }
        let startLine = line
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var wasQuoted = false
        func finish(_ bytes: [UInt8]) throws(WorkflowError) -> String {
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw WorkflowError.file(path, "line \(startLine) is not UTF-8; save the file as UTF-8 CSV")
            }
            return text
        }
        func nul() -> WorkflowError {
            WorkflowError.file(
                path,
                "line \(line) contains a NUL byte, so it is not a text file; export the list again as UTF-8 CSV"
            )
        }
        while let byte = next() {
            if byte == 0 { throw nul() }
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if peek() == UInt8(ascii: "\"") {
                        _ = next()
                        field.append(byte)
                    } else {
                        quoted = false
                    }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                if field.isEmpty && !wasQuoted {
                    quoted = true
                    wasQuoted = true
                } else {
                    field.append(byte)
                }
            case UInt8(ascii: ","):
                fields.append(try finish(field))
                field.removeAll(keepingCapacity: true)
                wasQuoted = false
            case UInt8(ascii: "\r"):
                if peek() == UInt8(ascii: "\n") { continue }
                field.append(byte)
            case UInt8(ascii: "\n"):
                line += 1
                fields.append(try finish(field))
                return (fields, startLine)
            default:
                field.append(byte)
                // The rest of an ordinary run (no quote, comma or line end) in one append.
                var end = position
                while end < buffer.count, !Self.isSpecial[Int(buffer[end])] { end += 1 }
                if end > position {
                    field.append(contentsOf: buffer[position..<end])
                    position = end
                }
            }
        }
        if quoted {
            throw WorkflowError.file(
                path,
                "line \(startLine): a quoted field starts here and never closes, so every line after it would be read as part of it; check line \(startLine) for a stray '\"'"
            )
        }
        fields.append(try finish(field))
        return (fields, startLine)
    }
}
