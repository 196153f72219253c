/// A send journal could not be opened, written or read.
public struct SendJournalError: Error, Sendable, CustomStringConvertible {
    /// The journal file.
    public let path: String
    /// The 1-based line, for a corrupt line; nil otherwise.
    public let line: Int?
    /// What went wrong.
    public let reason: String

    /// What went wrong and what to do.
    public var description: String {
        if let line {
            return "Send journal \(path), line \(line): \(reason). The journal is damaged before its last line; "
                + "keep a copy and remove or fix that line to resume."
        }
        return "Send journal \(path): \(reason). Check the folder exists, has free space and is writable."
    }
}
