public import Foundation
public import SmileyCore

/// Keeps messages Smiley could not use, whole and byte for byte, so an operator can look at them and replay them.
///
/// Each message is stored as `<sha256>.eml` with a sidecar `<sha256>.json` (``QuarantineEntry``), both written
/// like records (temporary file, `fsync`, `link`, directory `fsync`). Naming by the SHA-256 of the bytes means the
/// same message quarantined twice is kept once; the sidecar of the first time stays. The message is written
/// before its sidecar, so a sidecar always has its message; a message whose sidecar was lost to a crash gets it
/// on the next attempt.
public struct Quarantine: Sendable {
    /// The quarantine directory; created, with parents, on first use.
    public let directory: URL
    /// Whether files and the directory are `fsync`ed (keep `true` outside tests).
    public let synchronizes: Bool

    /// Creates a quarantine over a directory.
    /// - Parameters:
    ///   - directory: Where messages go.
    ///   - synchronizes: Whether to `fsync` (keep `true` outside tests).
    public init(directory: URL, synchronizes: Bool = true) {
        self.directory = directory
        self.synchronizes = synchronizes
    }

    var path: String { directory.path(percentEncoded: false).removingTrailingSlashes }

    /// Keeps a raw message.
    /// - Parameters:
    ///   - message: The message exactly as received (any bytes, NUL and invalid UTF-8 included).
    ///   - reason: Why it is quarantined, for the operator (its words and its code go into the sidecar).
    ///   - receivedAt: When it was received.
    /// - Returns: The message's SHA-256 (its name in the quarantine) and whether it was new.
    @discardableResult
    public func keep(
        _ message: [UInt8],
        reason: QuarantineReason,
        receivedAt: Date
    ) throws(StoreError) -> (sha256: String, outcome: SaveOutcome) {
        let digest = SHA256.hex(message)
        let entry = QuarantineEntry(
            sha256: digest,
            size: message.count,
            reason: reason.description,
            code: reason.code,
            receivedAt: receivedAt
        )
        let sidecar = try StoreJSON.encode(entry, path: path + "/" + digest + ".json")
        try System.makeDirectories(path, synchronize: synchronizes)
        let outcome = try DurableFile.create(message, directory: path, name: digest + ".eml", synchronize: synchronizes)
        _ = try DurableFile.create(sidecar, directory: path, name: digest + ".json", synchronize: synchronizes)
        return (digest, outcome)
    }

    /// Every quarantined message's sidecar, oldest first.
    public func entries() throws(StoreError) -> [QuarantineEntry] {
        var unused: [String] = []
        return try sidecars(skippingDamaged: false, into: &unused)
    }

    /// The digests of every quarantined message, by its `.eml` file (a message whose sidecar was lost counts too).
    func messageDigests() throws(StoreError) -> [String] {
        try System.listDirectory(path).filter { $0.hasSuffix(".eml") && Self.isDigest(String($0.dropLast(4))) }
            .map { String($0.dropLast(4)) }.sorted()
    }

    /// Every sidecar that can be read; damaged ones are named in `unreadable` and skipped.
    func entriesSkippingDamaged(into unreadable: inout [String]) throws(StoreError) -> [QuarantineEntry] {
        try sidecars(skippingDamaged: true, into: &unreadable)
    }

    /// Every sidecar, oldest first; a damaged one is an error unless `skippingDamaged` (then it is named in
    /// `unreadable`).
    private func sidecars(
        skippingDamaged: Bool,
        into unreadable: inout [String]
    ) throws(StoreError) -> [QuarantineEntry] {
        var result: [QuarantineEntry] = []
        for name in try System.listDirectory(path) where !name.hasPrefix(".") && name.hasSuffix(".json") {
            let file = path + "/" + name
            do throws(StoreError) {
                guard let bytes = try System.readFile(file) else { continue }
                result.append(try StoreJSON.decode(QuarantineEntry.self, from: bytes, path: file))
            } catch  where skippingDamaged && !error.isTransient {
                unreadable.append(error.description)
            }
        }
        return result.sorted { ($0.receivedAt, $0.sha256) < ($1.receivedAt, $1.sha256) }
    }

    /// The bytes of a quarantined message, or `nil` when there is none with that digest.
    /// - Parameter sha256: 64 lowercase hex digits, as returned by ``keep(_:reason:receivedAt:)``.
    public func message(sha256: String) throws(StoreError) -> [UInt8]? {
        guard Self.isDigest(sha256) else { return nil }
        return try System.readFile(path + "/" + sha256 + ".eml")
    }

    /// Removes a message and its sidecar (after it was replayed or judged worthless).
    /// - Returns: Whether there was such a message.
    @discardableResult
    public func remove(sha256: String) throws(StoreError) -> Bool {
        guard Self.isDigest(sha256) else { return false }
        let removedSidecar = try System.remove(path + "/" + sha256 + ".json")
        let removedMessage = try System.remove(path + "/" + sha256 + ".eml")
        if synchronizes, removedSidecar || removedMessage { try System.synchronizeDirectory(path) }
        return removedMessage
    }

    private static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}

/// The sidecar of a quarantined message.
public struct QuarantineEntry: Sendable, Hashable, Codable {
    /// The schema version of the sidecar; `1`.
    public var schemaVersion: Int
    /// SHA-256 of the message, 64 lowercase hex digits; also its file name.
    public var sha256: String
    /// The message's size in bytes.
    public var size: Int
    /// Why it was quarantined, in words.
    public var reason: String
    /// The reason's ``QuarantineReason/code`` (`no-survey`, `too-large`, …); `nil` in sidecars written before
    /// reasons had codes.
    public var code: String?
    /// When it was received, in whole seconds.
    public var receivedAt: Date

    /// Creates a sidecar. `receivedAt` is truncated to whole seconds.
    public init(sha256: String, size: Int, reason: String, code: String? = nil, receivedAt: Date) {
        self.schemaVersion = 1
        self.sha256 = sha256
        self.size = size
        self.reason = reason
        self.code = code
        self.receivedAt = Date(timeIntervalSince1970: receivedAt.timeIntervalSince1970.rounded(.down))
    }
}
