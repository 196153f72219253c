import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension Installation {
    /// The first line of a secret file (beside `smiley.json` unless absolute), refused when others can read it:
    /// the one rule for every secret the webhook routes and the triggers read.
    /// - Parameter kind: what the secret is for, in the error (`webhook`, `trigger`).
    /// - Throws: ``WorkflowError`` (exit 78) naming the file that is missing, empty or readable by others.
    func secret(_ path: String, kind: String) throws(WorkflowError) -> String {
        let base = (configPath as NSString).deletingLastPathComponent
        let file = path.hasPrefix("/") || base.isEmpty ? path : base + "/" + path
        guard let data = FileManager.default.contents(atPath: file),
            let line = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first,
            !line.trimmingCharacters(in: .whitespaces).isEmpty
        else {
            throw .configuration(
                "\(file): the \(kind) secret file is missing, unreadable or empty; put the secret on its first line"
            )
        }
        var info = stat()
        if stat(file, &info) == 0, info.st_mode & 0o077 != 0 {
            throw .configuration("\(file): the \(kind) secret can be read by other users; run 'chmod 600 \(file)'")
        }
        return line.trimmingCharacters(in: .whitespaces)
    }
}
