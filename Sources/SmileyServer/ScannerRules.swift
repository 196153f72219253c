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
    private let ranges: [AddressRange]

    /// The rules of `settings`: the built-in fragments plus the configured ones, and the configured ranges.
    /// - Throws: ``ServerError`` naming a range that is not CIDR notation.
    public init(settings: ServerSettings) throws(ServerError) {
        self.ranges = try AddressRange.parseAll(
            settings.scannerAddresses,
            setting: "server.scannerAddresses",
            example: "192.0.2.0/24"
        )
        self.userAgents = (Self.builtInUserAgents + settings.scannerUserAgents.map { $0.lowercased() })
            .filter { !$0.isEmpty }.map { Array($0.utf8) }
    }

    /// The signal that marks a request as a scanner's, or `nil` for a request that may be a person's.
    /// - Parameters:
    ///   - isHead: whether the method is `HEAD`.
    ///   - userAgent: the `User-Agent` header, if any.
    ///   - clientAddress: the client's address bytes (``ClientAddress``), if known.
    public func signal(isHead: Bool, userAgent: String?, clientAddress: [UInt8]?) -> Signal? {
        if isHead { return .head }
        guard let userAgent, !userAgent.isEmpty else { return .noUserAgent }
        let lowered = Array(userAgent.utf8).map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
        if userAgents.contains(where: { Self.contains(lowered, $0) }) { return .userAgent }
        if let clientAddress, ranges.contains(where: { $0.contains(clientAddress) }) { return .address }
        return nil
    }
}

extension ScannerRules {
    /// Whether `needle` occurs in `haystack`: a plain loop (the standard library's generic `firstRange(of:)`
    /// instantiated type metadata on every call and took a third of a click's time under load).
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= haystack.count else { return needle.isEmpty }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pattern in
                var start = 0
                let last = hay.count - pattern.count
                while start <= last {
                    if hay[start] == first {
                        var offset = 1
                        while offset < pattern.count, hay[start + offset] == pattern[offset] { offset += 1 }
                        if offset == pattern.count { return true }
                    }
                    start += 1
                }
                return false
            }
        }
    }
}

/// A problem with the server's settings or its start, in words that say what to do.
public struct ServerError: Error, Sendable, CustomStringConvertible {
    /// What went wrong and what to do.
    public let description: String

    /// Creates an error.
    public init(_ description: String) { self.description = description }
}
