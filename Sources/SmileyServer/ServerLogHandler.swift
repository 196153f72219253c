import Foundation
public import Logging

/// The server's log lines on standard error, in swift-log's `StreamLogHandler` format
/// (`2026-12-04T20:48:00+0000 info smiley.serve: hb.request.id=… [SmileyServer] message`), with the logger's
/// metadata formatted when a line is written rather than whenever it changes: Hummingbird gives every request's
/// logger its own request id, and `StreamLogHandler` formats all metadata again at each change — about 2 % of a
/// click's CPU, also for the many requests whose level writes no line at all.
public struct ServerLogHandler: LogHandler {
    /// The logger's label.
    public let label: String
    /// Lines below this level are not written.
    public var logLevel: Logger.Level
    /// Metadata of every line.
    public var metadata: Logger.Metadata = [:]
    /// Metadata added at each line (the process-wide provider by default).
    public var metadataProvider: Logger.MetadataProvider?

    /// A handler for `label` writing lines from `level` up.
    public init(label: String, level: Logger.Level = .info) {
        self.label = label
        self.logLevel = level
        self.metadataProvider = LoggingSystem.metadataProvider
    }

    /// One metadata value.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes the line in one piece (lines of concurrent requests do not interleave).
    public func log(event: LogEvent) {
        let text = Self.text(event, label: label, metadata: metadata, provided: metadataProvider?.get() ?? [:])
        FileHandle.standardError.write(Data((Self.timestamp() + " " + text + "\n").utf8))
    }

    /// The text of a line, without its time: `level label: key=value … [source] message`.
    static func text(_ event: LogEvent, label: String, metadata: Logger.Metadata, provided: Logger.Metadata) -> String {
        var all = metadata
        all.merge(provided) { _, provided in provided }
        if let explicit = event.metadata { all.merge(explicit) { _, explicit in explicit } }
        if let error = event.error {
            all["error.message"] = "\(error)"
            all["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        let pairs = all.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
        return "\(event.level) \(label):\(pairs) [\(event.source)] \(event.message)"
    }

    /// The local time as `StreamLogHandler` writes it (`%Y-%m-%dT%H:%M:%S%z`).
    private static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
