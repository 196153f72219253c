/// Whole small files read through the store's own calls (`open`, `fstat`, `pread`): the configuration and its
/// secret, which every `smiley ingest` reads at start. (`FileManager.default`'s first use set up more of
/// Foundation than reading both files costs: about 3 % of a relay's per-message process.)
package enum FileContents {
    /// The bytes of the file at `path`, or nil when there is no file there.
    /// - Throws: ``StoreError`` when the file exists but cannot be read (permissions, a folder, an I/O error).
    package static func read(_ path: String) throws(StoreError) -> [UInt8]? {
        try System.readFile(path)
    }
}
