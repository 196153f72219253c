/// A set of pairs of bytes (a text's first two bytes, say), one bit each in an 8 KB table: a look-up is a shift and a
/// mask, and filling it hashes nothing — for the prefilters that run at every line or byte of a text (the reply
/// rule book's phrase heads, the scanner rule's user-agent fragments).
package struct BytePairSet: Sendable, Equatable {
    @usableFromInline var bits = [UInt64](repeating: 0, count: 65_536 / 64)

    /// An empty set.
    package init() {}

    /// Adds the pair `first`, `second`.
    @inlinable package mutating func insert(_ first: UInt8, _ second: UInt8) {
        let pair = Int(first) << 8 | Int(second)
        bits[pair >> 6] |= 1 << UInt64(pair & 63)
    }

    /// Whether the pair `first`, `second` is in the set (inlined where it is asked: a scan asks at every byte).
    @inlinable package func contains(_ first: UInt8, _ second: UInt8) -> Bool {
        let pair = Int(first) << 8 | Int(second)
        return bits[pair >> 6] & (1 << UInt64(pair & 63)) != 0
    }
}
