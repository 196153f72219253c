extension DMARCReport {
    /// How an attachment's bytes are packed.
    public enum Packing: String, Sendable, Hashable {
        /// A gzip file (`.xml.gz`, `application/gzip`, `application/x-gzip`).
        case gzip
        /// A zip file holding one XML file (`.zip`, `application/zip`).
        case zip
        /// The XML document itself (`.xml`, `text/xml`, `application/xml`).
        case xml

        /// Recognises a packing from the bytes' magic number first, then the file name, then the MIME type;
        /// `nil` when nothing says gzip, zip or XML.
        /// - Parameters:
        ///   - bytes: the attachment, decoded from its transfer encoding.
        ///   - fileName: the attachment's file name, if any.
        ///   - contentType: its MIME type, lowercased (`application/gzip`), if any.
        public init?(bytes: [UInt8], fileName: String?, contentType: String?) {
            let name = fileName?.lowercased() ?? ""
            let type = contentType?.lowercased() ?? ""
            if bytes.starts(with: [0x1F, 0x8B]) {
                self = .gzip
            } else if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
                self = .zip
            } else if name.hasSuffix(".gz") || type == "application/gzip" || type == "application/x-gzip" {
                self = .gzip
            } else if name.hasSuffix(".zip") || type == "application/zip" || type == "application/x-zip-compressed" {
                self = .zip
            } else if name.hasSuffix(".xml") || type == "text/xml" || type == "application/xml" {
                self = .xml
            } else {
                return nil
            }
        }
    }

    /// Unpacks an attachment (gzip, zip with one file, or plain XML) within `limits`, without parsing it.
    /// - Throws: ``DMARCReportError`` when the archive is damaged or unsupported, or a cap is passed: a bomb is
    ///   stopped at the first chunk past a cap, never inflated in full.
    public static func unpack(
        _ bytes: [UInt8],
        packing: Packing,
        limits: DecompressionLimits = .default
    ) throws(DMARCReportError) -> [UInt8] {
        switch packing {
        case .gzip: return try Inflater.inflate(bytes[...], format: .gzip, limits: limits)
        case .zip: return try ZipMember.extract(bytes, limits: limits)
        case .xml:
            guard bytes.count <= limits.maximumBytes else { throw .tooLarge(limit: limits.maximumBytes) }
            return bytes
        }
    }

    /// Reads a report from an attachment: unpacked (see ``unpack(_:packing:limits:)``), then parsed.
    /// - Parameters:
    ///   - bytes: the attachment, decoded from its transfer encoding.
    ///   - packing: how it is packed.
    ///   - limits: decompression caps.
    /// - Throws: ``DMARCReportError`` from unpacking or parsing.
    public init(
        attachment bytes: [UInt8],
        packing: Packing,
        limits: DecompressionLimits = .default
    ) throws(DMARCReportError) {
        try self.init(parsing: try Self.unpack(bytes, packing: packing, limits: limits))
    }
}
