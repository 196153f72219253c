internal import CCurl
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// One SMTP connection, kept open across many messages.
///
/// It owns one libcurl easy handle; libcurl keeps the connection of a reused handle open, so a send of
/// thousands of messages costs one connect, one EHLO (and one TLS handshake and login). When a transaction
/// fails, or the server drops the connection, libcurl closes it and the next ``send(message:from:to:)``
/// connects again by itself. `deinit` cleans the handle up, which sends QUIT.
///
/// Not thread-safe: use one connection from one thread at a time (``BulkSender`` gives each worker its own).
/// `send` blocks the calling thread until the server's final reply or the transfer timeout.
public final class SMTPConnection {
    let library: CurlLibrary
    let handle: UnsafeMutableRawPointer
    let context = SMTPTransferContext()
    let errorBuffer: UnsafeMutablePointer<CChar>
    /// The recipient list of the current/last transfer; libcurl does not copy it, so it lives until replaced.
    private var recipients: UnsafeMutablePointer<curl_slist>?
    /// `smtp[s]://host:port`, for messages (no credentials).
    public let server: String

    /// Opens (lazily: the first `send` connects) a connection with these settings.
    ///
    /// Loads libcurl on first use, reads the password from its environment variable or file, and refuses
    /// settings that would downgrade security: a password over plain text to a non-loopback host, `tls: .off`
    /// with `smtps://`, or TLS required from a libcurl without TLS.
    /// - Parameter configuration: Server, TLS, login and timeouts.
    /// - Throws: ``SMTPError`` describing the configuration or library problem.
    public init(configuration: SMTPConfiguration) throws(SMTPError) {
        let library = try CurlLibrary.load()
        guard let endpoint = SMTPConfiguration.parse(configuration.url) else {
            throw SMTPError(configurationProblem: "'\(configuration.url)' is not an SMTP URL. "
                + "Write smtp://host:port (STARTTLS) or smtps://host:port (TLS), without user or path.")
        }
        let hostPart = endpoint.host.contains(":") ? "[\(endpoint.host)]" : endpoint.host
        let server = "\(endpoint.implicitTLS ? "smtps" : "smtp")://\(hostPart):\(endpoint.port)"
        try Self.check(configuration, endpoint: endpoint, library: library, server: server)
        let password = try configuration.password.map { source throws(SMTPError) in
            try Self.readPassword(source, server: server)
        }
        guard let handle = library.api.pointee.easy_init!() else {
            throw SMTPError(libraryProblem: "curl_easy_init returned no handle (out of memory?)")
        }
        self.library = library
        self.handle = handle
        self.server = server
        self.errorBuffer = .allocate(capacity: ccurl_error_size())
        self.errorBuffer.initialize(repeating: 0, count: ccurl_error_size())
        do {
            try configure(configuration, url: "\(server)/\(configuration.heloName)", password: password)
        } catch {
            library.api.pointee.easy_cleanup!(handle)
            errorBuffer.deallocate()
            throw error
        }
    }

    deinit {
        library.api.pointee.easy_cleanup!(handle)
        if let recipients { library.api.pointee.slist_free_all!(recipients) }
        errorBuffer.deallocate()
    }

    /// Sends one message in one SMTP transaction (MAIL FROM, RCPT TO, DATA) and returns the server's reply.
    ///
    /// - Parameters:
    ///   - message: The whole message, headers and body, with CRLF line ends. libcurl dot-stuffs it.
    ///   - envelopeSender: The MAIL FROM address (bounces go there); empty for the null sender `<>`.
    ///   - recipient: The single RCPT TO address.
    /// - Returns: The server's final reply with its queue id when it names one.
    /// - Throws: ``SMTPError`` with libcurl's code and text and the server's refusing reply, if any.
    public func send(message: [UInt8], from envelopeSender: String, to recipient: String)
        throws(SMTPError) -> SMTPAcceptance
    {
        try Self.checkEnvelope(envelopeSender, allowEmpty: true, role: "envelope sender", server: server)
        try Self.checkEnvelope(recipient, allowEmpty: false, role: "recipient", server: server)
        let api = library.api
        context.reset(message: message)
        errorBuffer[0] = 0
        try set(CURLOPT_MAIL_FROM, "<\(envelopeSender)>")
        guard let list = api.pointee.slist_append!(nil, "<\(recipient)>") else {
            throw SMTPError(libraryProblem: "curl_slist_append failed (out of memory?)")
        }
        let setRecipients = ccurl_setopt_slist(api, handle, CURLOPT_MAIL_RCPT, list)
        if let previous = recipients { api.pointee.slist_free_all!(previous) }
        recipients = list
        guard setRecipients == CURLE_OK else { throw optionError(CURLOPT_MAIL_RCPT, setRecipients) }

        let result = api.pointee.easy_perform!(handle)
        let reply = context.lastReply
        if result == CURLE_OK {
            var code = reply?.code ?? 0
            if code == 0 {
                var info = 0
                _ = ccurl_getinfo_long(api, handle, CURLINFO_RESPONSE_CODE, &info)
                code = info
            }
            return SMTPAcceptance(code: code, text: reply?.text ?? "")
        }
        var text = library.describe(result)
        let detail = String(cString: errorBuffer)
        if !detail.isEmpty { text += ": \(detail)" }
        let refusing = context.lastRefusal
        throw SMTPError(transferFailure: Int(result.rawValue), curlMessage: text, replyCode: refusing?.code,
                        replyText: refusing?.text, serverAnswered: context.sawReply, server: server,
                        recipient: recipient)
    }
}
