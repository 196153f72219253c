import Foundation
public import SmileyCore
import Synchronization

/// The sent index as a long-running reader sees it (`smiley serve` looks a recipient up on every click): each
/// bucket file is read once into a table by recipient, then only checked (`stat`) on later look-ups — a file that
/// grew is read from where the last read stopped, a file replaced (an erasure or pruning rewrites it under a new
/// inode) or shortened is read again whole, and a file gone is forgotten. So a look-up returns what
/// ``SentIndex/lookup(survey:recipient:)`` returns on the file as it is now, without reading 1/256 of the survey's
/// recipients every time.
///
/// At most ``maximumEntries`` entries are kept; beyond that the least recently used buckets are dropped.
public final class SentIndexCache: Sendable {
    /// How many entries, over all buckets, the cache keeps at most (about 300 bytes each).
    public let maximumEntries: Int

    private struct Bucket {
        /// The bucket file.
        let path: String
        var device: UInt64
        var inode: UInt64
        /// Bytes read so far: up to the end of the last whole line.
        var consumed: Int
        var entries: [UInt64: SentIndex.Entry]
        var lastUsed: UInt64
    }

    /// A bucket by survey and number (the recipient id's first byte): cheaper to hash than the file's path.
    private struct BucketKey: Hashable {
        let survey: String
        let number: UInt8
    }

    private struct State {
        var buckets: [BucketKey: Bucket] = [:]
        var entryCount = 0
        var clock: UInt64 = 0
    }

    private let index: SentIndex
    private let state = Mutex(State())

    /// A cache over `index`.
    /// - Parameter maximumEntries: the most entries kept (200,000 by default: about 60 MB).
    public init(index: SentIndex, maximumEntries: Int = 200_000) {
        self.index = index
        self.maximumEntries = maximumEntries
    }

    /// The entry for a recipient, as ``SentIndex/lookup(survey:recipient:)`` gives it.
    public func lookup(survey: String, recipient: RecipientID) -> SentIndex.Entry? {
        let key = BucketKey(survey: survey, number: UInt8(truncatingIfNeeded: recipient.rawValue >> 56))
        let path =
            state.withLock { $0.buckets[key]?.path } ?? index.bucketPath(survey: survey, recipient: recipient)
        var info = stat()
        guard stat(path, &info) == 0 else {
            state.withLock { state in
                if let gone = state.buckets.removeValue(forKey: key) { state.entryCount -= gone.entries.count }
            }
            // No bucket file: an installation from before the buckets keeps one file per recipient.
            return index.legacyLookup(survey: survey, recipient: recipient)
        }
        return state.withLock { state -> SentIndex.Entry? in
            state.clock += 1
            var bucket = state.buckets.removeValue(forKey: key)
            if let old = bucket {
                state.entryCount -= old.entries.count
                if old.device != UInt64(info.st_dev) || old.inode != UInt64(info.st_ino)
                    || Int(info.st_size) < old.consumed
                {
                    bucket = nil
                }
            }
            var current =
                bucket
                ?? Bucket(
                    path: path,
                    device: UInt64(info.st_dev),
                    inode: UInt64(info.st_ino),
                    consumed: 0,
                    entries: [:],
                    lastUsed: 0
                )
            if Int(info.st_size) > current.consumed { Self.readMore(into: &current) }
            current.lastUsed = state.clock
            let entry = current.entries[recipient.rawValue]
            state.entryCount += current.entries.count
            state.buckets[key] = current
            evict(&state, keeping: key)
            return entry ?? index.legacyLookup(survey: survey, recipient: recipient)
        }
    }

    /// Reads the bucket's file from where the last read stopped to the end of its last whole line; a line being
    /// appended at this moment is read next time.
    private static func readMore(into bucket: inout Bucket) {
        let path = bucket.path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { _ = close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return }
        if UInt64(info.st_dev) != bucket.device || UInt64(info.st_ino) != bucket.inode {
            // Replaced between the stat and the open: read this file from its start.
            bucket = Bucket(
                path: path,
                device: UInt64(info.st_dev),
                inode: UInt64(info.st_ino),
                consumed: 0,
                entries: [:],
                lastUsed: 0
            )
        }
        let length = Int(info.st_size) - bucket.consumed
        guard length > 0 else { return }
        var bytes = [UInt8](repeating: 0, count: length)
        var filled = 0
        while filled < length {
            let count = bytes.withUnsafeMutableBytes {
                pread(fd, $0.baseAddress! + filled, length - filled, off_t(bucket.consumed + filled))
            }
            if count <= 0 { break }
            filled += count
        }
        guard let lastNewline = bytes[..<filled].lastIndex(of: 0x0A) else { return }
        var decoder: JSONDecoder?
        var start = 0
        while start <= lastNewline {
            let end = bytes[start...lastNewline].firstIndex(of: 0x0A)!
            let line = bytes[start..<end]
            if let id = recipientID(of: line) {
                if let entry = SentIndex.entry(line: line) {
                    bucket.entries[id] = entry
                } else {
                    if decoder == nil { decoder = SentIndex.decoder() }
                    if let entry = try? decoder?.decode(SentIndex.Entry.self, from: Data(line)) {
                        bucket.entries[id] = entry
                    }
                }
            }
            start = end + 1
        }
        bucket.consumed += lastNewline + 1
    }

    /// The recipient id a line starts with (`{"id":"0123456789abcdef",`), or `nil` for a line of another shape.
    static func recipientID(of line: ArraySlice<UInt8>) -> UInt64? {
        let head = Array("{\"id\":\"".utf8)
        guard line.count > head.count + 18, line.prefix(head.count).elementsEqual(head) else { return nil }
        let digits = line.dropFirst(head.count).prefix(16)
        guard line[line.startIndex + head.count + 16] == UInt8(ascii: "\"") else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt64(digit)
        }
        return value
    }

    /// Drops the least recently used buckets (never `keeping`) until the cache holds at most ``maximumEntries``.
    private func evict(_ state: inout State, keeping: BucketKey) {
        while state.entryCount > maximumEntries,
            let oldest = state.buckets.filter({ $0.key != keeping }).min(by: { $0.value.lastUsed < $1.value.lastUsed })
        {
            state.entryCount -= oldest.value.entries.count
            state.buckets.removeValue(forKey: oldest.key)
        }
    }
}
