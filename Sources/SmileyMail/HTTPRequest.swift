internal import CCurl
import Foundation

/// One HTTP GET through libcurl, for the documents the inbound side must fetch: a help desk's REST API (a ticket, a
/// contact, a callback's signing key) and, through ``HTTPSGet``, Amazon SNS certificates.
///
/// - The peer's certificate and host name are always verified; no redirect is followed; no proxy is used for a
///   loopback address; the body is capped at `maximumBytes` and the whole transfer at `timeoutSeconds`.
/// - `https://` only, with one exception when `loopbackHTTP` is set: `http://` to `127.0.0.1`, `[::1]` or
///   `localhost`. A help desk never lives there; the exception exists so that tests (and an on-host mock of a
///   help desk) can answer without a certificate. Nothing on the network is ever fetched in clear.
/// - Any status is returned: a caller tells "not found" from "the server failed" itself.
package enum HTTPRequest {
    /// A response: its status and body.
    package struct Answer: Sendable, Hashable {
        /// The HTTP status code.
        package var status: Int
        /// The body, at most `maximumBytes` long.
        package var body: [UInt8]
    }

    /// Why a GET gave no answer (the address was refused, the server could not be reached, or its body was too
    /// long); the description names the URL.
    package struct Failure: Error, Sendable, CustomStringConvertible {
        /// What went wrong, with the URL.
        package var description: String
    }

    /// Whether `url` may be fetched: `https://`, or with `loopbackHTTP` `http://` to a loopback host. A URL with a
    /// user name or password is refused (libcurl and Foundation could read its host differently).
    package static func isAllowed(_ url: String, loopbackHTTP: Bool) -> Bool {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), let host = parsed.host,
            !host.isEmpty, parsed.user == nil, parsed.password == nil
        else { return false }
        if scheme == "https" { return true }
        return loopbackHTTP && scheme == "http" && isLoopback(host)
    }

    /// Whether `host` is `127.0.0.1`, `::1` (bracketed or not) or `localhost`.
    package static func isLoopback(_ host: String) -> Bool {
        ["127.0.0.1", "::1", "[::1]", "localhost"].contains(host.lowercased())
    }

    /// GETs `url` with the given request header fields.
    /// - Parameters:
    ///   - url: the address (see ``isAllowed(_:loopbackHTTP:)``).
    ///   - headers: request header fields (`Authorization`, `clientId`, …); a value with a line break is refused.
    ///   - maximumBytes: the longest body read; a longer one is a ``Failure``.
    ///   - timeoutSeconds: the whole transfer's limit (connecting: at most 5 s of it).
    ///   - loopbackHTTP: whether `http://` to a loopback host is allowed.
    /// - Returns: the status and body, whatever the status.
    /// - Throws: ``Failure`` for an address not allowed, a transport error (refused, timed out, TLS) or an
    ///   over-long body.
    package static func get(
        _ url: String,
        headers: [(name: String, value: String)] = [],
        maximumBytes: Int = 1 << 20,
        timeoutSeconds: Int = 10,
        loopbackHTTP: Bool = false
    ) throws(Failure) -> Answer {
        guard isAllowed(url, loopbackHTTP: loopbackHTTP) else {
            throw Failure(
                description: loopbackHTTP
                    ? "\(url): only https:// addresses (or http:// to a loopback address) are fetched"
                    : "\(url): only https:// addresses are fetched"
            )
        }
        // By scalar: "\r\n" is one Character, equal to neither "\r" nor "\n".
        for field in headers
        where (field.name + field.value).unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) {
            throw Failure(description: "\(url): the header field \(field.name) holds a line break")
        }
        let library: CurlLibrary
        do { library = try CurlLibrary.load() } catch { throw Failure(description: "\(url): \(error.description)") }
        let transfer = try CurlGet(library: library, url: url, maximumBytes: maximumBytes)
        return try transfer.perform(headers: headers, timeoutSeconds: timeoutSeconds)
    }
}

/// One easy handle, its header list and its body sink, freed together (`deinit`).
private final class CurlGet {
    let library: CurlLibrary
    let url: String
    let handle: UnsafeMutableRawPointer
    let sink: HTTPBodySink
    var headerList: UnsafeMutablePointer<curl_slist>?

    init(library: CurlLibrary, url: String, maximumBytes: Int) throws(HTTPRequest.Failure) {
        guard let handle = library.api.pointee.easy_init!() else {
            throw HTTPRequest.Failure(description: "\(url): curl_easy_init returned no handle (out of memory?)")
        }
        self.library = library
        self.url = url
        self.handle = handle
        self.sink = HTTPBodySink(limit: maximumBytes)
    }

    deinit {
        if let headerList { library.api.pointee.slist_free_all!(headerList) }
        library.api.pointee.easy_cleanup!(handle)
    }

    func perform(
        headers: [(name: String, value: String)],
        timeoutSeconds: Int
    ) throws(HTTPRequest.Failure) -> HTTPRequest.Answer {
        let api = library.api
        for field in headers {
            guard let appended = api.pointee.slist_append!(headerList, "\(field.name): \(field.value)") else {
                throw HTTPRequest.Failure(description: "\(url): curl_slist_append failed (out of memory?)")
            }
            headerList = appended
        }
        var errorBuffer = [CChar](repeating: 0, count: ccurl_error_size())
        let write: ccurl_io_callback = { buffer, size, count, userdata in
            guard let buffer, let userdata else { return 0 }
            let sink = Unmanaged<HTTPBodySink>.fromOpaque(userdata).takeUnretainedValue()
            let length = size * count
            guard sink.bytes.count + length <= sink.limit else {
                sink.overflow = true
                return 0
            }
            buffer.withMemoryRebound(to: UInt8.self, capacity: length) {
                sink.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
            }
            return length
        }
        let protocols = url.lowercased().hasPrefix("https://") ? "https" : "http"
        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { errors in
            var result = ccurl_setopt_string(api, handle, CURLOPT_URL, url)
            for (option, value) in [
                (CURLOPT_SSL_VERIFYPEER, 1), (CURLOPT_SSL_VERIFYHOST, 2), (CURLOPT_FOLLOWLOCATION, 0),
                (CURLOPT_NOSIGNAL, 1), (CURLOPT_CONNECTTIMEOUT_MS, min(timeoutSeconds, 5) * 1000),
                (CURLOPT_TIMEOUT_MS, timeoutSeconds * 1000),
            ] where result == CURLE_OK {
                result = ccurl_setopt_long(api, handle, option, value)
            }
            if result == CURLE_OK { result = ccurl_setopt_string(api, handle, CURLOPT_PROTOCOLS_STR, protocols) }
            if result == CURLE_OK {
                result = ccurl_setopt_string(api, handle, CURLOPT_NOPROXY, "127.0.0.1,::1,localhost")
            }
            if result == CURLE_OK, let headerList {
                result = ccurl_setopt_slist(api, handle, CURLOPT_HTTPHEADER, headerList)
            }
            if result == CURLE_OK {
                result = ccurl_setopt_pointer(
                    api,
                    handle,
                    CURLOPT_ERRORBUFFER,
                    UnsafeMutableRawPointer(errors.baseAddress)
                )
            }
            if result == CURLE_OK { result = ccurl_setopt_io_callback(api, handle, CURLOPT_WRITEFUNCTION, write) }
            if result == CURLE_OK {
                result = ccurl_setopt_pointer(api, handle, CURLOPT_WRITEDATA, Unmanaged.passUnretained(sink).toOpaque())
            }
            if result == CURLE_OK { result = api.pointee.easy_perform!(handle) }
            return result
        }
        if sink.overflow {
            throw HTTPRequest.Failure(description: "\(url): the answer is larger than \(sink.limit) bytes")
        }
        guard code == CURLE_OK else {
            let detail = errorBuffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw HTTPRequest.Failure(description: "\(url): \(detail.isEmpty ? library.describe(code) : detail)")
        }
        var status = 0
        _ = ccurl_getinfo_long(api, handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPRequest.Answer(status: status, body: sink.bytes)
    }
}

/// The body being received; libcurl's write callback gets a pointer to it for the transfer's duration.
private final class HTTPBodySink {
    let limit: Int
    var bytes: [UInt8] = []
    var overflow = false

    init(limit: Int) { self.limit = limit }
}
