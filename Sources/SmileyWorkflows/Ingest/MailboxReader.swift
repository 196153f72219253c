import Foundation

/// Splits an mbox file or lists a Maildir, for `smiley ingest --mbox/--maildir` back-fills.
public enum MailboxReader {
    /// One message of a mailbox, read on demand.
    public struct Message: Sendable {
        /// A name for logs: the file and message number, or the Maildir file.
        public let name: String
        fileprivate let load: @Sendable () throws(WorkflowError) -> [UInt8]
        /// The message's bytes.
        public func read() throws(WorkflowError) -> [UInt8] { try load() }
    }

    /// The messages of an mbox file (mboxrd/mboxo: `From ` lines separate messages; `>From ` is unquoted).
    public static func mbox(path: String) throws(WorkflowError) -> [Message] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WorkflowError.file(path, "cannot be read", exitCode: ExitStatus.noInput)
        }
        let bytes = [UInt8](data)
        var messages: [Message] = []
        var start: Int?
        var index = 0
        func emit(_ from: Int, _ to: Int) {
            let slice = Array(bytes[from..<to])
            let number = messages.count + 1
            messages.append(
                Message(
                    name: "\(path) message \(number)",
                    load: { () throws(WorkflowError) -> [UInt8] in unquoteFromLines(slice) }
                )
            )
        }
        while index < bytes.count {
            let lineEnd = bytes[index...].firstIndex(of: 10).map { $0 + 1 } ?? bytes.count
            if bytes[index..<lineEnd].starts(with: Array("From ".utf8)) {
                if let s = start { emit(s, index) }
                start = lineEnd
            }
            index = lineEnd
        }
        if let s = start { emit(s, bytes.count) }
        guard !messages.isEmpty || bytes.isEmpty else {
            throw WorkflowError.file(
                path,
                "is not an mbox file (no line starts with 'From ')",
                exitCode: ExitStatus.dataError
            )
        }
        return messages
    }

    /// The messages of a Maildir: every file in `new/` and `cur/`, in name order.
    public static func maildir(path: String) throws(WorkflowError) -> [Message] {
        var messages: [Message] = []
        var found = false
        for folder in ["new", "cur"] {
            let directory = path + "/" + folder
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { continue }
            found = true
            for name in names.sorted() where !name.hasPrefix(".") {
                let file = directory + "/" + name
                messages.append(
                    Message(
                        name: file,
                        load: { () throws(WorkflowError) -> [UInt8] in
                            guard let data = FileManager.default.contents(atPath: file) else {
                                throw WorkflowError.file(file, "cannot be read", exitCode: ExitStatus.noInput)
                            }
                            return [UInt8](data)
                        }
                    )
                )
            }
        }
        guard found else {
            throw WorkflowError.file(path, "is not a Maildir (no new/ or cur/ folder)", exitCode: ExitStatus.noInput)
        }
        return messages
    }

    /// Removes one `>` from lines that start with `>From ` (any number of `>`), as mboxrd quotes them.
    static func unquoteFromLines(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count)
        var atLineStart = true
        var index = 0
        while index < message.count {
            if atLineStart && message[index] == UInt8(ascii: ">") {
                var probe = index
                while probe < message.count && message[probe] == UInt8(ascii: ">") { probe += 1 }
                if message[probe...].starts(with: Array("From ".utf8)) { index += 1 }
            }
            let byte = message[index]
            out.append(byte)
            atLineStart = byte == 10
            index += 1
        }
        return out
    }
}
