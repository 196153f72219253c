/// The `server` section of `smiley.json`: how `smiley serve` listens and which clicks it refuses.
///
/// Every key has a default, so `"server": {}` (or no section at all) serves on 127.0.0.1:8080 behind a reverse
/// proxy on the same machine.
public struct ServerSettings: Sendable, Hashable, Codable {
    /// The address to listen on; `127.0.0.1` by default (TLS is the reverse proxy's job).
    public var host: String
    /// The TCP port; 8080 by default.
    public var port: Int
    /// Address ranges (CIDR, IPv4 or IPv6, e.g. `127.0.0.1/32`) of reverse proxies whose `X-Forwarded-For` is
    /// believed. From any other peer the header is ignored and the connection's own address is the client's.
    public var trustedProxies: [String]
    /// Extra user-agent fragments (compared case-insensitively) that mark a link scanner, besides the built-in
    /// list (see the README, "Link scanners").
    public var scannerUserAgents: [String]
    /// Extra address ranges (CIDR) whose requests are link scanners, besides the built-in list.
    public var scannerAddresses: [String]
    /// Different ratings clicked for one survey and person within this many seconds are a scanner. Default 60.
    public var clickBurstSeconds: Int
    /// An unconfirmed click nothing contradicts counts after this many seconds. Default 300.
    public var clickQuietSeconds: Int
    /// The largest request body read, in bytes (a comment form is far smaller). Default 16,384.
    public var maximumBodyBytes: Int
    /// How long a client may take to send a whole request, in seconds, before the connection is closed. Default 10.
    public var requestTimeoutSeconds: Int
    /// The inbound webhook routes (`webhooks`); none when absent.
    public var webhooks: WebhookSettings?

    /// Creates settings; every argument has the documented default.
    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        trustedProxies: [String] = [],
        scannerUserAgents: [String] = [],
        scannerAddresses: [String] = [],
        clickBurstSeconds: Int = 60,
        clickQuietSeconds: Int = 300,
        maximumBodyBytes: Int = 16_384,
        requestTimeoutSeconds: Int = 10,
        webhooks: WebhookSettings? = nil
    ) {
        self.host = host
        self.port = port
        self.trustedProxies = trustedProxies
        self.scannerUserAgents = scannerUserAgents
        self.scannerAddresses = scannerAddresses
        self.clickBurstSeconds = clickBurstSeconds
        self.clickQuietSeconds = clickQuietSeconds
        self.maximumBodyBytes = maximumBodyBytes
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.webhooks = webhooks
    }

    private enum CodingKeys: String, CodingKey {
        case host, port, trustedProxies, scannerUserAgents, scannerAddresses, clickBurstSeconds, clickQuietSeconds
        case maximumBodyBytes, requestTimeoutSeconds, webhooks
    }

    /// Reads the section; a key left out takes its default.
    public init(from decoder: any Decoder) throws {
        let defaults = ServerSettings()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        host = try c.decodeIfPresent(String.self, forKey: .host) ?? defaults.host
        port = try c.decodeIfPresent(Int.self, forKey: .port) ?? defaults.port
        trustedProxies = try c.decodeIfPresent([String].self, forKey: .trustedProxies) ?? []
        scannerUserAgents = try c.decodeIfPresent([String].self, forKey: .scannerUserAgents) ?? []
        scannerAddresses = try c.decodeIfPresent([String].self, forKey: .scannerAddresses) ?? []
        clickBurstSeconds = try c.decodeIfPresent(Int.self, forKey: .clickBurstSeconds) ?? defaults.clickBurstSeconds
        clickQuietSeconds = try c.decodeIfPresent(Int.self, forKey: .clickQuietSeconds) ?? defaults.clickQuietSeconds
        maximumBodyBytes = try c.decodeIfPresent(Int.self, forKey: .maximumBodyBytes) ?? defaults.maximumBodyBytes
        requestTimeoutSeconds =
            try c.decodeIfPresent(Int.self, forKey: .requestTimeoutSeconds) ?? defaults.requestTimeoutSeconds
        webhooks = try c.decodeIfPresent(WebhookSettings.self, forKey: .webhooks)
    }

    /// What is wrong with the settings, in words naming the key, or `nil` when they are usable.
    public var problem: String? {
        if host.isEmpty { return "server.host is empty; set it to an address such as 127.0.0.1" }
        if !(0...65_535).contains(port) {
            return "server.port \(port) is not a TCP port (1-65535, or 0 for any free one)"
        }
        if clickBurstSeconds < 0 || clickQuietSeconds < 0 {
            return "server.clickBurstSeconds and server.clickQuietSeconds must not be negative"
        }
        if maximumBodyBytes < 1_024 { return "server.maximumBodyBytes must be at least 1024" }
        if requestTimeoutSeconds < 1 { return "server.requestTimeoutSeconds must be at least 1" }
        if let problem = webhooks?.problem { return problem }
        return nil
    }
}
