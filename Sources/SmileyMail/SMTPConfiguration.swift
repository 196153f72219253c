/// Where and how to deliver over SMTP: server URL, TLS, login and timeouts.
///
/// The password is never part of the configuration itself: it names an environment variable or a file
/// to read it from when the connection is opened, so it never appears on a command line or in `smiley.json`.
public struct SMTPConfiguration: Sendable {
    /// How TLS is used. Smiley never falls back to plain text unless told to.
    public enum TLS: String, Sendable, Codable {
        /// STARTTLS (or `smtps://`) must succeed, else sending fails. Default for every non-loopback host.
        case required
        /// STARTTLS when the server offers it, plain text otherwise. Default for loopback hosts only.
        case opportunistic
        /// Plain text. Refused together with a password unless the host is loopback.
        case off
    }

    /// SASL mechanism for the login.
    public enum AuthMechanism: String, Sendable, Codable {
        case plain = "PLAIN"
        case login = "LOGIN"
    }

    /// Where the password comes from.
    public enum PasswordSource: Sendable, Equatable {
        /// The value of this environment variable.
        case environment(String)
        /// The contents of this file, without a trailing newline.
        case file(String)
    }

    /// Time limits.
    public struct Timeout: Sendable, Equatable {
        /// Limit for opening the TCP (and TLS) connection. Default 10 s.
        public var connect: Duration
        /// Limit for one whole message transaction, connecting included. Default 60 s.
        public var transfer: Duration

        /// Creates time limits.
        /// - Parameters:
        ///   - connect: Limit for connecting; default 10 s.
        ///   - transfer: Limit for one message, from start to the server's final reply; default 60 s.
        public init(connect: Duration = .seconds(10), transfer: Duration = .seconds(60)) {
            self.connect = connect
            self.transfer = transfer
        }
    }

    /// `smtp://host:port` (STARTTLS per ``tls``) or `smtps://host:port` (TLS from the first byte).
    public var url: String
    /// TLS policy; see ``TLS``.
    public var tls: TLS
    /// Login name, or nil for no login.
    public var username: String?
    /// Where the password is read from; required when ``username`` is set.
    public var password: PasswordSource?
    /// SASL mechanism for the login.
    public var authMechanism: AuthMechanism
    /// Time limits.
    public var timeout: Timeout
    /// The name sent in EHLO; default "localhost". Set it to the sending host's name for real servers.
    public var heloName: String
    /// A PEM CA bundle to verify the server with instead of the system's (for private CAs), or nil.
    public var caBundlePath: String?

    /// Creates an SMTP configuration.
    /// - Parameters:
    ///   - url: `smtp://host:port` or `smtps://host:port`; no path, no credentials.
    ///   - tls: TLS policy; nil picks ``TLS/required`` for non-loopback hosts and ``TLS/opportunistic`` for
    ///     127.0.0.1, ::1 and localhost.
    ///   - username: Login name, or nil.
    ///   - password: Where to read the password from (needed when `username` is set).
    ///   - authMechanism: PLAIN (default) or LOGIN.
    ///   - timeout: Connect and per-message limits.
    ///   - heloName: Name for EHLO.
    ///   - caBundlePath: Optional CA bundle.
    public init(
        url: String,
        tls: TLS? = nil,
        username: String? = nil,
        password: PasswordSource? = nil,
        authMechanism: AuthMechanism = .plain,
        timeout: Timeout = Timeout(),
        heloName: String = "localhost",
        caBundlePath: String? = nil
    ) {
        self.url = url
        self.username = username
        self.password = password
        self.authMechanism = authMechanism
        self.timeout = timeout
        self.heloName = heloName
        self.caBundlePath = caBundlePath
        let host = SMTPConfiguration.parse(url)?.host ?? ""
        self.tls = tls ?? (SMTPConfiguration.isLoopback(host) ? .opportunistic : .required)
    }

    /// The parts of an SMTP URL.
    struct Endpoint: Equatable {
        var implicitTLS: Bool
        var host: String
        var port: Int
    }

    /// Parses `smtp[s]://host[:port][/]`; nil when it is not such a URL.
    static func parse(_ url: String) -> Endpoint? {
        let lower = url.lowercased()
        let implicitTLS: Bool
        var rest: Substring
        if lower.hasPrefix("smtp://") {
            implicitTLS = false
            rest = url.dropFirst(7)
        } else if lower.hasPrefix("smtps://") {
            implicitTLS = true
            rest = url.dropFirst(8)
        } else {
            return nil
        }
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.isEmpty, !rest.contains("/"), !rest.contains("@"), !rest.contains("?") else { return nil }
        var host = Substring(rest)
        var port = implicitTLS ? 465 : 25
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") {
                guard let p = Int(after.dropFirst()), (1...65535).contains(p) else { return nil }
                port = p
            } else if !after.isEmpty {
                return nil
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            guard let p = Int(rest[rest.index(after: colon)...]), (1...65535).contains(p) else { return nil }
            port = p
        }
        guard !host.isEmpty else { return nil }
        return Endpoint(implicitTLS: implicitTLS, host: String(host), port: port)
    }

    /// Whether a host name or address is the local machine.
    static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased()
        return h == "localhost" || h == "::1" || h.hasPrefix("127.")
    }
}
