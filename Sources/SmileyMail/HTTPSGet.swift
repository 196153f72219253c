/// One HTTPS GET through libcurl, for the few documents the inbound side must fetch (the signing certificate of an
/// Amazon SNS message, the URL that confirms an SNS subscription). HTTPS only, the peer and host always verified,
/// no redirects followed, a size cap and a time limit; the body of a 2xx answer or an error naming the URL.
/// The transfer is ``HTTPRequest``'s, without its loopback exception.
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
        let answer: HTTPRequest.Answer
        do {
            answer = try HTTPRequest.get(url, maximumBytes: maximumBytes, timeoutSeconds: timeoutSeconds)
        } catch {
            throw Failure(description: error.description)
        }
        guard (200..<300).contains(answer.status) else {
            throw Failure(description: "\(url): HTTP status \(answer.status)")
        }
        return answer.body
    }
}
