public import SmileyCore

/// The requests the server can tell at once come from a link scanner, not a person: the first half of the scanner
/// rule (the second half, bursts and confirmation, is ``SmileyStore/ClickRule``, applied to what is stored).
///
/// A rating link is a scanner's when
/// 1. it is a `HEAD` request (browsers open links with `GET`; gateways check links with `HEAD`),
/// 2. it has no `User-Agent` (every browser sends one),
/// 3. its user agent contains one of ``builtInUserAgents`` or the configured fragments (case-insensitive), or
/// 4. its client address lies in a configured range (`server.scannerAddresses`).
/// Such a request gets the same page, and nothing is stored. The lists are data: an administrator adds fragments
/// and ranges in `smiley.json` without a new release.
public struct ScannerRules: Sendable {
    /// What gave a scanner away.
    public enum Signal: String, Sendable, Hashable, CaseIterable {
        /// A `HEAD` request.
        case head
        /// No `User-Agent` header.
        case noUserAgent
        /// A user agent of the list.
        case userAgent
        /// An address of a configured range.
        case address
    }

    /// User-agent fragments of link scanners, URL sandboxes, link previews and HTTP libraries, lower case. Mail
    /// security gateways that fetch with a browser's user agent are caught by the burst rule instead.
    public static let builtInUserAgents: [String] = [
        // Headless browsers, as URL-detonation sandboxes run them.
        "headlesschrome", "phantomjs", "puppeteer", "playwright", "selenium",
        // Security gateways and URL rewriters that name themselves.
        "mimecast", "proofpoint", "urldefense", "barracuda", "forcepoint", "trendmicro", "symantec", "messagelabs",
        "sophos", "fireeye", "zscaler", "ironport", "checkpoint", "cloudmark", "safelinks",
        // Link previews of mail, chat and social apps.
        "bingpreview", "skypeuripreview", "microsoft office", "ms-office", "slackbot", "twitterbot", "linkedinbot",
        "facebookexternalhit", "whatsapp", "telegrambot", "discordbot", "googleimageproxy", "yahoomailproxy",
        // Crawlers.
        "googlebot", "bingbot", "applebot", "yandexbot", "baiduspider", "duckduckbot", "crawler", "spider",
        // HTTP libraries (a person clicks in a browser).
        "python-requests", "python-urllib", "go-http-client", "okhttp", "libwww-perl", "wget/", "scrapy",
        "java/", "apache-httpclient", "axios/", "node-fetch", "curl/",
    ]

    private let userAgents: [[UInt8]]
    /// For each byte value, the indices in ``userAgents`` of the fragments starting with it: a user agent is
    /// scanned once, and only positions holding some fragment's first byte are compared further.
    private let fragmentsByFirstByte: [[Int]]
    /// The pairs of bytes some fragment starts with: most positions of a browser's user agent are passed over on
    /// one look-up, without comparing any fragment.
    private let firstPairs: BytePairSet
    private let ranges: [AddressRange]

    /// Whether an address range is configured, so the client's address is worth resolving.
    public var checksAddresses: Bool { !ranges.isEmpty }

    /// The rules of `settings`: the built-in fragments plus the configured ones, and the configured ranges.
    /// - Throws: ``ServerError`` naming a range that is not CIDR notation.
    public init(settings: ServerSettings) throws(ServerError) {
        self.ranges = try AddressRange.parseAll(
            settings.scannerAddresses,
            setting: "server.scannerAddresses",
            example: "192.0.2.0/24"
        )
        let userAgents = (Self.builtInUserAgents + settings.scannerUserAgents.map { $0.lowercased() })
            .filter { !$0.isEmpty }.map { Array($0.utf8) }
        var table = [[Int]](repeating: [], count: 256)
        var pairs = BytePairSet()
        for (index, fragment) in userAgents.enumerated() {
            table[Int(fragment[0])].append(index)
            // A one-byte fragment matches whatever follows it: every pair it starts marked.
            for second in fragment.count > 1 ? [fragment[1]] : Array(0...255) { pairs.insert(fragment[0], second) }
        }
        self.userAgents = userAgents
        self.fragmentsByFirstByte = table
        self.firstPairs = pairs
    }

    /// The signal that marks a request as a scanner's, or `nil` for a request that may be a person's.
    /// - Parameters:
    ///   - isHead: whether the method is `HEAD`.
    ///   - userAgent: the `User-Agent` header, if any.
    ///   - clientAddress: the client's address bytes (``ClientAddress``), if known.
    public func signal(isHead: Bool, userAgent: String?, clientAddress: [UInt8]?) -> Signal? {
        signal(isHead: isHead, userAgent: userAgent) { clientAddress }
    }

    /// ``signal(isHead:userAgent:clientAddress:)`` with the client's address resolved only when a range is
    /// configured (most servers have none, and resolving reads the connection and `X-Forwarded-For`).
    public func signal(isHead: Bool, userAgent: String?, clientAddress: () -> [UInt8]?) -> Signal? {
        if isHead { return .head }
        guard let userAgent, !userAgent.isEmpty else { return .noUserAgent }
        if matchesFragment(userAgent) { return .userAgent }
        if !ranges.isEmpty, let address = clientAddress(), ranges.contains(where: { $0.contains(address) }) {
            return .address
        }
        return nil
    }

    /// Whether `userAgent` contains one of the fragments, compared case-insensitively (ASCII): one pass over the
    /// user agent, comparing further only where a fragment's first byte stands.
    private func matchesFragment(_ userAgent: String) -> Bool {
        var userAgent = userAgent
        return userAgent.withUTF8 { agent in
            for start in agent.indices {
                let first = Self.lowered(agent[start])
                let second = start + 1 < agent.count ? Self.lowered(agent[start + 1]) : 0
                guard firstPairs.contains(first, second) else { continue }
                let candidates = fragmentsByFirstByte[Int(first)]
                for index in candidates where Self.hasFragment(agent, at: start, userAgents[index]) { return true }
            }
            return false
        }
    }

    private static func lowered(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }

    private static func hasFragment(_ agent: UnsafeBufferPointer<UInt8>, at start: Int, _ fragment: [UInt8]) -> Bool {
        guard agent.count - start >= fragment.count else { return false }
        for offset in 1..<fragment.count where lowered(agent[start + offset]) != fragment[offset] { return false }
        return true
    }
}

/// A problem with the server's settings or its start, in words that say what to do.
public struct ServerError: Error, Sendable, CustomStringConvertible {
    /// What went wrong and what to do.
    public let description: String

    /// Creates an error.
    public init(_ description: String) { self.description = description }
}
