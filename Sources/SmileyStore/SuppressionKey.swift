import Crypto
public import SmileyCore

/// The secret the suppression list hashes addresses with, so that the list says "do not survey this person"
/// without naming anyone: an entry holds HMAC-SHA256 of the normalized address, never the address.
///
/// One key per key id of the installation's secret file (``TokenKeyring/derivedKeys(purpose:)``). New entries are
/// hashed with the **lowest** id — the line an admin is least likely to remove — and each entry records the id
/// it was hashed with, so adding keys to rotate token secrets changes nothing here. Removing the lowest key's
/// line makes the entries hashed with it unverifiable: ``SuppressionList/Snapshot/unverifiable`` counts them,
/// and `smiley send` warns.
public struct SuppressionKey: Sendable {
    private let keys: [UInt8: SymmetricKey]
    /// The key id new entries are hashed with.
    public let hashingKeyID: UInt8

    /// The suppression keys of an installation's keyring.
    public init(keyring: TokenKeyring) {
        self.init(secrets: keyring.derivedKeys(purpose: "suppression-list"))
    }

    /// Keys from raw secrets by id (tests; at least one).
    public init(secrets: [UInt8: [UInt8]]) {
        precondition(!secrets.isEmpty, "a suppression key needs at least one secret")
        keys = secrets.mapValues { SymmetricKey(data: $0) }
        hashingKeyID = secrets.keys.min()!
    }

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
