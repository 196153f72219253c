import Foundation

/// A pacing token bucket shared by all workers of a send: one message every `1/rate` seconds, no bursts.
///
/// When the server asks to slow down, the rate is halved (down to a floor) and every worker pauses; after a
/// quiet `recoveryInterval` the rate grows by half again, back up to the configured rate.
final class RateLimiter: @unchecked Sendable {
    private let lock = NSLock()
    private let configured: Double?
    private let minimum: Double
    private let recoveryInterval: Double
    private var rate: Double?
    private var nextSlot: Double = 0
    private var pausedUntil: Double = 0
    private var lastChange: Double = 0

    init(rate: Double?, minimum: Double, recoveryInterval: Duration) {
        self.configured = rate
        self.rate = rate
        self.minimum = minimum
        self.recoveryInterval = recoveryInterval.seconds
    }

    /// The rate in force, messages per second (nil: unlimited).
    var currentRate: Double? { lock.withLock { rate } }

    /// Blocks the calling worker until it may send one message.
    func acquire() {
        let now = Self.now()
        let slot: Double = lock.withLock {
            recoverIfQuiet(now: now)
            var slot = max(now, pausedUntil)
            if let rate {
                slot = max(slot, nextSlot)
                nextSlot = slot + 1 / rate
            }
            return slot
        }
        let wait = slot - now
        if wait > 0 { Thread.sleep(forTimeInterval: wait) }
    }

    /// Halves the rate (starting from `observed` when unlimited) and pauses everyone for `pause`.
    /// - Returns: false when the rate was already at its floor (slowing down more is not possible).
    @discardableResult
    func slowDown(observed: Double, pause: Duration) -> Bool {
        let now = Self.now()
        return lock.withLock {
            let current = rate ?? max(observed, minimum * 2)
            let atFloor = current <= minimum
            rate = max(minimum, current / 2)
            pausedUntil = max(pausedUntil, now + pause.seconds)
            lastChange = now
            return !atFloor
        }
    }

    /// Pauses everyone (e.g. while the server cannot be reached) without changing the rate.
    func pause(for duration: Duration) {
        let now = Self.now()
        lock.withLock { pausedUntil = max(pausedUntil, now + duration.seconds) }
    }

    private func recoverIfQuiet(now: Double) {
        guard let current = rate, current != configured, now - lastChange >= recoveryInterval else { return }
        let grown = current * 1.5
        if let configured { rate = min(configured, grown) } else { rate = grown > 10_000 ? nil : grown }
        lastChange = now
    }

    static func now() -> Double {
        return Date.timeIntervalSinceReferenceDate
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    var seconds: Double {
        let (s, a) = components
        return Double(s) + Double(a) / 1e18
    }
}
