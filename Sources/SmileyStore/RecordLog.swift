import Foundation
import SmileyCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Feedback records kept as lines of append-only segments instead of a file each: the web server's clicks, many a
/// second, each durable before its answer for one `fdatasync` a batch (a record file costs a temporary file, a
/// link and a flush of the whole file system).
///
/// ```
/// <data>/records/log/<yyyymmdd>-<16 hex digits>.jsonl    one record a line (StoreJSON.encodeLine)
/// ```
/// Each ``Appender`` (one per ``GroupCommit``, so one per server process) appends to segments of its own, named by
/// the day (UTC) of the records and a random instance: no two writers ever share a file, so a crash can leave only
/// a torn *last* line, which was never acknowledged (an answer waits for the flush) and which readers skip. A line
/// that does not decode anywhere else is damage, as a damaged record file is.
///
/// ``JSONFileStore`` reads the segments beside its record files, so reports, access, erasure and retention see these
/// records as any other. Erasure and retention rewrite a segment (a temporary file renamed over it) holding the
/// store's exclusive lock, which keeps appenders out; appenders open their segment again for every batch, so they
/// never write to a file that was replaced. An id found twice (the same click twice within its second) is one record.
struct RecordLog: Sendable {
    /// The segments' folder.
    let directory: String
    /// Whether appends and rewrites are flushed to stable storage.
    let synchronizes: Bool

    /// One complete line of a segment: its bytes and what they decode to.
    struct Line {
        let bytes: ArraySlice<UInt8>
        let record: Result<FeedbackRecord, StoreError>
    }

    /// The segment files, in name order (so by day).
    func segmentPaths() throws(StoreError) -> [String] {
        try System.listDirectory(directory)
            .filter { !$0.hasPrefix(".") && $0.hasSuffix(".jsonl") }
            .sorted()
            .map { directory + "/" + $0 }
    }

    /// The complete lines of a segment, and whether it ends in a torn line (no final newline), which is left out.
    /// Empty when the segment is gone.
    func lines(of segment: String) throws(StoreError) -> (lines: [Line], torn: Bool) {
        guard let bytes = try System.readFile(segment) else { return ([], false) }
        let decoder = StoreJSON.decoder()
        var result: [Line] = []
        var start = 0
        var number = 0
        while let end = bytes[start...].firstIndex(of: 0x0A) {
            number += 1
            let line = bytes[start..<end]
            start = end + 1
            guard !line.isEmpty else { continue }
            let record: Result<FeedbackRecord, StoreError>
            do {
                record = .success(try decoder.decode(FeedbackRecord.self, from: Data(line)))
            } catch {
                record = .failure(.corrupt(path: segment, detail: "line \(number) is not a record: \(error)"))
            }
            result.append(Line(bytes: line, record: record))
        }
        return (result, start < bytes.count)
    }

    /// Rewrites a segment with `change` applied to each record (`nil`: the line goes; damaged lines stay as they
    /// are, a torn last line goes); removes the segment when no line is left. Call it holding the store's
    /// exclusive lock (no appender is writing).
    /// - Returns: How many records changed or went.
    @discardableResult
    func rewrite(_ segment: String, _ change: (FeedbackRecord) -> FeedbackRecord?) throws(StoreError) -> Int {
        let (lines, torn) = try lines(of: segment)
        var kept: [UInt8] = []
        var changed = 0
        for line in lines {
            guard case .success(let record) = line.record else {
                kept += line.bytes
                kept.append(0x0A)
                continue
            }
            guard let new = change(record) else {
                changed += 1
                continue
            }
            if new == record {
                kept += line.bytes
                kept.append(0x0A)
            } else {
                changed += 1
                kept += StoreJSON.encodeLine(new)
            }
        }
        guard changed > 0 || torn else { return 0 }
        if kept.isEmpty {
            if try System.remove(segment), synchronizes { try System.synchronizeDirectory(directory) }
        } else {
            try DurableFile.replace(kept, path: segment, synchronize: synchronizes)
        }
        return changed
    }

    /// Appends batches of records to segments of its own. Not shared: ``GroupCommit`` hands it to one writer at a
    /// time.
    struct Appender: Sendable {
        let log: RecordLog
        /// This writer's part of its segments' names; a new one after a failed append, so that whatever part of
        /// the batch reached the disk stays a torn last line.
        private var instance = System.randomSuffix()
        /// Ids appended lately, by their record's second: a click's id includes its second, so a repeat has the
        /// same one; the seconds more than two before the newest are let go as a whole, once a second (filtering
        /// one table of every id made a server rehash three seconds of clicks every second). Readers dedupe as
        /// well (across processes).
        private var recent: [Int64: Set<RecordID>] = [:]
        private var newestSecond: Int64 = 0
        private var prunedAt: Int64 = 0
        /// The segment name of the last second seen: a batch's records nearly all share one, so it is not made
        /// again for each record.
        private var segmentOfSecond: (second: Int64, name: String) = (.min, "")

        /// An appender over `log`.
        init(log: RecordLog) {
            self.log = log
        }

        /// Appends the records, each segment's lines with one `write` and one flush.
        /// - Returns: One outcome per record, in order: stored, a duplicate of one appended lately, or the error.
        mutating func append(_ records: [FeedbackRecord]) -> [Result<SaveOutcome, StoreError>] {
            var outcomes = [Result<SaveOutcome, StoreError>](repeating: .success(.duplicate), count: records.count)
            // Segments in the order first met (nearly always one: a batch spans a day's end at most).
            var bySegment: [(name: String, bytes: [UInt8], indices: [Int])] = []
            for (index, record) in records.enumerated() {
                let second = Self.second(of: record)
                guard !recent.values.contains(where: { $0.contains(record.id) }) else { continue }
                recent[second, default: []].insert(record.id)
                newestSecond = max(newestSecond, second)
                if segmentOfSecond.second != second {
                    segmentOfSecond = (second, Self.day(second) + "-" + instance + ".jsonl")
                }
                let name = segmentOfSecond.name
                let line = StoreJSON.encodeLine(record)
                if let at = bySegment.lastIndex(where: { $0.name == name }) {
                    bySegment[at].bytes += line
                    bySegment[at].indices.append(index)
                } else {
                    bySegment.append((name, line, [index]))
                }
            }
            for batch in bySegment.sorted(by: { $0.name < $1.name }) {
                let name = batch.name
                let outcome: Result<SaveOutcome, StoreError>
                do throws(StoreError) {
                    try write(batch.bytes, to: log.directory + "/" + name)
                    outcome = .success(.stored)
                } catch {
                    outcome = .failure(error)
                    instance = System.randomSuffix()
                    segmentOfSecond = (.min, "")
                    for index in batch.indices { recent[Self.second(of: records[index])]?.remove(records[index].id) }
                }
                for index in batch.indices { outcomes[index] = outcome }
            }
            if newestSecond > prunedAt {
                prunedAt = newestSecond
                for second in Array(recent.keys) where second < newestSecond - 2 { recent[second] = nil }
            }
            return outcomes
        }

        private func write(_ bytes: [UInt8], to path: String) throws(StoreError) {
            var created = false
            var fd: Int32
            do {
                fd = try System.open(path, O_WRONLY | O_APPEND)
            } catch  where error.errno == ENOENT {
                try System.makeDirectories(log.directory, synchronize: log.synchronizes)
                fd = try System.open(path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL)
                created = true
            }
            var info = stat()
            do throws(StoreError) {
                try System.call("fstat", path) { fstat(fd, &info) }
            } catch {
                try? System.close(fd, path)
                throw error
            }
            do {
                try System.writeAll(fd, bytes, path)
                if log.synchronizes { try System.call("fdatasync", path) { fdatasync(fd) } }
            } catch {
                // Take back what part of the batch reached the file; if that fails too, it is a torn last line
                // (this appender moves on to a new segment).
                _ = ftruncate(fd, info.st_size)
                try? System.close(fd, path)
                throw error
            }
            try System.close(fd, path)
            if created, log.synchronizes { try System.synchronizeDirectory(log.directory) }
        }

        /// The second a record was received in (a click's id includes it).
        private static func second(of record: FeedbackRecord) -> Int64 {
            Int64(record.receivedAt.timeIntervalSince1970.rounded(.down))
        }

        /// `yyyymmdd` (UTC) of a time in seconds since 1970.
        static func day(_ seconds: Int64) -> String {
            var time = time_t(seconds)
            var parts = tm()
            gmtime_r(&time, &parts)
            let value = Int(parts.tm_year + 1900) * 10_000 + Int(parts.tm_mon + 1) * 100 + Int(parts.tm_mday)
            return String(value)
        }
    }
}
