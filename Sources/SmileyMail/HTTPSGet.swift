internal import CCurl

/// One HTTPS GET through libcurl, for the few documents the inbound side must fetch (the signing certificate of an
/// Amazon SNS message, the URL that confirms an SNS subscription). HTTPS only, the peer and host always verified,
/// no redirects followed, a size cap and a time limit; the body of a 2xx answer or an error naming the URL.
package enum HTTPSGet {
    /// Why a GET gave no document.
    package struct Failure: Error, Sendable, CustomStringConvertible {
        /// What went wrong, with the URL.
        package var description: String
    }

    /// Fetches `url` (which must start with `https://`).
    /// - Parameters:
    ///   - url: the document's address.
    ///   - maximumBytes: the largest body read; a longer one is an error.
    ///   - timeoutSeconds: the whole transfer's limit.
    /// - Returns: the body of a 2xx answer.
    /// - Throws: ``Failure`` for another scheme, a transport error, a non-2xx status or a body over the limit.
    package static func get(
        _ url: String,
        maximumBytes: Int = 65_536,
        timeoutSeconds: Int = 10
    ) throws(Failure)
        -> [UInt8]
    {
        guard url.lowercased().hasPrefix("https://") else {
            throw Failure(description: "\(url): only https:// addresses are fetched")
        }
        let library: CurlLibrary
        do { library = try CurlLibrary.load() } catch { throw Failure(description: "\(url): \(error.description)") }
        let api = library.api
        guard let handle = api.pointee.easy_init!() else {
            throw Failure(description: "\(url): curl_easy_init returned no handle (out of memory?)")
        }
        defer { api.pointee.easy_cleanup!(handle) }
        let sink = HTTPSBodySink(limit: maximumBytes)
        var errorBuffer = [CChar](repeating: 0, count: ccurl_error_size())
        let write: ccurl_io_callback = { buffer, size, count, userdata in
            guard let buffer, let userdata else { return 0 }
            let sink = Unmanaged<HTTPSBodySink>.fromOpaque(userdata).takeUnretainedValue()
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
        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { errors in
            var result = ccurl_setopt_string(api, handle, CURLOPT_URL, url)
            for (option, value) in [
                (CURLOPT_SSL_VERIFYPEER, 1), (CURLOPT_SSL_VERIFYHOST, 2), (CURLOPT_FOLLOWLOCATION, 0),
                (CURLOPT_NOSIGNAL, 1), (CURLOPT_CONNECTTIMEOUT_MS, min(timeoutSeconds, 5) * 1000),
                (CURLOPT_TIMEOUT_MS, timeoutSeconds * 1000),
            ] where result == CURLE_OK {
                result = ccurl_setopt_long(api, handle, option, value)
            }
            if result == CURLE_OK { result = ccurl_setopt_string(api, handle, CURLOPT_PROTOCOLS_STR, "https") }
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
                result = ccurl_setopt_pointer(
                    api,
                    handle,
                    CURLOPT_WRITEDATA,
                    Unmanaged.passUnretained(sink).toOpaque()
                )
            }
            if result == CURLE_OK { result = api.pointee.easy_perform!(handle) }
            return result
        }
        withExtendedLifetime(sink) {}
        if sink.overflow {
            throw Failure(description: "\(url): the answer is larger than \(maximumBytes) bytes")
        }
        guard code == CURLE_OK else {
            let detail = errorBuffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw Failure(description: "\(url): \(detail.isEmpty ? library.describe(code) : detail)")
        }
        var status = 0
        _ = ccurl_getinfo_long(api, handle, CURLINFO_RESPONSE_CODE, &status)
        guard (200..<300).contains(status) else { throw Failure(description: "\(url): HTTP status \(status)") }
        return sink.bytes
    }
}

/// The body being received; libcurl's write callback gets a pointer to it for the transfer's duration.
private final class HTTPSBodySink {
    let limit: Int
    var bytes: [UInt8] = []
    var overflow = false

    init(limit: Int) { self.limit = limit }
}
