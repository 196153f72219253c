import Crypto
import SmileyCore

/// SHA-256 for content-derived record ids and quarantine file names: swift-crypto's, behind the small API the
/// store uses (the package already builds swift-crypto for the rating tokens).
struct SHA256 {
    private var hasher = Crypto.SHA256()

    /// The digest of `bytes` in one go.
    static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The digest of `bytes` as 64 lowercase hex digits.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        hash(bytes).hexString
    }

    /// Adds bytes to the message.
    mutating func update(_ bytes: some Sequence<UInt8>) {
        if let done: Void = bytes.withContiguousStorageIfAvailable({
            hasher.update(bufferPointer: UnsafeRawBufferPointer($0))
        }) {
            return done
        }
        hasher.update(data: Array(bytes))
    }

    /// The digest of everything added.
    mutating func finalize() -> [UInt8] {
        Array(hasher.finalize())
    }
}

extension Array where Element == UInt8 {
    /// Lowercase hex, two digits a byte.
    var hexString: String { HMACSignature.hex(self) }
}
