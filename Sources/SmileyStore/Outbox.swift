import Foundation

/// The outbox: survey messages kept as `.eml` files in a folder instead of being sent (`--to outbox:DIR`,
/// `--dry-run`, previews). Each file holds a whole message with the recipient's address, name and ticket, so the
/// outbox is personal data like the rest of the store: access, erasure and retention cover it.
///
/// A message is written like every replaced file of the store (temporary file, `fsync`, `rename`, directory
/// `fsync`), so after a crash a `.eml` file is whole or absent. The same Message-ID maps to the same file, so
/// delivering a message twice replaces it instead of duplicating it.
public struct Outbox: Sendable {
    /// The folder (created on the first message).
    public let directory: String
    /// Whether files and the folder are `fsync`ed (keep `true` outside tests).
    public let synchronizes: Bool

    /// An outbox over a folder.
    public init(directory: String, synchronizes: Bool = true) {
        self.directory = directory.removingTrailingSlashes
        self.synchronizes = synchronizes
    }

    /// The file name for a Message-ID: angle brackets dropped, anything but letters, digits and `._@+-`
    /// replaced by `_`, at most 200 characters, never starting with a dot.
    public static func fileName(forMessageID messageID: String) -> String {
        var core = Substring(messageID)
        if core.hasPrefix("<") { core = core.dropFirst() }
        if core.hasSuffix(">") { core = core.dropLast() }
        var name = String(
            core.unicodeScalars.prefix(200).map { scalar -> Character in
                switch scalar {
                case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "@", "+", "-": Character(scalar)
                default: "_"
                }
            }
        )
        if name.isEmpty || name.hasPrefix(".") { name = "_" + name }
        return name + ".eml"
    }

    /// Creates the folder when missing.
    public func prepare() throws(StoreError) {
        try System.makeDirectories(directory, synchronize: synchronizes)
    }

    /// Writes a message under the name its Message-ID gives, replacing an earlier copy.
    /// - Returns: The file name.
    @discardableResult
    public func write(_ message: [UInt8], messageID: String) throws(StoreError) -> String {
        let name = Self.fileName(forMessageID: messageID)
        try DurableFile.replace(message, path: directory + "/" + name, synchronize: synchronizes)
        return name
    }

    /// The messages in the outbox (file names ending in `.eml`, temporary files left out).
    public func fileNames() throws(StoreError) -> [String] {
        try System.listDirectory(directory).filter { !$0.hasPrefix(".") && $0.hasSuffix(".eml") }.sorted()
    }

    /// The bytes of one message, or `nil` when it is gone.
    public func message(named name: String) throws(StoreError) -> [UInt8]? {
        guard Self.isPlainName(name) else { return nil }
        return try System.readFile(directory + "/" + name)
    }

    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && !name.contains("/")
    }
}
