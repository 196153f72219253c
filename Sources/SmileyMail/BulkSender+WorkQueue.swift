import Foundation

/// One message on its way, with its attempt count. A first attempt may still have to be made
/// (``PendingItem/make``); a retry always carries the made item.
struct BulkWork {
    var key: String
    var pending: PendingItem?
    var item: OutgoingItem?
    var attempt: Int

    init(pending: PendingItem) {
        key = pending.recipientKey
        self.pending = pending
        attempt = 1
    }

    init(item: OutgoingItem, attempt: Int) {
        key = item.recipientKey
        self.item = item
        self.attempt = attempt
    }
}

/// The work shared by a send's workers: the caller's lazy sequence, messages waiting to be retried, and the
/// stop flag. `next()` blocks until there is work, or returns nil when everything is done or the send stopped.
final class BulkWorkQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var source: any IteratorProtocol<PendingItem>
    private var exhausted = false
    private var retries: [(due: Date, work: BulkWork)] = []
    private var inFlight = 0
    private(set) var stopReason: String?
    private let isAccepted: (String) -> Bool
    private(set) var skipped = 0

    init(source: any IteratorProtocol<PendingItem>, isAccepted: @escaping (String) -> Bool) {
        self.source = source
        self.isAccepted = isAccepted
    }

    /// Whether ``stop(_:)`` was called.
    var isStopped: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopReason != nil
    }

    /// Messages waiting for a retry.
    var waiting: Int {
        condition.lock()
        defer { condition.unlock() }
        return retries.count
    }

    /// The next message to send (a due retry first, then the caller's next item), or nil when done.
    /// The caller's sequence is advanced here, under the lock: one worker at a time. A new item is not made
    /// here: the worker makes it, outside the lock.
    func next() -> BulkWork? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if stopReason != nil { return nil }
            let now = Date()
            if let index = retries.indices.min(by: { retries[$0].due < retries[$1].due }) {
                if retries[index].due <= now {
                    let work = retries.remove(at: index).work
                    inFlight += 1
                    return work
                }
            }
            if !exhausted {
                if let item = source.next() {
                    if isAccepted(item.recipientKey) {
                        skipped += 1
                        continue
                    }
                    inFlight += 1
                    return BulkWork(pending: item)
                }
                exhausted = true
            }
            if let due = retries.map(\.due).min() {
                _ = condition.wait(until: due)
            } else if inFlight > 0 {
                condition.wait()
            } else {
                return nil
            }
        }
    }

    /// The worker is done with a message.
    func finish() {
        condition.lock()
        inFlight -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// The worker hands a message back for another attempt at `due`.
    func retry(_ work: BulkWork, at due: Date) {
        condition.lock()
        inFlight -= 1
        retries.append((due, work))
        condition.broadcast()
        condition.unlock()
    }

    /// Stops the send: workers get nil from `next()` after their current message. The first reason wins.
    func stop(_ reason: String) {
        condition.lock()
        if stopReason == nil { stopReason = reason }
        condition.broadcast()
        condition.unlock()
    }
}
