import Crypto
import Foundation
public import SmileyCore

/// The secret the suppression list hashes addresses with, so that the list says "do not survey this person"
/// without naming anyone: an entry holds HMAC-SHA256 of the normalized address, never the address.
///
/// One key per key id of the installation's secret file (``TokenKeyring/derivedKeys(purpose:)``). New entries are
/// hashed with the **lowest** id — the line an admin is least likely to remove — and each entry records the id
/// it was hashed with, so adding keys to rotate token secrets changes nothing here. Removing the lowest key's
/// line makes the entries hashed with it unverifiable: ``SuppressionList/Snapshot/unverifiable`` counts them,
/// and `smiley send` warns.
///
/// The keys are derived on first use, not when the store is made: most `smiley ingest` processes store a reply and
/// never touch the suppression list, and deriving costs more than the rest of their start-up's crypto.
public struct SuppressionKey: Sendable {
    private let derived: Derived

    /// The suppression keys of an installation's keyring.
    public init(keyring: TokenKeyring) {
        derived = Derived { keyring.derivedKeys(purpose: "suppression-list") }
    }

    /// Keys from raw secrets by id (tests; at least one).
    package init(secrets: [UInt8: [UInt8]]) {
        precondition(!secrets.isEmpty, "a suppression key needs at least one secret")
        derived = Derived { secrets }
    }

    /// The keys, derived once, on first use.
    private final class Derived: @unchecked Sendable {
        private let lock = NSLock()
        private let make: @Sendable () -> [UInt8: [UInt8]]
        private var made: [UInt8: SymmetricKey]?

        init(_ make: @escaping @Sendable () -> [UInt8: [UInt8]]) { self.make = make }

        var keys: [UInt8: SymmetricKey] {
            lock.withLock {
                if let made { return made }
                let keys = make().mapValues { SymmetricKey(data: $0) }
                made = keys
                return keys
            }
        }
    }

    private var keys: [UInt8: SymmetricKey] { derived.keys }

    /// The key id new entries are hashed with: the lowest.
    public var hashingKeyID: UInt8 { keys.keys.min()! }

    /// The ids this key can hash with.
    var keyIDs: Set<UInt8> { Set(keys.keys) }

    /// The hash of a normalized address under key `id` (64 lowercase hex digits), or `nil` for an unknown id.
    func hash(_ normalizedAddress: String, keyID id: UInt8) -> String? {
        guard let key = keys[id] else { return nil }
        let code = HMAC<Crypto.SHA256>.authenticationCode(for: Array(normalizedAddress.utf8), using: key)
        return Array(code).hexString
    }

    /// The hash new entries get.
    func hash(_ normalizedAddress: String) -> String {
        hash(normalizedAddress, keyID: hashingKeyID)!
    }
}
