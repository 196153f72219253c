public import Foundation

/// The persisted queue of help-desk triggers waiting for their survey: `data/triggers/pending/NAME.csv`, each a
/// one-row recipient list that the send workflow sends like any other, and `data/triggers/done/NAME.csv` (the
/// outcome only, no one's address) once sent. Pending files name a person, so ``DataStore/access(email:)`` lists
/// them and ``DataStore/erase(email:now:)`` removes them; like every file about people, they are written here, in
/// SmileyStore, through ``DurableFile``.
public struct TriggerQueue: Sendable {
    /// The queue's folder (`DATA/triggers`).
    public let directory: String
    /// Whether writes are fsync'd.
    public let synchronize: Bool

    /// Where queued triggers wait.
    public var pendingDirectory: String { directory + "/pending" }
    /// Where a sent trigger's marker stays, so the same ticket is never queued again.
    public var doneDirectory: String { directory + "/done" }

    /// The queue of a data folder.
    public init(dataDirectory: String, synchronize: Bool) {
        self.directory = dataDirectory + "/triggers"
        self.synchronize = synchronize
    }

    /// Queues `bytes` (a one-row recipient list) durably under `name`.
    /// - Returns: false when the same name was queued before (pending or done).
    public func enqueue(name: String, bytes: [UInt8]) throws(StoreError) -> Bool {
        if FileManager.default.fileExists(atPath: doneDirectory + "/" + name) { return false }
        try DurableFile.makeDirectory(pendingDirectory)
        let outcome = try DurableFile.create(
            bytes,
            directory: pendingDirectory,
            name: name,
            synchronize: synchronize,
            mode: 0o600
        )
        return outcome == .stored
    }

    /// The pending files, oldest name first.
    public func pending() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: pendingDirectory)) ?? []
        return names.filter { $0.hasSuffix(".csv") && !$0.hasPrefix(DurableFile.temporaryPrefix) }.sorted()
    }

    /// The bytes of a pending file, or nil when it is gone.
    public func pendingBytes(_ name: String) -> [UInt8]? {
        FileManager.default.contents(atPath: pendingDirectory + "/" + name).map { [UInt8]($0) }
    }

    /// Marks `name` sent: the done marker first (so it is never queued again), then the pending file goes.
    public func markDone(_ name: String, outcome: String) throws(StoreError) {
        try DurableFile.makeDirectory(doneDirectory)
        try DurableFile.create(
            Array((outcome + "\n").utf8),
            directory: doneDirectory,
            name: name,
            synchronize: synchronize,
            mode: 0o600
        )
        try DurableFile.remove(pendingDirectory + "/" + name)
    }

    /// Removes a pending file (erasure); true when there was one.
    func removePending(_ name: String) throws(StoreError) -> Bool {
        try DurableFile.remove(pendingDirectory + "/" + name)
    }
}
