public import Foundation
import SmileyCore

extension SentIndex {
    /// One file of the index: a bucket of JSON Lines, or an older installation's one-entry file.
    struct File {
        var surveyID: String
        var path: String
        var isLegacy: Bool
    }

    /// Every file of the index, survey by survey.
    func indexFiles() throws(StoreError) -> [File] {
        var result: [File] = []
        for survey in try System.listDirectory(directory).sorted() where !survey.hasPrefix(".") {
            let folder = directory + "/" + survey
            for name in try System.listDirectory(folder).sorted() where !name.hasPrefix(".") {
                if name.hasSuffix(".jsonl") {
                    result.append(File(surveyID: survey, path: folder + "/" + name, isLegacy: false))
                } else if name.hasSuffix(".json") {
                    result.append(File(surveyID: survey, path: folder + "/" + name, isLegacy: true))
                }
            }
        }
        return result
    }

    /// The entries of one file with the raw bytes of each line (an older installation's file is one "line");
    /// lines that cannot be read come back with a `nil` entry, and `torn` marks a last line without its newline.
    func lines(of file: File) throws(StoreError) -> [(bytes: ArraySlice<UInt8>, entry: Listed?, torn: Bool)] {
        guard let bytes = try System.readFile(file.path) else { return [] }
        let decoder = Self.decoder()
        if file.isLegacy {
            var name = Substring(file.path)
            if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
            let id = UInt64(name.dropLast(5), radix: 16).map(RecipientID.init(rawValue:))
            let entry = try? decoder.decode(Entry.self, from: Data(bytes))
            var listed: Listed?
            if let id, let entry { listed = Listed(surveyID: file.surveyID, recipientID: id, entry: entry) }
            return [(bytes[...], listed, false)]
        }
        var result: [(bytes: ArraySlice<UInt8>, entry: Listed?, torn: Bool)] = []
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            let line = bytes[start..<end]
            if !line.isEmpty {
                let listed = (try? decoder.decode(IdentifiedLine.self, from: Data(line))).map {
                    Listed(surveyID: file.surveyID, recipientID: $0.id, entry: $0.entry)
                }
                result.append((line, listed, end == bytes.count))
            }
            start = end + 1
        }
        return result
    }

    /// A bucket line read in one pass: its `id` and, from the same object, the entry's fields.
    private struct IdentifiedLine: Decodable {
        var id: RecipientID
        var entry: Entry

        private enum CodingKeys: String, CodingKey { case id }

        init(from decoder: any Decoder) throws {
            id = try decoder.container(keyedBy: CodingKeys.self).decode(RecipientID.self, forKey: .id)
            entry = try Entry(from: decoder)
        }
    }

    /// Every entry of every survey, in file order; unreadable lines are skipped.
    public func entries() throws(StoreError) -> [Listed] {
        var result: [Listed] = []
        for file in try indexFiles() {
            for line in try lines(of: file) { if let entry = line.entry { result.append(entry) } }
        }
        return result
    }

    /// Addresses (normalized) surveyed at or after `cutoff`, in any survey, with the latest time: the frequency
    /// cap. Only recipients a server accepted count (`accepted`: the keys the send journals show as accepted), not
    /// everyone a survey was composed for, so a deferred or refused recipient is not capped.
    func recentlySurveyed(since cutoff: Date, accepted: Set<String>) throws(StoreError) -> [String: Date] {
        var result: [String: Date] = [:]
        for listed in try entries()
        where listed.entry.sentAt >= cutoff && accepted.contains(listed.recipientID.description) {
            guard let address = try? EmailAddress(listed.entry.email) else { continue }
            let key = address.normalized
            result[key] = max(result[key] ?? listed.entry.sentAt, listed.entry.sentAt)
        }
        return result
    }

    /// Rewrites every file, leaving out the entries `remove` selects and torn last lines (a killed send's half
    /// line); a line that cannot be read is kept as it is unless `removeUnreadable` says otherwise (an erasure
    /// removes one that names the person). A file left empty is removed. Run it only under the store's exclusive
    /// lock.
    /// - Returns: The entries removed.
    @discardableResult
    func rewrite(
        synchronize: Bool,
        removingUnreadable removeUnreadable: (ArraySlice<UInt8>) -> Bool = { _ in false },
        removing remove: (Listed) -> Bool
    ) throws(StoreError) -> [Listed] {
        var removed: [Listed] = []
        for file in try indexFiles() {
            let lines = try lines(of: file)
            var kept: [UInt8] = []
            var changed = false
            for line in lines {
                let keep =
                    if let entry = line.entry { !remove(entry) } else { !line.torn && !removeUnreadable(line.bytes) }
                if keep {
                    kept += line.bytes
                    if !file.isLegacy { kept.append(0x0A) }
                } else {
                    if let entry = line.entry { removed.append(entry) }
                    changed = true
                }
            }
            guard changed else { continue }
            if kept.isEmpty {
                try System.remove(file.path)
                if synchronize { try System.synchronizeDirectory(System.parent(of: file.path)) }
            } else {
                try DurableFile.replace(kept, path: file.path, synchronize: synchronize)
            }
        }
        return removed
    }
}
