public import Foundation
public import Logging
import SmileyMail
import SmileyStore
import Synchronization

extension TriggerWorkflow {
    /// What became of one queued trigger.
    public struct Sent: Sendable, Hashable {
        /// The queue file's name (`SURVEY.KEY.csv`).
        public var name: String
        /// `accepted`, `accepted-before` (by a run that stopped before marking it), `suppressed`,
        /// `frequency-capped`, `failed` (refused by the server: the address is suppressed) or `invalid`.
        public var outcome: String
    }

    /// Sends the survey of every queued trigger, oldest first, each through ``SendWorkflow`` with its own journal;
    /// a trigger whose send could not finish stays queued for the next drain. Drains never overlap: a drain asked
    /// for while one runs is run once more after it. Once ``startRetries(logger:policy:)`` was called, a drain
    /// that leaves a send deferred (failed for now) schedules the next one.
    /// - Returns: the triggers this call finished.
    @discardableResult
    public func drain(logger: Logger, now: Date = Date()) async -> [Sent] {
        guard pump.begin() else { return [] }
        var finished: [Sent] = []
        var deferred = false
        repeat {
            deferred = false
            for name in queue.pending() {
                switch await send(name, logger: logger, now: now) {
                case .finished(let sent): finished.append(sent)
                case .deferred: deferred = true
                case .stuck: break
                }
            }
        } while pump.again(finishing: { [retries, deferred] in retries.settle(deferred: deferred) })
        return finished
    }

    /// What became of one queued file in a drain.
    private enum Attempt {
        /// Done: marked in the queue.
        case finished(Sent)
        /// Stays queued because the send failed for now (a server that kept deferring it, a store or outbox that
        /// could not be written): the retry timer tries again.
        case deferred
        /// Stays queued for a reason a retry does not fix (the survey or its templates are broken): sent by the
        /// next drain a trigger or a restart starts, once fixed.
        case stuck
    }

    /// Sends one queued file.
    private func send(_ name: String, logger: Logger, now: Date) async -> Attempt {
        guard let dot = name.firstIndex(of: ".") else { return .stuck }
        var request = SendWorkflow.Request(
            surveyID: String(name[..<dot]),
            recipientsPath: queue.pendingDirectory + "/" + name,
            destination: destination
        )
        request.variant = "survey"
        request.retry = sendRetry
        let result: SendWorkflow.Result
        do throws(WorkflowError) {
            result = try await SendWorkflow.run(installation: installation, request: request, logger: logger, now: now)
        } catch {
            logger.error("trigger \(name) stays queued: \(error.message)")
            return error.exitCode == ExitStatus.temporaryFailure ? .deferred : .stuck
        }
        let outcome: String
        if result.report.accepted > 0 {
            outcome = "accepted"
        } else if result.skips.suppressed > 0 {
            outcome = "suppressed"
        } else if result.skips.frequencyCapped > 0 {
            outcome = "frequency-capped"
        } else if result.report.failed > 0 {
            outcome = "failed"
        } else if result.report.gaveUp > 0 {
            // The server kept deferring it: it stays queued, and the next drain tries again (the journal retries a
            // recipient it shows as given up).
            logger.warning("trigger \(name): the server deferred the survey until Smiley gave up; it stays queued")
            return .deferred
        } else {
            // Nothing sent now: either the journal shows it accepted by an earlier run, or the row was unusable.
            outcome = result.skips.invalidCount > 0 ? "invalid" : "accepted-before"
        }
        do throws(StoreError) { try queue.markDone(name, outcome: outcome) } catch {
            // Sent but not marked: the next drain finds the journal and sends nothing again.
            logger.error("trigger \(name): sent (\(outcome)) but not marked done: \(error.description)")
            return .deferred
        }
        logger.info("trigger \(name): \(outcome)")
        return .finished(Sent(name: name, outcome: outcome))
    }

    /// The queued triggers not yet sent.
    public var pendingCount: Int { queue.pending().count }
}

/// Keeps drains from overlapping: the first caller runs, a caller that comes while it runs asks for one more pass.
final class Pump: Sendable {
    private let state = Mutex<(running: Bool, again: Bool)>((false, false))

    /// True when the caller should drain; false when a drain is running (it will run once more).
    func begin() -> Bool {
        state.withLock { state in
            if state.running {
                state.again = true
                return false
            }
            state.running = true
            return true
        }
    }

    /// True when another pass was asked for; otherwise runs `finishing` and ends the drain, both under the lock, so
    /// that what the last drain found is settled before the next drain can begin.
    func again(finishing: () -> Void = {}) -> Bool {
        state.withLock { state in
            if state.again {
                state.again = false
                return true
            }
            finishing()
            state.running = false
            return false
        }
    }
}
