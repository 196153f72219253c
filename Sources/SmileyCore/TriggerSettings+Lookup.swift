import Foundation

extension TriggerSettings {
    /// A help desk's REST API, for what its post lacks: the ConnectWise ticket a callback names, the requester's
    /// address from an Autotask or ConnectWise contact or a Zendesk ticket's requester. Credentials are read from
    /// `credentialFile` (first line).
    public struct Lookup: Sendable, Hashable, Codable {
        /// `connectwise`, `autotask` or `zendesk`.
        public var api: String
        /// The API's base: `https://api-na.myconnectwise.net/v4_6_release/apis/3.0`,
        /// `https://webservices2.autotask.net/ATServicesRest`, `https://SUBDOMAIN.zendesk.com`. https only (http only
        /// to a loopback address).
        public var baseURL: String
        /// ConnectWise: `company+publicKey:privateKey` (sent as Basic authorization); Autotask: the API user's
        /// secret; Zendesk: `agent@example.com/token:API_TOKEN` (Basic authorization).
        public var credentialFile: String
        /// ConnectWise: the integration's `clientId` header.
        public var clientId: String?
        /// Autotask: the `ApiIntegrationCode` header.
        public var integrationCode: String?
        /// Autotask: the API user's `UserName` header.
        public var username: String?
        /// Each request's time limit, seconds (default 5): the help desk waits for the answer, and one post may need
        /// three requests (ConnectWise: signing key, ticket, contact).
        public var timeoutSeconds: Int?

        /// A lookup setting.
        public init(
            api: String,
            baseURL: String,
            credentialFile: String,
            clientId: String? = nil,
            integrationCode: String? = nil,
            username: String? = nil,
            timeoutSeconds: Int? = nil
        ) {
            self.api = api
            self.baseURL = baseURL
            self.credentialFile = credentialFile
            self.clientId = clientId
            self.integrationCode = integrationCode
            self.username = username
            self.timeoutSeconds = timeoutSeconds
        }

        /// The APIs a lookup may use.
        public static let apis = ["connectwise", "autotask", "zendesk"]

        /// `baseURL`'s origin (``origin(of:)``).
        public var origin: String? { Self.origin(of: baseURL) }

        /// The scheme, host and port of `url` (`https://host[:port]`), lowercased, without the scheme's default
        /// port; nil for a URL with no host, or with a user name or password (parsers disagree on its host).
        public static func origin(of url: String) -> String? {
            guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), let host = parsed.host,
                !host.isEmpty, parsed.user == nil, parsed.password == nil
            else { return nil }
            let port = parsed.port.flatMap { port in
                (scheme == "https" && port == 443) || (scheme == "http" && port == 80) ? nil : port
            }
            return "\(scheme)://\(host.lowercased())" + (port.map { ":\($0)" } ?? "")
        }

        /// What is wrong with the lookup, naming `key`.
        func problem(_ key: String) -> String? {
            guard Self.apis.contains(api) else {
                return "\(key).api '\(api)' is not one of \(Self.apis.joined(separator: ", "))"
            }
            let lower = baseURL.lowercased()
            let loopback = ["http://127.0.0.1", "http://[::1]", "http://localhost"].contains {
                lower.hasPrefix($0 + ":") || lower.hasPrefix($0 + "/") || lower == $0
            }
            guard origin != nil, lower.hasPrefix("https://") || loopback else {
                return
                    "\(key).baseURL '\(baseURL)' must be an https:// address (http:// only to 127.0.0.1 or localhost)"
            }
            if credentialFile.isEmpty { return "\(key).credentialFile names the file holding the API credentials" }
            if api == "connectwise", clientId?.isEmpty ?? true {
                return "\(key).clientId is needed: ConnectWise refuses API calls without the integration's clientId"
            }
            if api == "autotask", integrationCode?.isEmpty ?? true || username?.isEmpty ?? true {
                return "\(key): Autotask needs integrationCode (ApiIntegrationCode) and username (the API user)"
            }
            if let timeoutSeconds, !(1...60).contains(timeoutSeconds) {
                return "\(key).timeoutSeconds must be between 1 and 60"
            }
            return nil
        }
    }
}
