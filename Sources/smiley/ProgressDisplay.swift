import Foundation
import SmileyMail

/// Shows a send's progress on standard error: a redrawn bar on a terminal, a plain line every few seconds in a log.
final class ProgressDisplay: @unchecked Sendable {
    private let lock = NSLock()
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var lastPlainLine = ContinuousClock.now
    private var drewBar = false
    private let total: Int?

    /// Creates a display for a send of about `total` messages (when known).
    init(total: Int?) { self.total = total }

    /// Draws the latest counts.
    func update(_ progress: BulkSendProgress) {
        lock.withLock {
            let done = progress.accepted + progress.failed + progress.gaveUp + progress.skipped
            let rate = String(format: "%.1f/s", progress.messagesPerSecond)
            let eta = progress.estimatedRemaining.map { " ETA \(Self.format($0))" } ?? ""
            let counts =
                "sent \(progress.accepted)  deferred \(progress.deferred)  failed \(progress.failed + progress.gaveUp)  skipped \(progress.skipped)  \(rate)\(eta)"
            if isTerminal {
                var line = counts
                if let total, total > 0 {
                    let width = 24
                    let filled = min(width, done * width / total)
                    line =
                        "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
                        + "] \(done)/\(total)  " + counts
                }
                FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8))
                drewBar = true
            } else if ContinuousClock.now - lastPlainLine >= .seconds(5) {
                lastPlainLine = .now
                FileHandle.standardError.write(Data(("progress: " + counts + "\n").utf8))
            }
        }
    }

    /// Ends the bar's line.
    func finish() {
        lock.withLock {
            if drewBar { FileHandle.standardError.write(Data("\n".utf8)) }
        }
    }

    private static func format(_ duration: Duration) -> String {
        let seconds = Int(duration.components.seconds)
        return seconds >= 3600
            ? "\(seconds / 3600)h\(seconds % 3600 / 60)m"
            : seconds >= 60 ? "\(seconds / 60)m\(seconds % 60)s" : "\(seconds)s"
    }
}
