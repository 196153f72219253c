import Metrics
import Prometheus
import SmileyStore

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

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(20), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1),
        ]
        self.factory = factory
    }

    func request(route: String, status: Int, duration: Duration) {
        Counter(
            label: "smiley_http_requests_total",
            dimensions: [("route", route), ("status", String(status))],
            factory: factory
        ).increment()
        Timer(label: "smiley_http_request_duration_seconds", dimensions: [("route", route)], factory: factory)
            .recordNanoseconds(Self.nanoseconds(duration))
    }

    func click(_ confirmation: FeedbackRecord.Confirmation) {
        Counter(label: "smiley_clicks_total", dimensions: [("confirmation", confirmation.rawValue)], factory: factory)
            .increment()
    }

    func scanner(_ signal: ScannerRules.Signal) {
        Counter(label: "smiley_scanner_requests_total", dimensions: [("signal", signal.rawValue)], factory: factory)
            .increment()
    }

    func unsubscribe() {
        Counter(label: "smiley_unsubscribes_total", factory: factory).increment()
    }

    func webhook(_ provider: String, result: String) {
        Counter(
            label: "smiley_webhooks_total",
            dimensions: [("provider", provider), ("result", result)],
            factory: factory
        )
        .increment()
    }

    func storeFailure() {
        Counter(label: "smiley_store_failures_total", factory: factory).increment()
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
