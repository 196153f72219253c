internal import CCurl

/// libcurl, loaded with `dlopen` on first use and initialised once per process.
///
/// Nothing in Smiley links libcurl, so processes that never send (the per-message `smiley ingest`) never map
/// its shared libraries. The first SMTP connection loads it, calls `curl_global_init` and checks once that the
/// library speaks SMTP and has TLS; every later connection reuses the result (or the same load error).
final class CurlLibrary: @unchecked Sendable {
    /// The resolved function table. Written once in `init`, read-only afterwards (hence `@unchecked Sendable`).
    let api: UnsafeMutablePointer<ccurl_api>
    /// libcurl's version, e.g. "7.88.1".
    let version: String
    /// The TLS backend, e.g. "OpenSSL/3.0.11", or nil when this libcurl has no TLS.
    let tlsBackend: String?
    /// Whether `smtps://` (implicit TLS) is available.
    let supportsSMTPS: Bool

    /// The process-wide library, or the error that loading it produced. `static let` runs its initialiser
    /// exactly once, thread-safely.
    static let shared: Result<CurlLibrary, SMTPError> = Result { () throws(SMTPError) in try CurlLibrary() }

    /// The loaded library, or the load error.
    static func load() throws(SMTPError) -> CurlLibrary {
        try shared.get()
    }

    private init() throws(SMTPError) {
        let api = UnsafeMutablePointer<ccurl_api>.allocate(capacity: 1)
        var message = [CChar](repeating: 0, count: 512)
        guard ccurl_load(api, &message, message.count) == 0 else {
            api.deallocate()
            let reason = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw SMTPError(
                libraryProblem: reason
                    + ". Install libcurl (Debian: apt-get install libcurl4) and try again."
            )
        }
        let initCode = api.pointee.global_init!(ccurl_global_default())
        guard initCode == CURLE_OK else {
            throw SMTPError(libraryProblem: "curl_global_init failed with code \(initCode.rawValue)")
        }
        let version = String(cString: ccurl_version_string(api))
        guard ccurl_supports_protocol(api, "smtp") != 0 else {
            throw SMTPError(
                libraryProblem: "the loaded libcurl \(version) was built without SMTP support. "
                    + "Install a libcurl with SMTP (Debian's libcurl4 has it)."
            )
        }
        self.api = api
        self.version = version
        self.tlsBackend = ccurl_tls_backend(api).map { String(cString: $0) }
        self.supportsSMTPS = ccurl_supports_protocol(api, "smtps") != 0
    }

    /// `curl_easy_strerror` for a code.
    func describe(_ code: CURLcode) -> String {
        guard let text = api.pointee.easy_strerror!(code) else { return "curl error \(code.rawValue)" }
        return String(cString: text)
    }
}
