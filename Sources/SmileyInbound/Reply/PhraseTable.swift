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

    /// A table of `entries`, whose keys are in bytewise order, each once: the rule book's prepared lists, already
    /// sorted and merged when they were written (and held to that by their test).
    init(sorted entries: [(key: [UInt8], value: Value)]) {
        assert(zip(entries, entries.dropFirst()).allSatisfy { Self.compare($0.key, $1.key) == .less })
        keys = entries.map(\.key)
        values = entries.map(\.value)
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
