public import Logging
import Synchronization

extension TriggerWorkflow {
    /// How long the server waits before draining again when a drain left a survey queued because its send failed
    /// for now (the SMTP server kept deferring it, the store or outbox could not be written): ``first`` after the
    /// first such drain, doubled after each further one, never more than ``longest``; back to ``first`` after a
    /// drain that leaves nothing deferred.
    public struct RetryPolicy: Sendable, Hashable {
        /// The wait after the first drain that left a send deferred. Default 1 minute.
        public var first: Duration
        /// The longest wait. Default 15 minutes.
        public var longest: Duration

        /// Creates a policy; see each property for its default.
        public init(first: Duration = .seconds(60), longest: Duration = .seconds(900)) {
            self.first = max(first, .milliseconds(1))
            self.longest = max(longest, self.first)
        }

        /// The wait after `failures` drains in a row left a send deferred (1-based): 1, 2, 4, 8, 15, 15 … minutes
        /// with the defaults.
        public func delay(afterFailures failures: Int) -> Duration {
            var delay = first
            for _ in 1..<max(1, min(failures, 64)) {
                delay *= 2
                if delay >= longest { return longest }
            }
            return min(delay, longest)
        }
    }

    /// Starts the retry timer for the server's lifetime: from now on, a drain that leaves a survey queued because
    /// its send failed for now schedules another drain after ``RetryPolicy/delay(afterFailures:)``, so a deferred
    /// survey goes out without waiting for the next trigger or a restart. Drains still never overlap.
    /// Without this call (`smiley trigger --verify`), a drain schedules nothing.
    public func startRetries(logger: Logger, policy: RetryPolicy = RetryPolicy()) {
        retries.start(policy: policy) { await self.drain(logger: logger) }
    }

    /// Stops the retry timer (the server is shutting down): a scheduled drain is cancelled and none is scheduled
    /// again. A drain under way finishes; what it leaves queued is sent when the server starts again.
    public func stopRetries() { retries.stop() }

    /// Whether a retry drain is scheduled (a drain left a send deferred and the timer runs).
    public var isRetryScheduled: Bool { retries.isScheduled }
}

/// The retry timer of one server: at most one scheduled drain, its backoff, and whether the server runs.
final class RetryTimer: Sendable {
    private struct State {
        var policy: TriggerWorkflow.RetryPolicy?
        var drain: (@Sendable () async -> Void)?
        var failures = 0
        var scheduled: Task<Void, Never>?
    }

    private let state = Mutex(State())

    func start(policy: TriggerWorkflow.RetryPolicy, drain: @escaping @Sendable () async -> Void) {
        state.withLock { state in
            state.policy = policy
            state.drain = drain
            state.failures = 0
        }
    }

    func stop() {
        let task = state.withLock { state in
            defer { state = State() }
            return state.scheduled
        }
        task?.cancel()
    }

    var isScheduled: Bool { state.withLock { $0.scheduled != nil } }

    /// Called once at the end of every drain: schedules the next drain after a drain that left a send deferred
    /// (replacing one already scheduled), or resets the backoff after one that did not.
    func settle(deferred: Bool) {
        let replaced = state.withLock { state -> Task<Void, Never>? in
            let previous = state.scheduled
            state.scheduled = nil
            guard let policy = state.policy, let drain = state.drain else { return previous }
            guard deferred else {
                state.failures = 0
                return previous
            }
            state.failures += 1
            let delay = policy.delay(afterFailures: state.failures)
            state.scheduled = Task.detached {
                do { try await Task.sleep(for: delay) } catch { return }
                await drain()
            }
            return previous
        }
        replaced?.cancel()
    }
}
