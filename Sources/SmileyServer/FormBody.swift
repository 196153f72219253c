import SmileyMIME

/// The bodies the web side's own pages and RFC 8058 post: HTML forms (`application/x-www-form-urlencoded`), and
/// one-click unsubscribe, which mail providers post urlencoded or as `multipart/form-data` — both read by
/// SmileyMIME's ``FormData``, as the webhook routes read theirs.
enum FormBody {
    /// The text fields of a urlencoded body; the first of repeated names wins, values that are not UTF-8 are
    /// dropped.
    static func parse(_ body: [UInt8]) -> [String: String] {
        var fields: [String: String] = [:]
        for field in FormData.urlencoded(body) where fields[field.name] == nil {
            if let value = String(validating: field.value, as: UTF8.self) { fields[field.name] = value }
        }
        return fields
    }

    /// Whether a body says `List-Unsubscribe=One-Click` (RFC 8058 §3.1), urlencoded or as a multipart field.
    static func isOneClickUnsubscribe(_ body: [UInt8], contentType: String?) -> Bool {
        let form = try? FormData(body: body, contentType: contentType ?? "application/x-www-form-urlencoded")
        guard let value = form?["List-Unsubscribe"]?.value else { return false }
        return String(decoding: value, as: UTF8.self).trimmingTrailingLineEnd == "One-Click"
    }
}

extension String {
    /// The text without trailing line ends.
    fileprivate var trimmingTrailingLineEnd: Substring {
        var text = Substring(self)
        while let last = text.last, last.isNewline { text.removeLast() }
        return text
    }
}
