public import Foundation
import SmileyStore

/// Delivery into a folder through the store's ``Outbox``: each message becomes `<name from Message-ID>.eml`,
/// written atomically and durably. The same Message-ID maps to the same file, so delivering a message twice
/// replaces it instead of duplicating it. Useful for previews, tests and hand-off to another mailer.
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
        let outbox = Outbox(directory: directory.path)
        do { try outbox.prepare() } catch { throw OutboxError(path: outbox.directory, reason: error.description) }
        return OutboxSession(outbox: outbox)
    }

    /// The file name for a Message-ID (see ``Outbox/fileName(forMessageID:)``).
    public static func fileName(forMessageID messageID: String) -> String {
        Outbox.fileName(forMessageID: messageID)
    }
}

/// Error writing an outbox file.
public struct OutboxError: Error, Sendable, CustomStringConvertible {
    /// The file or folder that could not be written.
    public let path: String
    /// What the store reported.
    public let reason: String
    /// What went wrong and what to do.
    public var description: String {
        "Cannot write the outbox \(path): \(reason)"
    }
}

final class OutboxSession: MessageTransportSession {
    let outbox: Outbox

    init(outbox: Outbox) {
        self.outbox = outbox
    }

    func deliver(_ item: OutgoingItem) throws -> SMTPAcceptance {
        do {
            let name = try outbox.write(item.bytes, messageID: item.messageID)
            return SMTPAcceptance(code: 250, text: "written to \(name)")
        } catch {
            throw OutboxError(path: error.path, reason: error.description)
        }
    }
}
