import Foundation

/// The server's "yes" for one message: its final reply after DATA.
public struct SMTPAcceptance: Sendable, Equatable {
    /// The reply code, normally 250.
    public let code: Int
    /// The reply text, e.g. "2.0.0 Ok: queued as 4F2C81A2B3".
    public let text: String
    /// The server's queue id when its reply names one ("queued as XYZ"), else nil. Quote it when asking the
    /// mail administrator about a message.
    public let queueID: String?

    /// Creates an acceptance, parsing the queue id from `text`.
    /// - Parameters:
    ///   - code: Reply code.
    ///   - text: Reply text after the code.
    public init(code: Int, text: String) {
        self.code = code
        self.text = text
        self.queueID = SMTPAcceptance.queueID(in: text)
    }

    /// Finds "queued as ID" (case-insensitive), as Postfix, Exim ("id=") and most servers write it.
    static func queueID(in text: String) -> String? {
        let lower = text.lowercased()
        for marker in ["queued as ", "id="] {
            guard let range = lower.range(of: marker) else { continue }
            let offset = lower.distance(from: lower.startIndex, to: range.upperBound)
            let tail = text.dropFirst(offset)
            let id = tail.prefix { !$0.isWhitespace && $0 != ")" && $0 != ">" && $0 != "," && $0 != ";" }
            let trimmed = id.trimmingCharacters(in: "<")
            if !trimmed.isEmpty { return trimmed }
        }
        return nil
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set })
    }
}
