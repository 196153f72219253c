/// Reads the one file of a zip archive (APPNOTE.TXT): the shape every DMARC reporter sends (`org!domain!begin!end.zip`
/// holding `org!domain!begin!end.xml`).
///
/// Only what reports use: one file (directory entries are skipped), stored (method 0) or deflated (method 8), not
/// encrypted, no Zip64. The central directory's sizes are not trusted for the caps: inflation is capped by
/// ``DecompressionLimits`` as it runs.
enum ZipMember {
    private static let endOfDirectory: UInt32 = 0x0605_4b50
    private static let directoryEntry: UInt32 = 0x0201_4b50
    private static let localHeader: UInt32 = 0x0403_4b50

    /// The contents of the archive's only file.
    /// - Throws: ``DMARCReportError`` for a damaged archive, several files, encryption, an unknown method, Zip64,
    ///   or a cap passed while inflating.
    static func extract(_ archive: [UInt8], limits: DecompressionLimits) throws(DMARCReportError) -> [UInt8] {
        guard let end = findEndOfDirectory(archive) else {
            throw .damagedArchive("no zip end-of-central-directory record")
        }
        let entries = Int(read16(archive, end + 10))
        var offset = Int(read32(archive, end + 16))
        var member: (method: Int, flags: Int, compressedSize: Int, localOffset: Int, name: String)?
        for _ in 0..<entries {
            guard offset + 46 <= archive.count, read32(archive, offset) == directoryEntry else {
                throw .damagedArchive("the zip central directory is cut short")
            }
            let nameLength = Int(read16(archive, offset + 28))
            let extraLength = Int(read16(archive, offset + 30))
            let commentLength = Int(read16(archive, offset + 32))
            guard offset + 46 + nameLength <= archive.count else {
                throw .damagedArchive("the zip central directory is cut short")
            }
            let name = String(decoding: archive[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self)
            if !name.hasSuffix("/") {
                guard member == nil else {
                    throw .unsupportedArchive("the zip holds more than one file")
                }
                member = (
                    Int(read16(archive, offset + 10)), Int(read16(archive, offset + 8)),
                    Int(read32(archive, offset + 20)), Int(read32(archive, offset + 42)), name
                )
            }
            offset += 46 + nameLength + extraLength + commentLength
        }
        guard let member else { throw .unsupportedArchive("the zip holds no file") }
        guard member.flags & 1 == 0 else { throw .unsupportedArchive("'\(member.name)' is encrypted") }
        guard member.compressedSize != 0xFFFF_FFFF, member.localOffset != 0xFFFF_FFFF else {
            throw .unsupportedArchive("'\(member.name)' is a Zip64 entry")
        }
        let local = member.localOffset
        guard local + 30 <= archive.count, read32(archive, local) == localHeader else {
            throw .damagedArchive("the local header of '\(member.name)' is missing")
        }
        let start = local + 30 + Int(read16(archive, local + 26)) + Int(read16(archive, local + 28))
        guard start + member.compressedSize <= archive.count else {
            throw .damagedArchive("'\(member.name)' is cut short")
        }
        let data = archive[start..<(start + member.compressedSize)]
        switch member.method {
        case 0:
            guard data.count <= limits.maximumBytes else { throw .tooLarge(limit: limits.maximumBytes) }
            return Array(data)
        case 8:
            return try Inflater.inflate(data, format: .rawDeflate, limits: limits)
        default:
            throw .unsupportedArchive("'\(member.name)' uses compression method \(member.method)")
        }
    }

    /// The offset of the end-of-central-directory record: searched backwards over the longest comment allowed.
    private static func findEndOfDirectory(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 22 else { return nil }
        let lowest = max(0, bytes.count - 22 - 0xFFFF)
        var offset = bytes.count - 22
        while offset >= lowest {
            if read32(bytes, offset) == endOfDirectory { return offset }
            offset -= 1
        }
        return nil
    }

    private static func read16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
        guard offset + 2 <= bytes.count else { return 0 }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    private static func read32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        guard offset + 4 <= bytes.count else { return 0 }
        return UInt32(read16(bytes, offset)) | UInt32(read16(bytes, offset + 2)) << 16
    }
}
