/// A message whose bytes are made by the worker that sends it, outside the send's shared lock.
///
/// ``BulkSender/send(_:journal:expectedTotal:progress:)-(PendingItem)`` advances the caller's sequence under a
/// lock (one `next()` at a time), so whatever `next()` does is serialised across all connections. Producing a
/// `PendingItem` there (cheap: read a row, decide the key) and rendering in ``make`` lets every worker render its
/// own message in parallel. Recipients the journal shows as accepted are skipped by key, before ``make`` runs.
public struct PendingItem: Sendable {
    /// The recipient's stable key (``OutgoingItem/recipientKey``); the journal is checked for it first.
    public var recipientKey: String
    /// Makes the message, on a worker thread, possibly while other workers run their own `make`; `nil` drops
    /// the recipient (the closure has recorded why). Called at most once per item.
    public var make: @Sendable () -> OutgoingItem?

    /// Creates a pending item.
    /// - Parameters:
    ///   - recipientKey: Stable key of the recipient within this send.
    ///   - make: Produces the message, or `nil` to skip the recipient. Must be safe to run concurrently with
    ///     the `make` of other items.
    public init(recipientKey: String, make: @escaping @Sendable () -> OutgoingItem?) {
        self.recipientKey = recipientKey
        self.make = make
    }

    /// An item that is already made.
    init(_ item: OutgoingItem) {
        recipientKey = item.recipientKey
        make = { item }
    }
}
