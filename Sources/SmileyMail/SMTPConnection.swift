internal import CCurl

/// One SMTP connection, kept open across many messages.
///
/// libcurl opens it (`CURLOPT_CONNECT_ONLY`): DNS, TCP, TLS or STARTTLS with certificate checks, EHLO and
/// AUTH, with the connect timeout. Smiley then runs each mail transaction over it through `curl_easy_send`
/// / `curl_easy_recv`: MAIL FROM, RCPT TO and DATA go out together when the server offers PIPELINING
/// (RFC 2920), one at a time otherwise; then the dot-stuffed message. So a send of thousands of messages
/// costs one connect, one EHLO (and one TLS handshake and login), and two round trips per message.
///
/// When a transaction is refused the connection stays open (the next one starts with RSET); when the
/// connection breaks or times out it is closed and the next ``send(message:from:to:)`` connects again.
/// `deinit` says QUIT.
///
/// Not thread-safe: use one connection from one thread at a time (``BulkSender`` gives each worker its own).
/// `send` blocks the calling thread until the server's final reply or the transfer timeout.
public final class SMTPConnection {
    let library: CurlLibrary
    let configuration: SMTPConfiguration
    let password: String?
    /// `smtp[s]://host:port/helo` as given to libcurl.
    let curlURL: String
    /// `smtp[s]://host:port`, for messages (no credentials).
    public let server: String
    let transcript = SMTPConnectTranscript()
    let errorBuffer: UnsafeMutablePointer<CChar>
    /// The open connection, if any.
    var wire: SMTPWire?
    /// A transaction was left unfinished (a refusal before the final reply): the next one starts with RSET.
    var needsReset = false
    /// Reused for the commands and the dot-stuffed message.
    var outgoing: [UInt8] = []

    /// Prepares a connection with these settings; the first `send` connects.
    ///
    /// Loads libcurl on first use, reads the password from its environment variable or file, and refuses
    /// settings that would downgrade security: a password over plain text to a non-loopback host, `tls: .off`
    /// with `smtps://`, or TLS required from a libcurl without TLS.
    /// - Parameter configuration: Server, TLS, login and timeouts.
    /// - Throws: ``SMTPError`` describing the configuration or library problem.
    public init(configuration: SMTPConfiguration) throws(SMTPError) {
        let library = try CurlLibrary.load()
        guard let endpoint = SMTPConfiguration.parse(configuration.url) else {
            throw SMTPError(
                configurationProblem: "'\(configuration.url)' is not an SMTP URL. "
                    + "Write smtp://host:port (STARTTLS) or smtps://host:port (TLS), without user or path."
            )
        }
        let hostPart = endpoint.host.contains(":") ? "[\(endpoint.host)]" : endpoint.host
        let server = "\(endpoint.implicitTLS ? "smtps" : "smtp")://\(hostPart):\(endpoint.port)"
        try Self.check(configuration, endpoint: endpoint, library: library, server: server)
        self.password = try configuration.password.map { source throws(SMTPError) in
            try Self.readPassword(source, server: server)
        }
        self.library = library
        self.configuration = configuration
        self.server = server
        self.curlURL = "\(server)/\(configuration.heloName)"
        self.errorBuffer = .allocate(capacity: ccurl_error_size())
        self.errorBuffer.initialize(repeating: 0, count: ccurl_error_size())
    }

    deinit {
        wire?.quit()
        wire = nil
        errorBuffer.deallocate()
    }

    /// Sends one message in one SMTP transaction (MAIL FROM, RCPT TO, DATA) and returns the server's reply.
    ///
    /// - Parameters:
    ///   - message: The whole message, headers and body, with CRLF line ends. It is dot-stuffed on the way.
    ///   - envelopeSender: The MAIL FROM address (bounces go there); empty for the null sender `<>`.
    ///   - recipient: The single RCPT TO address.
    /// - Returns: The server's final reply with its queue id when it names one.
    /// - Throws: ``SMTPError`` with the server's refusing reply, or the connection failure (libcurl's code
    ///   when libcurl reported it; 28 for a timeout, 55/56 for a broken connection in the transaction).
    public func send(
        message: [UInt8],
        from envelopeSender: String,
        to recipient: String
    )
        throws(SMTPError) -> SMTPAcceptance
    {
        try Self.checkEnvelope(envelopeSender, allowEmpty: true, role: "envelope sender", server: server)
        try Self.checkEnvelope(recipient, allowEmpty: false, role: "recipient", server: server)
        let wire = try openWire(recipient: recipient)
        let deadline = ContinuousClock.now + configuration.timeout.transfer
        do {
            return try transact(
                over: wire,
                message: message,
                from: envelopeSender,
                to: recipient,
                deadline: deadline
            )
        } catch let failure as SMTPWire.Failure {
            self.wire = nil
            needsReset = false
            throw error(for: failure, recipient: recipient)
        } catch let refusal as SMTPError {
            if refusal.replyCode == 421 {
                self.wire = nil
                needsReset = false
            }
            throw refusal
        } catch {
            self.wire = nil
            throw SMTPError(libraryProblem: "unexpected error while sending: \(error)")
        }
    }

    /// The open connection, or a new one.
    private func openWire(recipient: String) throws(SMTPError) -> SMTPWire {
        if let wire { return wire }
        guard let handle = library.api.pointee.easy_init!() else {
            throw SMTPError(libraryProblem: "curl_easy_init returned no handle (out of memory?)")
        }
        do {
            try configure(handle, password: password)
        } catch {
            library.api.pointee.easy_cleanup!(handle)
            throw error
        }
        transcript.reset()
        errorBuffer[0] = 0
        let result = library.api.pointee.easy_perform!(handle)
        guard result == CURLE_OK else {
            library.api.pointee.easy_cleanup!(handle)
            var text = library.describe(result)
            let detail = String(cString: errorBuffer)
            if !detail.isEmpty { text += ": \(detail)" }
            let refusal = transcript.lastRefusal
            throw SMTPError(
                transferFailure: Int(result.rawValue),
                curlMessage: text,
                replyCode: refusal?.code,
                replyText: refusal?.text,
                serverAnswered: !transcript.replies.isEmpty,
                server: server,
                recipient: recipient
            )
        }
        guard let wire = SMTPWire(library: library, handle: handle, pipelining: transcript.offersPipelining) else {
            library.api.pointee.easy_cleanup!(handle)
            throw SMTPError(libraryProblem: "libcurl connected but reported no socket (CURLINFO_ACTIVESOCKET)")
        }
        self.wire = wire
        needsReset = false
        return wire
    }

    /// The SMTPError for a broken connection, in libcurl's terms.
    private func error(for failure: SMTPWire.Failure, recipient: String) -> SMTPError {
        let (code, detail): (CURLcode, String) =
            switch failure {
            case .timedOut: (CURLE_OPERATION_TIMEDOUT, "no reply within \(configuration.timeout.transfer)")
            case .closed: (CURLE_RECV_ERROR, "the server closed the connection")
            case .sendFailed(let code): (code, "while sending")
            case .receiveFailed(let code): (code, "while receiving")
            }
        return SMTPError(
            transferFailure: Int(code.rawValue),
            curlMessage: "\(library.describe(code)): \(detail)",
            replyCode: nil,
            replyText: nil,
            serverAnswered: true,
            server: server,
            recipient: recipient
        )
    }
}
