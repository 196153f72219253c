internal import CZlib

/// How far a compressed attachment may inflate before it is refused as a possible decompression bomb.
public struct DecompressionLimits: Sendable, Hashable {
    /// The most bytes produced, whatever the input. Default 20 MB: the largest aggregate reports seen from big
    /// providers are a few MB.
    public var maximumBytes: Int
    /// The most output bytes per input byte, once the output passes ``ratioFloor``. Default 100.
    public var maximumRatio: Int
    /// Output up to this size is allowed whatever the ratio (a tiny report of repeated rows compresses well).
    /// Default 1 MB.
    public var ratioFloor: Int

    /// Creates limits; the defaults are 20 MB, 100:1 and a 1 MB floor.
    public init(maximumBytes: Int = 20 * 1024 * 1024, maximumRatio: Int = 100, ratioFloor: Int = 1024 * 1024) {
        self.maximumBytes = maximumBytes
        self.maximumRatio = maximumRatio
        self.ratioFloor = ratioFloor
    }

    /// The default limits.
    public static let `default` = DecompressionLimits()
}

/// zlib's inflate behind the limits: output is produced in chunks and inflation stops at the first chunk past a
/// limit, so a bomb is never inflated in full.
enum Inflater {
    /// zlib, loaded on first use (see `CZlib/shim.h`).
    /// `nonisolated(unsafe)`: written once by the lazy initializer, then only read (a table of function addresses).
    nonisolated(unsafe) static let loaded: Result<czlib_api, DMARCReportError> = {
        var api = czlib_api()
        var message = [CChar](repeating: 0, count: 512)
        guard czlib_load(&api, &message, message.count) == 0 else {
            let reason = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            return .failure(.unsupportedArchive(reason + "; install zlib (Debian: zlib1g)"))
        }
        return .success(api)
    }()

    /// The format of the compressed bytes.
    enum Format {
        /// gzip (RFC 1952), one or more members; bytes after the last member are ignored, as `gzip -d` does.
        case gzip
        /// Raw deflate (RFC 1951), as in a zip member.
        case rawDeflate
    }

    /// Inflates `input`.
    /// - Parameters:
    ///   - input: the compressed bytes.
    ///   - format: gzip or raw deflate.
    ///   - limits: size and ratio caps; the ratio is against `input.count`.
    /// - Throws: ``DMARCReportError`` when a cap is passed or the data is damaged.
    static func inflate(
        _ input: ArraySlice<UInt8>,
        format: Format,
        limits: DecompressionLimits
    ) throws(DMARCReportError) -> [UInt8] {
        let api: czlib_api
        switch loaded {
        case .success(let loaded): api = loaded
        case .failure(let error): throw error
        }
        let ratioLimit = max(limits.ratioFloor, input.count.multipliedReportingOverflow(by: limits.maximumRatio).0)
        var stream = z_stream()
        var table = api
        guard czlib_inflate_init(&table, &stream, format == .gzip ? 15 + 16 : -15) == Z_OK else {
            throw .damagedArchive("zlib could not start inflating")
        }
        defer { _ = api.inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let copy = Array(input)
        return try copy.withUnsafeBufferPointer { (source) throws(DMARCReportError) -> [UInt8] in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = UInt32(source.count)
            while true {
                let produced: Int
                let status: Int32 = chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(buffer.count)
                    return api.inflate(&stream, Z_NO_FLUSH)
                }
                produced = chunk.count - Int(stream.avail_out)
                output += chunk[..<produced]
                if output.count > limits.maximumBytes { throw .tooLarge(limit: limits.maximumBytes) }
                if output.count > ratioLimit { throw .ratioExceeded(limit: limits.maximumRatio) }
                switch status {
                case Z_OK:
                    if produced == 0 && stream.avail_in == 0 {
                        throw .damagedArchive("the compressed data ends before its end marker")
                    }
                case Z_STREAM_END:
                    // Another gzip member follows (`cat a.gz b.gz`): go on; anything else after the end is ignored.
                    let rest = Int(stream.avail_in)
                    let next = source.count - rest
                    guard format == .gzip, rest >= 2, source[next] == 0x1F, source[next + 1] == 0x8B else {
                        return output
                    }
                    _ = api.inflateReset(&stream)
                case Z_BUF_ERROR:
                    throw .damagedArchive("the compressed data ends before its end marker")
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    throw .damagedArchive(message)
                }
            }
        }
    }
}
