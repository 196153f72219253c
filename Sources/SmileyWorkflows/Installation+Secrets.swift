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
        let file = Self.path(path, besideConfig: configPath)
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

    /// A path the configuration names, as Smiley opens it: an absolute one as it is, a relative one in the folder
    /// of `smiley.json` (`configPath`) — the one rule for the data and outbox folders, secret files and trigger
    /// outboxes.
    public static func path(_ path: String, besideConfig configPath: String) -> String {
        if path.hasPrefix("/") { return path }
        let folder = folder(of: configPath)
        return folder.isEmpty ? path : folder + "/" + path
    }

    /// The folder a file path is in, as `NSString.deletingLastPathComponent` gives it ("/etc/smiley/smiley.json"
    /// is "/etc/smiley", "smiley.json" is "", "/smiley.json" is "/", repeated slashes as one), on the path's
    /// bytes: bridging to `NSString` cost every relay process 17,500 instructions for it.
    static func folder(of path: String) -> String {
        var bytes: [UInt8] = []
        for byte in path.utf8 where !(byte == UInt8(ascii: "/") && bytes.last == byte) { bytes.append(byte) }
        if bytes.count > 1, bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return slash == 0 ? "/" : String(decoding: bytes[..<slash], as: UTF8.self)
    }
}
