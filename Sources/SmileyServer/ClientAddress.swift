import Foundation
public import SmileyCore

/// Who the client is: the connection's peer, or — only when the peer is a configured reverse proxy — the
/// right-most address of `X-Forwarded-For` that is not itself a trusted proxy. A client cannot choose its address
/// by sending the header itself: from an untrusted peer the header is ignored.
public struct ClientAddress: Sendable {
    private let trusted: [AddressRange]

    /// The proxies of `settings.trustedProxies`.
    /// - Throws: ``ServerError`` naming a range that is not CIDR notation.
    public init(settings: ServerSettings) throws(ServerError) {
        self.trusted = try AddressRange.parseAll(
            settings.trustedProxies,
            setting: "server.trustedProxies",
            example: "127.0.0.1/32"
        )
    }

    /// The client's address bytes (4 or 16), or `nil` when unknown.
    /// - Parameters:
    ///   - peer: the connection's peer address in text (`127.0.0.1`, `::1`).
    ///   - forwardedFor: every `X-Forwarded-For` header value, in order.
    public func resolve(peer: String?, forwardedFor: [String]) -> [UInt8]? {
        guard let peer, let peerBytes = AddressRange.parseAddress(peer) else { return nil }
        guard isTrusted(peerBytes) else { return peerBytes }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        var client = peerBytes
        for hop in hops.reversed() {
            guard let bytes = AddressRange.parseAddress(Self.stripPort(hop)) else { return client }
            client = bytes
            if !isTrusted(bytes) { return bytes }
        }
        return client
    }

    private func isTrusted(_ address: [UInt8]) -> Bool { trusted.contains { $0.contains(address) } }

    /// `[2001:db8::1]:443` → `2001:db8::1`; `192.0.2.1:80` → `192.0.2.1`; anything else as given.
    private static func stripPort(_ hop: String) -> String {
        if hop.hasPrefix("["), let close = hop.firstIndex(of: "]") {
            return String(hop[hop.index(after: hop.startIndex)..<close])
        }
        if hop.filter({ $0 == ":" }).count == 1, let colon = hop.firstIndex(of: ":") { return String(hop[..<colon]) }
        return hop
    }
}
