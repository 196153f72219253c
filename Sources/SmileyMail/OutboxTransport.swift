public import Foundation
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Delivery into a folder: each message becomes `<name from Message-ID>.eml`, written atomically.
///
/// A file is written to a temporary name, fsynced, renamed into place and the folder fsynced, so after a
/// crash a `.eml` file is either whole or absent. The same Message-ID maps to the same file, so delivering
/// a message twice replaces it instead of duplicating it. Useful for previews, tests and hand-off to
/// another mailer.
public struct OutboxTransport: MessageTransport {
    /// The folder messages are written to (created if missing).
    public let directory: URL

    /// Creates an outbox transport.
    /// - Parameter directory: Folder for the `.eml` files.
    public init(directory: URL) {
        self.directory = directory
    }

    /// Opens a session (creates the folder when missing).
    public func openSession() throws -> any MessageTransportSession {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return OutboxSession(directory: directory)
    }

    /// The file name for a Message-ID: angle brackets dropped, anything but letters, digits and `._@+-`
    /// replaced by `_`, at most 200 characters, never starting with a dot.
    public static func fileName(forMessageID messageID: String) -> String {
        var core = Substring(messageID)
        if core.hasPrefix("<") { core = core.dropFirst() }
        if core.hasSuffix(">") { core = core.dropLast() }
        var name = String(core.unicodeScalars.prefix(200).map { scalar -> Character in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "@", "+", "-": Character(scalar)
            default: "_"
            }
        })
        if name.isEmpty || name.hasPrefix(".") { name = "_" + name }
        return name + ".eml"
    }
}

/// Error writing an outbox file.
public struct OutboxError: Error, Sendable, CustomStringConvertible {
    /// The file that could not be written.
    public let path: String
    /// The system's reason (errno text).
    public let reason: String
    /// What went wrong and what to do.
    public var description: String {
        "Cannot write outbox file \(path): \(reason). Check free space and the folder's permissions."
    }
}

final class OutboxSession: MessageTransportSession {
    let directory: URL

    init(directory: URL) {
        self.directory = directory
    }

    func deliver(_ item: OutgoingItem) throws -> SMTPAcceptance {
        let name = OutboxTransport.fileName(forMessageID: item.messageID)
        let final = directory.appendingPathComponent(name).path
        let temporary = directory.appendingPathComponent(".\(name).\(getpid()).tmp").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutboxError(path: temporary, reason: Self.errnoText()) }
        var ok = SmileyMail.writeAll(fd, item.bytes)
        if ok { ok = fsync(fd) == 0 }
        let reason = ok ? "" : Self.errnoText()
        close(fd)
        guard ok else {
            unlink(temporary)
            throw OutboxError(path: temporary, reason: reason)
        }
        guard rename(temporary, final) == 0 else {
            let reason = Self.errnoText()
            unlink(temporary)
            throw OutboxError(path: final, reason: reason)
        }
        let dirFD = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 {
            defer { close(dirFD) }
            guard fsync(dirFD) == 0 else { throw OutboxError(path: directory.path, reason: Self.errnoText()) }
        }
        return SMTPAcceptance(code: 250, text: "written to \(name)")
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
