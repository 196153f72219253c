internal import CLibXML2

/// libxml2, loaded with `dlopen` the first time a document is parsed (see `CLibXML2/shim.h`): a `smiley ingest` of
/// a plain-text reply never maps it, nor the ICU, zlib and liblzma it brings.
enum LibXML {
    /// The library's functions, or why it could not be loaded (loaded once, thread-safely, on first use).
    /// `nonisolated(unsafe)`: the table is written once by the lazy initializer and only read after; it holds the
    /// library handle and function addresses, which any thread may call.
    nonisolated(unsafe) static let loaded: Result<clibxml2_api, LibXMLUnavailable> = {
        var api = clibxml2_api()
        var message = [CChar](repeating: 0, count: 512)
        guard clibxml2_load(&api, &message, message.count) == 0 else {
            let reason = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            return .failure(LibXMLUnavailable(reason: reason))
        }
        return .success(api)
    }()

    /// The functions, for code that holds a document or context (which exist only once ``loaded`` succeeded).
    static var api: clibxml2_api {
        switch loaded {
        case .success(let api): return api
        case .failure(let error): fatalError("libxml2 used before it was loaded: \(error)")
        }
    }
}

/// libxml2 could not be loaded: the shared library is missing or lacks a function Smiley needs.
struct LibXMLUnavailable: Error, CustomStringConvertible {
    /// The loader's reason.
    let reason: String

    var description: String {
        "\(reason); install libxml2 (Debian: apt-get install libxml2) to read HTML mail and XML payloads"
    }
}
