/// Why an SMTP delivery (or setting up a connection) failed: libcurl's code and text, the server's last reply,
/// and whether trying again later can help.
///
/// - ``isTransient``: a 4xx reply, a refused or dropped connection, a timeout. Retry later.
/// - ``isPermanent``: a 5xx reply. Do not retry this recipient; suppress or correct the address.
/// - ``isRateLimit``: the server asked to slow down (421, or 450/451/452/454 with a rate/too-many hint).
/// - Configuration and library problems are neither transient nor permanent for the recipient: fix the setup.
public struct SMTPError: Error, Sendable, CustomStringConvertible {
    private enum Code: Sendable, Equatable {
        case transfer
        case configuration
        case library
    }

    private let code: Code
    /// libcurl's result code (`CURLcode`), when libcurl reported the failure.
    public let curlCode: Int?
    /// libcurl's text for the failure: `curl_easy_strerror` plus the error buffer's detail.
    public let curlMessage: String?
    /// The server's last reply code (e.g. 550), when the server replied.
    public let replyCode: Int?
    /// The server's last reply text (e.g. "5.1.1 <x@example.org>: Recipient address rejected: User unknown").
    public let replyText: String?
    /// The server URL, without credentials.
    public let server: String?
    /// The envelope recipient of the failed message, when a message was being sent.
    public let recipient: String?
    private let problem: String?
    private let serverAnswered: Bool

    init(
        transferFailure curlCode: Int,
        curlMessage: String,
        replyCode: Int?,
        replyText: String?,
        serverAnswered: Bool,
        server: String,
        recipient: String?
    ) {
        self.code = .transfer
        self.serverAnswered = serverAnswered
        self.curlCode = curlCode
        self.curlMessage = curlMessage
        self.replyCode = replyCode
        self.replyText = replyText
        self.server = server
        self.recipient = recipient
        self.problem = nil
    }

    init(configurationProblem: String, server: String? = nil) {
        self.code = .configuration
        self.serverAnswered = false
        self.problem = configurationProblem
        self.server = server
        self.curlCode = nil
        self.curlMessage = nil
        self.replyCode = nil
        self.replyText = nil
        self.recipient = nil
    }

    init(libraryProblem: String) {
        self.code = .library
        self.serverAnswered = false
        self.problem = libraryProblem
        self.server = nil
        self.curlCode = nil
        self.curlMessage = nil
        self.replyCode = nil
        self.replyText = nil
        self.recipient = nil
    }

    /// libcurl codes that mean "the connection failed or stalled", worth retrying later.
    private static let transientCurlCodes: Set<Int> = [
        6,  // couldn't resolve host (DNS may be down)
        7,  // couldn't connect
        28,  // timed out
        52,  // got nothing
        55,  // send error (also: connection dropped)
        56,  // receive error (connection dropped)
    ]

    /// True for a 4xx reply or a connection-level failure: the same message may succeed later.
    public var isTransient: Bool {
        guard code == .transfer else { return false }
        if let replyCode, (400..<500).contains(replyCode) { return true }
        if let replyCode, (500..<600).contains(replyCode) { return false }
        return Self.transientCurlCodes.contains(curlCode ?? -1)
    }

    /// True for a 5xx reply: the server refused this message or recipient for good. Never retry it.
    public var isPermanent: Bool {
        guard code == .transfer, let replyCode else { return false }
        return (500..<600).contains(replyCode)
    }

    /// True when the server could not be reached at all (refused, unresolvable, connect timeout with no reply).
    /// A bulk send pauses as a whole on this instead of charging a retry to each message.
    public var isServerUnreachable: Bool {
        guard code == .transfer, !serverAnswered else { return false }
        return curlCode == 6 || curlCode == 7 || curlCode == 28
    }

    /// True when the reply asks the sender to slow down: any 421 (the server is shedding load), or
    /// 450/451/452/454 whose text hints at a rate or count limit.
    public var isRateLimit: Bool {
        guard code == .transfer, let replyCode else { return false }
        if replyCode == 421 { return true }
        guard [450, 451, 452, 454].contains(replyCode) else { return false }
        let text = (replyText ?? "").lowercased()
        let hints = ["rate", "too many", "throttl", "limit", "slow down", "too fast", "4.7.28"]
        return hints.contains { text.contains($0) }
    }

    /// True for problems in Smiley's settings or the machine (bad URL, missing password, libcurl missing):
    /// fix the setup, retrying cannot help.
    public var isConfigurationProblem: Bool { code != .transfer || (!isTransient && replyCode == nil) }

    /// What went wrong and what to do.
    public var description: String {
        switch code {
        case .library:
            return "libcurl is unavailable: \(problem ?? "unknown reason")"
        case .configuration:
            return "SMTP configuration problem\(server.map { " (\($0))" } ?? ""): \(problem ?? "unknown")"
        case .transfer:
            return transferDescription
        }
    }

    private var transferDescription: String {
        let to = recipient.map { " to <\($0)>" } ?? ""
        let where_ = server ?? "the SMTP server"
        let curl = "curl \(curlCode ?? 0): \(curlMessage ?? "")"
        if let replyCode {
            let reply = "\(replyCode) \(replyText ?? "")".trimmingTrailingSpaces()
            if isRateLimit {
                return "\(where_) asked to slow down while sending\(to) (\(reply)). Lower the send rate or the "
                    + "number of connections; the message can be sent again later. [\(curl)]"
            }
            if replyCode == 535 || replyCode == 534 || replyCode == 530 {
                return "\(where_) refused the login (\(reply)). Check the username and the password source "
                    + "(environment variable or file) in the SMTP settings. [\(curl)]"
            }
            if isPermanent {
                return "\(where_) refused the message\(to) permanently (\(reply)). Do not retry this address: "
                    + "correct it or add it to the suppression list. [\(curl)]"
            }
            if isTransient {
                return "\(where_) deferred the message\(to) (\(reply)). It is a temporary refusal; send it "
                    + "again later (Smiley retries with backoff). [\(curl)]"
            }
            return "\(where_) gave an unexpected reply while sending\(to) (\(reply)). [\(curl)]"
        }
        switch curlCode {
        case 7:
            return "Could not connect to \(where_) (\(curl)). Check that the SMTP server is running and that "
                + "the host and port in the settings are right."
        case 6:
            return "Could not resolve the host of \(where_) (\(curl)). Check the host name and DNS."
        case 28:
            return "\(where_) did not answer in time while sending\(to) (\(curl)). The server is slow or "
                + "stuck: try later, or raise the connect/transfer timeout in the SMTP settings."
        case 52, 55, 56:
            return "The connection to \(where_) broke while sending\(to) (\(curl)). The message may or may "
                + "not have been accepted; it will be retried on a new connection."
        case 64:
            return "\(where_) does not offer STARTTLS but TLS is required (\(curl)). Use smtps:// (port 465), "
                + "enable STARTTLS on the server, or knowingly set tls to 'opportunistic'."
        case 67:
            return "\(where_) refused the login (\(curl)). Check the username and the password source."
        case 35, 58, 60, 77, 83, 90, 91:
            return "The TLS handshake with \(where_) failed (\(curl)). Check the server's certificate, "
                + "the host name in the URL, and the CA bundle setting."
        default:
            return "Sending\(to) via \(where_) failed (\(curl))."
        }
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
