/// Normalized phrases (their UTF-8 bytes) and a value for each, looked up by bytes: a list sorted by bytes and
/// searched by halves.
///
/// Not a `Dictionary`: a dictionary keyed by `[UInt8]` makes the Swift runtime find `Array: Hashable` (and
/// `UInt8: Hashable`) for it on first use, each a scan of every protocol conformance record of the executable —
/// about 200,000 instructions apiece, paid by every `smiley ingest` process, where this table needs no conformance
/// and no hashing.
struct PhraseTable<Value: Sendable>: Sendable {
    private let keys: [[UInt8]]
    private let values: [Value]

    /// A table of `entries`; of entries with equal keys, `merge` folds each later one into the first kept
    /// (entries are kept in their given order among equal keys).
    init(_ entries: [(key: [UInt8], value: Value)], merge: (inout Value, Value) -> Void) {
        let order = entries.indices.sorted { left, right in
            switch Self.compare(entries[left].key, entries[right].key) {
            case .less: true
            case .greater: false
            case .equal: left < right
            }
        }
        var keys: [[UInt8]] = []
        var values: [Value] = []
        keys.reserveCapacity(order.count)
        values.reserveCapacity(order.count)
        for index in order {
            let entry = entries[index]
            if let last = keys.last, Self.compare(last, entry.key) == .equal {
                merge(&values[values.count - 1], entry.value)
            } else {
                keys.append(entry.key)
                values.append(entry.value)
            }
        }
        self.keys = keys
        self.values = values
    }

    /// The value of `key`'s bytes, if the table holds them.
    subscript(key: some Collection<UInt8>) -> Value? {
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            switch Self.compare(keys[middle], key) {
            case .less: low = middle + 1
            case .greater: high = middle
            case .equal: return values[middle]
            }
        }
        return nil
    }

    /// The number of keys.
    var count: Int { keys.count }

    private enum Order { case less, equal, greater }

    /// Bytewise order, a shorter key before a longer one it begins.
    private static func compare(_ left: [UInt8], _ right: some Collection<UInt8>) -> Order {
        var position = right.startIndex
        for byte in left {
            guard position != right.endIndex else { return .greater }
            let other = right[position]
            if byte != other { return byte < other ? .less : .greater }
            right.formIndex(after: &position)
        }
        return position == right.endIndex ? .equal : .less
    }
}
