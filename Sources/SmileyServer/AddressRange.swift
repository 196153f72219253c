import Foundation

/// An IPv4 or IPv6 address range in CIDR notation (`192.0.2.0/24`, `2001:db8::/32`, or one address without a
/// prefix length), and the parsing of the addresses compared with it.
public struct AddressRange: Sendable, Hashable, CustomStringConvertible {
    /// The network's bytes (4 or 16), host bits cleared.
    let network: [UInt8]
    /// How many leading bits must match.
    let prefixLength: Int
    /// The range as written.
    public let description: String

    /// Parses `text`; `nil` when it is not an address or CIDR range.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = Self.parseAddress(String(parts[0])) else { return nil }
        let bits = address.count * 8
        var length = bits
        if parts.count == 2 {
            guard let given = Int(parts[1]), (0...bits).contains(given) else { return nil }
            length = given
        }
        var network = address
        for index in network.indices {
            let keep = max(0, min(8, length - index * 8))
            network[index] &= keep == 0 ? 0 : ~UInt8(0) << (8 - keep)
        }
        self.network = network
        self.prefixLength = length
        self.description = text
    }

    /// Parses the ranges of a setting, naming the setting and the entry that is not CIDR notation.
    /// - Parameters:
    ///   - texts: the setting's entries.
    ///   - setting: its name in `smiley.json`, e.g. `server.trustedProxies`.
    ///   - example: an entry to show in the error.
    static func parseAll(_ texts: [String], setting: String, example: String) throws(ServerError) -> [AddressRange] {
        var ranges: [AddressRange] = []
        for text in texts {
            guard let range = AddressRange(text) else {
                throw ServerError(
                    "\(setting): '\(text)' is not an address range; write it in CIDR notation, e.g. \(example)"
                )
            }
            ranges.append(range)
        }
        return ranges
    }

    /// Whether an address (as ``parseAddress(_:)`` reads it) lies in the range. An IPv4-mapped IPv6 address
    /// (`::ffff:192.0.2.1`) is compared as the IPv4 address it carries.
    public func contains(_ address: [UInt8]) -> Bool {
        let address = Self.unmapped(address)
        guard address.count == network.count else { return false }
        var remaining = prefixLength
        for index in network.indices where remaining > 0 {
            let mask: UInt8 = remaining >= 8 ? 0xFF : ~UInt8(0) << (8 - remaining)
            if address[index] & mask != network[index] { return false }
            remaining -= 8
        }
        return true
    }

    /// The bytes of an IPv4 (4) or IPv6 (16) address in text; `nil` for anything else. A zone (`%eth0`) is ignored.
    public static func parseAddress(_ text: String) -> [UInt8]? {
        if text.contains(":") {
            return parseIPv6(text.split(separator: "%", maxSplits: 1).first.map(String.init) ?? "")
        }
        return parseIPv4(Substring(text))
    }

    static func unmapped(_ address: [UInt8]) -> [UInt8] {
        guard address.count == 16, address[0..<10].allSatisfy({ $0 == 0 }), address[10] == 0xFF, address[11] == 0xFF
        else { return address }
        return Array(address[12..<16])
    }

    private static func parseIPv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCIIDigit), let value = UInt8(part) else {
                return nil
            }
            bytes.append(value)
        }
        return bytes
    }

    private static func parseIPv6(_ text: String) -> [UInt8]? {
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt8]? {
            if part.isEmpty { return [] }
            var bytes: [UInt8] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains(".") {
                    guard let v4 = parseIPv4(piece) else { return nil }
                    bytes += v4
                    continue
                }
                guard (1...4).contains(piece.count), let value = UInt16(piece, radix: 16) else { return nil }
                bytes += [UInt8(value >> 8), UInt8(value & 0xFF)]
            }
            return bytes
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 16 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count <= 14 else { return nil }
        return head + [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
