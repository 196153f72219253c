/// Bounds that keep parsing hostile mail cheap; exceeding one is recorded as a warning, never a crash.
public struct MIMELimits: Sendable, Hashable {
    /// Deepest multipart / message nesting parsed; deeper entities are kept as opaque leaves. Default 50.
    public var maxDepth: Int
    /// Most parts parsed in one message; later parts are dropped. Default 10,000.
    public var maxParts: Int
    /// Most bytes kept of one header field's value; the rest is dropped. Default 256 KiB.
    public var maxHeaderBytes: Int
    /// Most header fields kept per entity; later fields are dropped. Default 2,000.
    public var maxHeaderFields: Int

    /// Creates limits.
    /// - Parameters:
    ///   - maxDepth: Deepest nesting parsed.
    ///   - maxParts: Most parts parsed.
    ///   - maxHeaderBytes: Most bytes kept of one header field.
    ///   - maxHeaderFields: Most header fields kept per entity.
    public init(
        maxDepth: Int = 50,
        maxParts: Int = 10_000,
        maxHeaderBytes: Int = 256 * 1024,
        maxHeaderFields: Int = 2_000
    ) {
        self.maxDepth = maxDepth
        self.maxParts = maxParts
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderFields = maxHeaderFields
    }

    /// The defaults described on each property.
    public static let `default` = MIMELimits()
}
