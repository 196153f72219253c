/// What a bounce (or complaint) says about the recipients of the original message.
public struct BounceReport: Sendable, Hashable {
    /// One recipient the report is about.
    public struct Recipient: Sendable, Hashable {
        /// The recipient's address (`Final-Recipient`, else `Original-Recipient`, else found in the text), without
        /// the `rfc822;` type; nil when the report names none.
        public let address: String?
        /// The enhanced status code, e.g. `5.1.1`. A bare SMTP reply code becomes `5.0.0`/`4.0.0`.
        public let status: String?
        /// `failed`, `delayed`, `delivered`, `relayed`, `expanded` (RFC 3464), or `complaint` for ARF; lowercased.
        public let action: String?
        /// The remote server's words (`Diagnostic-Code` without its `smtp;` type, or the line found in the text).
        public let diagnostic: String?
        /// The server that gave the answer (`Remote-MTA` without its `dns;` type), if known.
        public let remoteMTA: String?

        /// Creates a recipient entry.
        public init(address: String?, status: String?, action: String?, diagnostic: String?, remoteMTA: String?) {
            self.address = address
            self.status = status
            self.action = action
            self.diagnostic = diagnostic
            self.remoteMTA = remoteMTA
        }

        /// Whether this entry is a permanent failure: a `5.x.x` status and an action of `failed` (or none given).
        public var isPermanentFailure: Bool {
            guard let status, status.hasPrefix("5") else { return false }
            return action == nil || action == "failed"
        }
    }

    /// The recipients, in the order the report lists them.
    public let recipients: [Recipient]
    /// The token from a VERP return address `bounces+TOKEN@…` (To, Delivered-To, X-Original-To, or the envelope
    /// recipient, first found); nil when the bounce came back to an address without one.
    public let verpToken: String?
    /// Whether any recipient failed permanently (a `5.x.x` status): the address should be suppressed.
    public let isPermanent: Bool
    /// Where the data came from: `rfc3464`, `arf`, `amazon-ses`, `qmail`, `exim`, `postfix`, `sendmail`, `gmail`,
    /// `exchange`, `yahoo`, `dragonfly`, `text` (any other plain-text notice).
    public let format: String

    /// Creates a report; `isPermanent` is derived from the recipients.
    /// - Parameters:
    ///   - recipients: The recipients in order.
    ///   - verpToken: The VERP token, if any.
    ///   - format: Where the data came from.
    public init(recipients: [Recipient], verpToken: String?, format: String) {
        self.recipients = recipients
        self.verpToken = verpToken
        self.isPermanent = recipients.contains { $0.isPermanentFailure }
        self.format = format
    }

    /// The recipients' addresses, in order, without duplicates (compared case-insensitively).
    public var addresses: [String] {
        var seen = Set<String>()
        return recipients.compactMap(\.address).filter { seen.insert($0.lowercased()).inserted }
    }
}
