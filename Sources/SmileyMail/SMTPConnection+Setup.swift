internal import CCurl
import Foundation

extension SMTPConnection {
    /// Sets the options of a new handle: connect only (``SMTPWire`` speaks the transactions), the server,
    /// TLS, login, timeouts, and the header callback that collects the server's replies while connecting.
    /// libcurl copies string options.
    func configure(_ handle: UnsafeMutableRawPointer, password: String?) throws(SMTPError) {
        let api = library.api
        func set(_ option: CURLoption, _ value: Int) throws(SMTPError) {
            try check(option, ccurl_setopt_long(api, handle, option, value))
        }
        func set(_ option: CURLoption, _ value: String) throws(SMTPError) {
            try check(option, ccurl_setopt_string(api, handle, option, value))
        }
        func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws(SMTPError) {
            try check(option, ccurl_setopt_pointer(api, handle, option, pointer))
        }
        try set(CURLOPT_URL, curlURL)
        try set(CURLOPT_CONNECT_ONLY, 1)
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_TCP_KEEPALIVE, 1)
        try set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(configuration.timeout.connect))
        // Bounds the whole connect phase: TCP, TLS, greeting, EHLO, STARTTLS and AUTH.
        try set(CURLOPT_TIMEOUT_MS, Self.milliseconds(configuration.timeout.connect + configuration.timeout.transfer))
        let useSSL: curl_usessl =
            switch configuration.tls {
            case .required: CURLUSESSL_ALL
            case .opportunistic: CURLUSESSL_TRY
            case .off: CURLUSESSL_NONE
            }
        try set(CURLOPT_USE_SSL, Int(useSSL.rawValue))
        if let ca = configuration.caBundlePath { try set(CURLOPT_CAINFO, ca) }
        if let user = configuration.username {
            try set(CURLOPT_USERNAME, user)
            try set(CURLOPT_PASSWORD, password ?? "")
            try set(CURLOPT_LOGIN_OPTIONS, "AUTH=\(configuration.authMechanism.rawValue)")
        }
        try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        // libcurl passes every server reply line of the connect phase to the header callback.
        let header: ccurl_io_callback = { buffer, size, count, userdata in
            guard let buffer, let userdata else { return size * count }
            let transcript = Unmanaged<SMTPConnectTranscript>.fromOpaque(userdata).takeUnretainedValue()
            transcript.receive(UnsafeRawBufferPointer(start: buffer, count: size * count))
            return size * count
        }
        try check(CURLOPT_HEADERFUNCTION, ccurl_setopt_io_callback(api, handle, CURLOPT_HEADERFUNCTION, header))
        try set(CURLOPT_HEADERDATA, pointer: Unmanaged.passUnretained(transcript).toOpaque())
    }

    func check(_ option: CURLoption, _ code: CURLcode) throws(SMTPError) {
        guard code == CURLE_OK else { throw optionError(option, code) }
    }

    func optionError(_ option: CURLoption, _ code: CURLcode) -> SMTPError {
        SMTPError(
            configurationProblem: "libcurl refused option \(option.rawValue): \(library.describe(code))",
            server: server
        )
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }

    /// Refuses settings that would send secrets in clear or that contradict each other.
    static func check(
        _ configuration: SMTPConfiguration,
        endpoint: SMTPConfiguration.Endpoint,
        library: CurlLibrary,
        server: String
    ) throws(SMTPError) {
        if endpoint.implicitTLS && configuration.tls == .off {
            throw SMTPError(
                configurationProblem: "smtps:// always uses TLS but tls is 'off'. Use smtp:// for "
                    + "plain text, or set tls to 'required'.",
                server: server
            )
        }
        if endpoint.implicitTLS && !library.supportsSMTPS {
            throw SMTPError(
                configurationProblem: "the loaded libcurl \(library.version) cannot speak smtps://. "
                    + "Install a libcurl built with TLS.",
                server: server
            )
        }
        if configuration.tls == .required && library.tlsBackend == nil {
            throw SMTPError(
                configurationProblem: "TLS is required but libcurl \(library.version) has no TLS "
                    + "support. Install libcurl4 (OpenSSL).",
                server: server
            )
        }
        if configuration.username != nil {
            guard configuration.password != nil else {
                throw SMTPError(
                    configurationProblem: "a username is set but no password source. Name an "
                        + "environment variable or a file holding the password.",
                    server: server
                )
            }
            if configuration.tls != .required && !endpoint.implicitTLS
                && !SMTPConfiguration.isLoopback(endpoint.host)
            {
                throw SMTPError(
                    configurationProblem: "refusing to send a password without guaranteed TLS to "
                        + "\(endpoint.host). Set tls to 'required' or use smtps://.",
                    server: server
                )
            }
        }
        let helo = configuration.heloName
        let heloOK =
            !helo.isEmpty && helo.utf8.count <= 255
            && helo.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                    || $0 == "." || $0 == "-"
            }
        guard heloOK else {
            throw SMTPError(
                configurationProblem: "the EHLO name '\(helo)' is not a host name (letters, digits, "
                    + "dots and hyphens only).",
                server: server
            )
        }
    }

    /// Reads the password from an environment variable or a file (trailing CR/LF removed).
    static func readPassword(
        _ source: SMTPConfiguration.PasswordSource,
        server: String
    ) throws(SMTPError)
        -> String
    {
        switch source {
        case .environment(let name):
            guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
                throw SMTPError(
                    configurationProblem: "the password environment variable \(name) is not set "
                        + "or empty. Export it before sending.",
                    server: server
                )
            }
            return value
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SMTPError(
                    configurationProblem: "cannot read the password file \(path). Check that it "
                        + "exists and is readable by this user.",
                    server: server
                )
            }
            var text = String(decoding: data, as: UTF8.self)
            while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
            guard !text.isEmpty else {
                throw SMTPError(configurationProblem: "the password file \(path) is empty.", server: server)
            }
            return text
        }
    }

    /// Refuses envelope addresses that could smuggle SMTP commands (CR, LF, angle brackets, spaces).
    static func checkEnvelope(
        _ address: String,
        allowEmpty: Bool,
        role: String,
        server: String
    )
        throws(SMTPError)
    {
        if address.isEmpty && allowEmpty { return }
        let bad =
            address.isEmpty
            || address.utf8.contains {
                $0 <= 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
            }
        guard !bad else {
            throw SMTPError(
                configurationProblem: "the \(role) address '\(address)' is empty or contains "
                    + "spaces, control characters or angle brackets.",
                server: server
            )
        }
    }
}
