/// A way to deliver messages: SMTP (``SMTPTransport``) or files in a folder (``OutboxTransport``).
///
/// A transport hands out sessions; each session is used by one worker thread at a time (for SMTP: one
/// connection). Delivery errors that are ``SMTPError`` are classified (transient, permanent, rate limit);
/// any other error stops a bulk send, since it is a local problem (disk full, permissions) rather than the
/// recipient's.
public protocol MessageTransport: Sendable {
    /// Opens a session for one worker.
    func openSession() throws -> any MessageTransportSession
}

/// A transport's per-worker state, e.g. one SMTP connection. Used from one thread at a time.
public protocol MessageTransportSession: AnyObject {
    /// Delivers one message.
    /// - Parameter item: The message and its envelope.
    /// - Returns: The acceptance (for SMTP, the server's reply and queue id).
    func deliver(_ item: OutgoingItem) throws -> SMTPAcceptance
}

/// Delivery over SMTP, one connection per session.
public struct SMTPTransport: MessageTransport {
    /// The server settings.
    public let configuration: SMTPConfiguration

    /// Creates an SMTP transport.
    /// - Parameter configuration: Server, TLS, login and timeouts.
    public init(configuration: SMTPConfiguration) {
        self.configuration = configuration
    }

    /// Opens one ``SMTPConnection`` (it connects on its first message).
    public func openSession() throws -> any MessageTransportSession {
        try SMTPConnection(configuration: configuration)
    }
}

extension MessageTransport where Self == SMTPTransport {
    /// Delivery over SMTP.
    /// - Parameter configuration: Server, TLS, login and timeouts.
    public static func smtp(_ configuration: SMTPConfiguration) -> SMTPTransport {
        SMTPTransport(configuration: configuration)
    }
}

extension SMTPConnection: MessageTransportSession {
    /// Sends `item` over this connection.
    public func deliver(_ item: OutgoingItem) throws -> SMTPAcceptance {
        try send(message: item.bytes, from: item.envelopeFrom, to: item.envelopeTo)
    }
}
