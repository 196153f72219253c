import Foundation
import SmileyMail
import SmileyStore

/// The closing summary of a send, as a small table.
public enum SendSummary {
    /// Renders the summary of a finished send.
    public static func render(_ result: SendWorkflow.Result) -> String {
        let report = result.report
        let skips = result.skips
        var rows: [(String, String)] = [
            ("accepted", "\(report.accepted)"),
            ("failed (5xx, not retried)", "\(report.failed)"),
            ("given up (4xx after retries)", "\(report.gaveUp)"),
            ("already accepted earlier (resumed)", "\(report.skipped)"),
            ("skipped: invalid row", "\(skips.invalidCount)"),
            ("skipped: duplicate in file", "\(skips.duplicates)"),
            ("skipped: suppressed", "\(skips.suppressed)"),
            ("skipped: frequency cap", "\(skips.frequencyCapped)"),
        ]
        if skips.notSurveyed + skips.answered + skips.notYetDue > 0 {
            rows.append(("reminder skipped: not reached by the survey", "\(skips.notSurveyed)"))
            rows.append(("reminder skipped: already answered", "\(skips.answered)"))
            rows.append(("reminder skipped: surveyed too recently", "\(skips.notYetDue)"))
        }
        if report.deferrals > 0 { rows.append(("temporary refusals retried", "\(report.deferrals)")) }
        if report.rateLimitReplies > 0 {
            rows.append(("rate-limit replies (slowed down)", "\(report.rateLimitReplies)"))
        }
        let width = rows.map(\.0.count).max() ?? 0
        var lines = rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
        for (line, reason) in skips.invalid.prefix(20) {
            lines.append("  line \(line): \(reason)")
        }
        if skips.invalidCount > 20 { lines.append("  … and \(skips.invalidCount - 20) more invalid rows") }
        for failure in report.permanentFailures.prefix(20) {
            lines.append("  failed \(failure.address): \(failure.code.map(String.init) ?? "") \(failure.text)")
        }
        if !skips.languageFallbacks.isEmpty {
            lines.append(
                "  no templates for language(s) \(skips.languageFallbacks.joined(separator: ", ")); the survey's default was used (add locales/<lang>.json)"
            )
        }
        lines.append("journal: \(result.journalPath)")
        if let outbox = result.outboxDirectory { lines.append("messages written to: \(outbox)") }
        return lines.joined(separator: "\n")
    }
}

/// `smiley send --status JOURNAL`: the summary of an earlier send.
public enum SendStatusWorkflow {
    /// Reads a journal and summarises it.
    public static func summary(journalPath: String) throws(WorkflowError) -> String {
        let replay: SendJournalReplay
        do { replay = try SendJournalReplay.read(path: journalPath) } catch {
            // A file that cannot be read is the user's input (66), not a passing fault.
            if let number = error.errno, [EACCES, EPERM, ENOTDIR, EISDIR].contains(number) {
                throw WorkflowError.file(
                    journalPath,
                    "cannot be read (\(String(cString: strerror(number)))); give the journal of an earlier send (they are in the data folder's journals/)",
                    exitCode: ExitStatus.noInput
                )
            }
            throw WorkflowError(error)
        }
        guard replay.entryCount > 0 || replay.tornTail else {
            throw WorkflowError.file(
                journalPath,
                "holds no send; give the journal of an earlier send (they are in the data folder's journals/)",
                exitCode: ExitStatus.noInput
            )
        }
        var text = "\(journalPath): \(replay.summary)"
        if replay.tornTail { text += "\n(the last line was torn by an interrupted write and was ignored)" }
        return text
    }
}
