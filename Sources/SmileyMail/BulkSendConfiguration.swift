/// How a ``BulkSender`` paces and retries.
public struct BulkSendConfiguration: Sendable {
    /// Retries of temporary refusals (4xx, broken connections).
    public struct Retry: Sendable {
        /// Attempts per message before giving up (first try included). Default 5.
        public var maxAttempts: Int
        /// Wait before the second attempt; doubled each time. Default 10 s.
        public var initialBackoff: Duration
        /// Longest wait between attempts. Default 5 minutes.
        public var maxBackoff: Duration
        /// Random spread of each wait, as a fraction (0.5: between 50 % and 150 %). Default 0.5.
        public var jitter: Double

        /// Creates a retry policy.
        /// - Parameters:
        ///   - maxAttempts: Attempts per message, first included.
        ///   - initialBackoff: First wait.
        ///   - maxBackoff: Longest wait.
        ///   - jitter: Random spread fraction, 0...1.
        public init(
            maxAttempts: Int = 5,
            initialBackoff: Duration = .seconds(10),
            maxBackoff: Duration = .seconds(300),
            jitter: Double = 0.5
        ) {
            self.maxAttempts = max(1, maxAttempts)
            self.initialBackoff = initialBackoff
            self.maxBackoff = maxBackoff
            self.jitter = min(1, max(0, jitter))
        }

        /// The wait after attempt `attempt` (1-based), with jitter.
        func delay(after attempt: Int) -> Duration {
            let base = initialBackoff.seconds * pow2(attempt - 1)
            let capped = min(base, maxBackoff.seconds)
            let spread = capped * jitter
            return .milliseconds(Int((capped + Double.random(in: -spread...spread)) * 1000))
        }

        private func pow2(_ n: Int) -> Double { n >= 62 ? Double.greatestFiniteMagnitude : Double(1 << max(0, n)) }
    }

    /// Parallel connections (workers). Default 1.
    public var connections: Int
    /// Messages per second across all connections, or nil for as fast as the server takes them.
    public var rate: Double?
    /// The lowest rate a rate-limit reply may push the send to. Default 0.2/s.
    public var minimumRate: Double
    /// How long everyone pauses after a rate-limit reply. Default 30 s.
    public var rateLimitPause: Duration
    /// Quiet time after which a reduced rate grows again. Default 60 s.
    public var rateRecoveryInterval: Duration
    /// Retry policy for temporary refusals.
    public var retry: Retry
    /// Least time between two progress reports. Default 250 ms.
    public var progressInterval: Duration

    /// Creates a configuration; see each property for its default.
    public init(
        connections: Int = 1,
        rate: Double? = nil,
        minimumRate: Double = 0.2,
        rateLimitPause: Duration = .seconds(30),
        rateRecoveryInterval: Duration = .seconds(60),
        retry: Retry = Retry(),
        progressInterval: Duration = .milliseconds(250)
    ) {
        self.connections = max(1, connections)
        self.rate = rate.map { max($0, 0.001) }
        self.minimumRate = minimumRate
        self.rateLimitPause = rateLimitPause
        self.rateRecoveryInterval = rateRecoveryInterval
        self.retry = retry
        self.progressInterval = progressInterval
    }
}
