import Crypto

/// HMAC for the webhook schemes Smiley checks (providers' and its own), through swift-crypto, and the
/// comparison that does not tell an attacker how much of a guess was right.
package enum HMACSignature {
    /// The hash a scheme uses.
    package enum Hash: Sendable {
        case sha256, sha1
    }

    /// HMAC of `message` under `key`.
    package static func code(_ hash: Hash, key: [UInt8], message: [UInt8]) -> [UInt8] {
        let symmetric = SymmetricKey(data: key)
        switch hash {
        case .sha256: return Array(HMAC<SHA256>.authenticationCode(for: message, using: symmetric))
        case .sha1: return Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: symmetric))
        }
    }

    /// SHA-256 of `bytes` (32 bytes). The `connectwise` trigger scheme's HMAC key is the SHA-256 of the signing key
    /// ConnectWise hands out, so the hash lives here, beside the HMACs, in the one module that links swift-crypto.
    package static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: bytes))
    }

    /// Lowercase hex of `bytes`, written straight into the string's storage (record ids, suppression keys and web
    /// form values are made with it on every click and message).
    package static func hex(_ bytes: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            for (index, byte) in bytes.enumerated() {
                buffer[2 * index] = digit(byte >> 4)
                buffer[2 * index + 1] = digit(byte & 0x0F)
            }
            return bytes.count * 2
        }
    }

    @inline(__always)
    private static func digit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 0x30 + nibble : 0x57 + nibble
    }

    /// Whether two byte strings are equal, in time that depends only on their lengths.
    package static func constantTimeEqual(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
