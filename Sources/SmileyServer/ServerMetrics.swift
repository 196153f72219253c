import Metrics
import Prometheus
import SmileyStore
import Synchronization

/// The server's metrics, through swift-metrics into its own Prometheus registry (not the process-wide
/// `MetricsSystem`, so several servers in one test process keep their own counts), served on `GET /metrics`.
///
/// | name | labels | what |
/// |---|---|---|
/// | `smiley_http_requests_total` | `route`, `status` | requests answered |
/// | `smiley_http_request_duration_seconds` | `route` | latency histogram |
/// | `smiley_clicks_total` | `confirmation` (`provisional`, `interaction`, `comment`) | clicks stored |
/// | `smiley_scanner_requests_total` | `signal` (`head`, `noUserAgent`, `userAgent`, `address`) | scanner requests, nothing stored |
/// | `smiley_unsubscribes_total` | — | one-click unsubscribes |
/// | `smiley_store_failures_total` | — | requests answered 503 because the store refused a write |
/// | `smiley_webhooks_total` | `provider`, `result` (an ingest disposition, or `refused`) | inbound webhook posts |
struct ServerMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    /// Every counter and timer made so far, by label and dimensions: the factory checks names and sorts labels each
    /// time it is asked, which every request would otherwise pay.
    private let made = Made()
    /// The click and scanner counters, one per case, made at start.
    private let clicks: [FeedbackRecord.Confirmation: Metrics.Counter]
    private let scanners: [ScannerRules.Signal: Metrics.Counter]

    private final class Made: Sendable {
        let counters = Mutex<[[String]: Metrics.Counter]>([:])
        let timers = Mutex<[[String]: Metrics.Timer]>([:])
        /// Every request's two metrics by route and status, found with one look-up of a typed key (a key of
        /// strings made for each request cost more than the rest of the request's metrics).
        let requests = Mutex<[RequestKey: RequestMetrics]>([:])
    }

    private struct RequestKey: Hashable {
        let route: String
        let status: Int
    }

    private struct RequestMetrics: Sendable {
        let count: Metrics.Counter
        let duration: Metrics.Timer
    }

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(20), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1),
        ]
        self.factory = factory
        self.clicks = Self.counters("smiley_clicks_total", by: "confirmation", factory: factory)
        self.scanners = Self.counters("smiley_scanner_requests_total", by: "signal", factory: factory)
    }

    /// One counter for each case of `Case`, its raw value the dimension's value.
    private static func counters<Case: CaseIterable & Hashable & RawRepresentable<String>>(
        _ label: String,
        by dimension: String,
        factory: PrometheusMetricsFactory
    ) -> [Case: Metrics.Counter] {
        var counters: [Case: Metrics.Counter] = [:]
        for value in Case.allCases {
            counters[value] = Metrics.Counter(label: label, dimensions: [(dimension, value.rawValue)], factory: factory)
        }
        return counters
    }

    func request(route: String, status: Int, duration: Duration) {
        let key = RequestKey(route: route, status: status)
        let metrics =
            made.requests.withLock { $0[key] }
            ?? {
                let made = RequestMetrics(
                    count: counter("smiley_http_requests_total", ("route", route), ("status", String(status))),
                    duration: timer("smiley_http_request_duration_seconds", ("route", route))
                )
                return self.made.requests.withLock { table in
                    if let known = table[key] { return known }
                    table[key] = made
                    return made
                }
            }()
        metrics.count.increment()
        metrics.duration.recordNanoseconds(Self.nanoseconds(duration))
    }

    func click(_ confirmation: FeedbackRecord.Confirmation) {
        clicks[confirmation]?.increment()
    }

    func scanner(_ signal: ScannerRules.Signal) {
        scanners[signal]?.increment()
    }

    func unsubscribe() {
        counter("smiley_unsubscribes_total").increment()
    }

    func webhook(_ provider: String, result: String) {
        counter("smiley_webhooks_total", ("provider", provider), ("result", result)).increment()
    }

    func storeFailure() {
        counter("smiley_store_failures_total").increment()
    }

    private func counter(_ label: String, _ dimensions: (String, String)...) -> Metrics.Counter {
        Self.cached(made.counters, [label] + dimensions.flatMap { [$0.0, $0.1] }) {
            Metrics.Counter(label: label, dimensions: dimensions, factory: factory)
        }
    }

    private func timer(_ label: String, _ dimensions: (String, String)...) -> Metrics.Timer {
        Self.cached(made.timers, [label] + dimensions.flatMap { [$0.0, $0.1] }) {
            Metrics.Timer(label: label, dimensions: dimensions, factory: factory)
        }
    }

    /// The metric made for `key`, made by `make` the first time.
    private static func cached<Metric: Sendable>(
        _ table: borrowing Mutex<[[String]: Metric]>,
        _ key: [String],
        make: () -> Metric
    ) -> Metric {
        if let known = table.withLock({ $0[key] }) { return known }
        let made = make()
        return table.withLock { table in
            if let known = table[key] { return known }
            table[key] = made
            return made
        }
    }

    /// The Prometheus text exposition of every metric.
    func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let parts = duration.components
        return parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000
    }
}
