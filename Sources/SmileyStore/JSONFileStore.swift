public import Foundation
public import SmileyCore

/// A ``FeedbackStore`` that keeps each record as one JSON file, safe for hundreds of processes at once.
///
/// ## Layout
/// ```
/// <directory>/records/<first two hex digits of the id>/<id>.json
/// <directory>/records/log/<yyyymmdd>-<writer>.jsonl      records a line: the web server's clicks (``RecordLog``)
/// <directory>/quarantine/<sha256>.eml, <sha256>.json     (see ``Quarantine``)
/// ```
/// The other files of the data folder belong to ``DataStore``, which holds this store as its ``DataStore/records``.
/// Records are sharded by id prefix rather than by month because the file name must follow from the id alone:
/// two deliveries of the same message may carry different receive times, and only a path that depends on
/// nothing but the id lets `link(2)` refuse the second one. 256 shards keep each directory small (a million
/// records is about 4,000 files a directory). Date-range queries read every record; that is a few seconds for
/// a hundred thousand records, fine for reports and GDPR requests, and nothing on the ingest path reads at all.
/// Records that ``GroupCommit`` appends to the log are read, reported, erased and pruned with the others; a record
/// found twice (in two log lines) is listed once.
///
/// ## Durability
/// A save writes a temporary file beside its final name, `fsync`s it, links it into place (refusing to replace
/// an existing record) and `fsync`s the directory; see the type-level comment of `DurableFile`. When `save`
/// returns ``SaveOutcome/stored``, the record survives a crash or power cut. Readers skip names starting with
/// `.`, so they never see a half-written record.
///
/// The store is a value holding only its configuration; all shared state is in the file system, which is what
/// makes it safe across processes as well as across threads. Its methods are synchronous (they satisfy the
/// `async` requirements of ``FeedbackStore``), so a short-lived CLI process can call them directly.
public struct JSONFileStore: FeedbackStore {
    /// Where and how the store writes.
    public struct Configuration: Sendable, Hashable {
        /// The data directory; created, with parents, on first write.
        public var directory: URL
        /// How long a caller may wait for a lock before failing with a transient error; records themselves need
        /// none (`link(2)` decides races), ``DataStore`` passes it on to its own locks.
        /// Default: 10 seconds.
        public var lockTimeout: Duration
        /// Whether to `fsync` files and directories. Default `true`; turn off only in tests, where it saves time
        /// and durability across power cuts does not matter.
        public var synchronizes: Bool

        /// Creates a configuration.
        /// - Parameters:
        ///   - directory: The data directory.
        ///   - lockTimeout: How long to wait for a file lock.
        ///   - synchronizes: Whether to `fsync` (keep `true` outside tests).
        public init(directory: URL, lockTimeout: Duration = .seconds(10), synchronizes: Bool = true) {
            self.directory = directory
            self.lockTimeout = lockTimeout
            self.synchronizes = synchronizes
        }
    }

    /// The configuration the store was made with.
    public let configuration: Configuration

    /// Temporary files older than this (seconds) are taken to be left over by a crashed writer.
    static let staleTemporaryAge: Double = 3600

    /// Creates a store over a directory. Nothing is touched until the first call.
    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// The quarantine inside this store's directory (`quarantine/`).
    public var quarantine: Quarantine {
        Quarantine(
            directory: configuration.directory.appending(path: "quarantine", directoryHint: .isDirectory),
            synchronizes: configuration.synchronizes
        )
    }

    var recordsPath: String { configuration.directory.path(percentEncoded: false).removingTrailingSlashes + "/records" }

    /// `records/<first two hex digits>`. (`String + Substring` would run the standard library's unspecialized
    /// generic append: a quarter million instructions in an ingest process, for two characters.)
    func shardPath(for id: RecordID) -> String { recordsPath + "/" + String(id.rawValue.prefix(2)) }

    func path(for id: RecordID) -> String { shardPath(for: id) + "/" + id.rawValue + ".json" }

    @discardableResult
    public func save(_ record: FeedbackRecord) throws(StoreError) -> SaveOutcome {
        let shard = shardPath(for: record.id)
        let bytes = try StoreJSON.encode(record, path: path(for: record.id))
        try System.makeDirectories(shard, synchronize: configuration.synchronizes)
        return try DurableFile.create(
            bytes,
            directory: shard,
            name: record.id.rawValue + ".json",
            synchronize: configuration.synchronizes
        )
    }

    /// The log segments' folder (`records/log`).
    var log: RecordLog { RecordLog(directory: recordsPath + "/log", synchronizes: configuration.synchronizes) }

    /// Whether a path from ``recordFilesSkippingDamaged(into:)`` is a log segment rather than a record file.
    func isLogSegment(_ path: String) -> Bool { path.hasPrefix(log.directory + "/") }

    public func record(id: RecordID) throws(StoreError) -> FeedbackRecord? {
        let file = path(for: id)
        if let bytes = try System.readFile(file) { return try Self.decode(bytes, path: file, expecting: id) }
        for segment in try log.segmentPaths() {
            for line in try log.lines(of: segment).lines {
                if case .success(let record) = line.record, record.id == id { return record }
            }
        }
        return nil
    }

    public func records(matching query: RecordQuery) throws(StoreError) -> [FeedbackRecord] {
        try allRecords().map(\.record).uniqueByID().filter(query.matches).sortedForListing()
    }

    public func records(forEmail address: EmailAddress) throws(StoreError) -> [FeedbackRecord] {
        let wanted = address.normalized
        return try allRecords().map(\.record).uniqueByID().filter { $0.recipientEmail?.normalized == wanted }
            .sortedForListing()
    }

    public func erase(email address: EmailAddress) throws(StoreError) -> Int {
        let wanted = address.normalized
        var unreadable: [String] = []
        return try anonymize(recordFilesSkippingDamaged(into: &unreadable)) { $0.recipientEmail?.normalized == wanted }
    }

    /// Replaces every record of `files` that `select` picks with its ``FeedbackRecord/anonymized`` version, in
    /// place and durably; every log segment is rewritten the same way (dropping a torn last line, which may hold
    /// part of what is erased).
    /// - Returns: How many records changed.
    func anonymize(
        _ files: [(record: FeedbackRecord, path: String)],
        where select: (FeedbackRecord) -> Bool
    ) throws(StoreError) -> Int {
        var count = 0
        for segment in try log.segmentPaths() {
            count += try log.rewrite(segment) { select($0) ? $0.anonymized : $0 }
        }
        for (record, path) in files where !isLogSegment(path) && select(record) {
            let anonymous = record.anonymized
            guard anonymous != record else { continue }
            try replace(anonymous)
            count += 1
        }
        return count
    }

    /// Removes records received before `cutoff`, and temporary files that crashed writers left (older than an hour).
    public func prune(olderThan cutoff: Date) throws(StoreError) -> Int {
        let now = Date().timeIntervalSince1970
        for shard in try shardPaths() {
            try DurableFile.removeStaleTemporaryFiles(in: shard, olderThan: Self.staleTemporaryAge, now: now)
        }
        return try remove(allRecords()) { $0.receivedAt < cutoff }
    }

    /// Removes the records of `files` that `shouldRemove` selects (only counts them in a dry run), then flushes
    /// the directories that changed.
    /// - Returns: How many records were (or would be) removed.
    func remove(
        _ files: [(record: FeedbackRecord, path: String)],
        dryRun: Bool = false,
        where shouldRemove: (FeedbackRecord) -> Bool
    ) throws(StoreError) -> Int {
        var removed = 0
        var touched: Set<String> = []
        if dryRun {
            removed += files.filter { isLogSegment($0.path) && shouldRemove($0.record) }.count
        } else {
            for segment in try log.segmentPaths() {
                removed += try log.rewrite(segment) { shouldRemove($0) ? nil : $0 }
            }
        }
        for (record, file) in files where !isLogSegment(file) && shouldRemove(record) {
            if dryRun {
                removed += 1
            } else if try System.remove(file) {
                removed += 1
                touched.insert(System.parent(of: file))
            }
        }
        if configuration.synchronizes {
            for directory in touched.sorted() { try System.synchronizeDirectory(directory) }
        }
        return removed
    }

    /// Every readable record; damaged files are named in `unreadable` and skipped.
    func allRecordsSkippingDamaged(into unreadable: inout [String]) throws(StoreError) -> [FeedbackRecord] {
        try recordFilesSkippingDamaged(into: &unreadable).map(\.record).uniqueByID()
    }

    /// Every readable record with its path (a log record's path is its segment; a record logged twice comes
    /// twice); damaged files and log lines are named in `unreadable` and skipped.
    func recordFilesSkippingDamaged(
        into unreadable: inout [String]
    ) throws(StoreError) -> [(record: FeedbackRecord, path: String)] {
        try recordFiles(skippingDamaged: true, into: &unreadable)
    }

    /// Every record with its path. A damaged file is an error (reports must not count around it) unless
    /// `skippingDamaged`, when it is named in `unreadable` (access, erasure and retention go on).
    private func recordFiles(
        skippingDamaged: Bool,
        into unreadable: inout [String]
    ) throws(StoreError) -> [(record: FeedbackRecord, path: String)] {
        var result: [(record: FeedbackRecord, path: String)] = []
        for shard in try shardPaths() {
            for name in try System.listDirectory(shard) where !name.hasPrefix(".") && name.hasSuffix(".json") {
                let file = shard + "/" + name
                do throws(StoreError) {
                    guard let id = RecordID(String(name.dropLast(5))) else {
                        throw StoreError.corrupt(path: file, detail: "the name is not '<32 hex digits>.json'")
                    }
                    guard let bytes = try System.readFile(file) else { continue }
                    result.append((try Self.decode(bytes, path: file, expecting: id), file))
                } catch  where skippingDamaged && !error.isTransient {
                    unreadable.append(error.description)
                }
            }
        }
        for segment in try log.segmentPaths() {
            for line in try log.lines(of: segment).lines {
                switch line.record {
                case .success(let record): result.append((record, segment))
                case .failure(let error) where skippingDamaged: unreadable.append(error.description)
                case .failure(let error): throw error
                }
            }
        }
        return result
    }

    /// Writes a changed version of a stored record in place of the old one (erasure's anonymizing only).
    func replace(_ record: FeedbackRecord) throws(StoreError) {
        let file = path(for: record.id)
        try DurableFile.replace(
            try StoreJSON.encode(record, path: file),
            path: file,
            synchronize: configuration.synchronizes
        )
    }

    /// The shard directories that exist.
    private func shardPaths() throws(StoreError) -> [String] {
        try System.listDirectory(recordsPath)
            .filter { $0.utf8.count == 2 && !$0.hasPrefix(".") }
            .sorted()
            .map { recordsPath + "/" + $0 }
    }

    /// Every record with its path; files removed while listing are skipped, a damaged one is an error.
    private func allRecords() throws(StoreError) -> [(record: FeedbackRecord, path: String)] {
        var unused: [String] = []
        return try recordFiles(skippingDamaged: false, into: &unused)
    }

    private static func decode(
        _ bytes: [UInt8],
        path: String,
        expecting id: RecordID
    ) throws(StoreError) -> FeedbackRecord {
        let record = try StoreJSON.decode(FeedbackRecord.self, from: bytes, path: path)
        guard record.id == id else {
            throw StoreError.corrupt(path: path, detail: "it holds record \(record.id), not \(id)")
        }
        return record
    }
}

extension String {
    /// The path without trailing `/` (but `/` stays `/`).
    var removingTrailingSlashes: String {
        var text = self
        while text.count > 1, text.hasSuffix("/") { text.removeLast() }
        return text
    }
}

extension [FeedbackRecord] {
    /// The records with each id once (its first occurrence): a log may hold the same click twice.
    func uniqueByID() -> [FeedbackRecord] {
        var seen: Set<RecordID> = []
        return filter { seen.insert($0.id).inserted }
    }
}
