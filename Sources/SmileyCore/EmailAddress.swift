/// An email address that passed Smiley's checks: one `local@domain`, no spaces, no CR/LF, no display name.
///
/// The check is deliberately practical rather than the whole RFC 5322 grammar: quoted local parts and
/// address literals are refused because no survey recipient needs them and every one seen in practice was a
/// data-entry error. The domain is lowercased; the local part keeps its case (RFC 5321 says it may matter).
public struct EmailAddress: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The part before the `@`.
    public let localPart: String
    /// The domain, lowercased.
    public let domain: String

    /// Parses and checks an address, throwing ``EmailAddressError`` that says what is wrong.
    public init(_ text: String) throws(EmailAddressError) {
        // Nearly every address is ASCII: checked on its bytes in one pass (a server checks one on every click).
        // Anything else — non-ASCII, or an address the byte check refuses — takes the full check, which applies
        // the same rules to Unicode text and words the error.
        let parts: (local: String, domain: String)
        if let ascii = Self.checkedASCII(text) { parts = ascii } else { parts = try Self.checked(text) }
        self.localPart = parts.local
        self.domain = parts.domain
    }

    /// The full check: the address's local part and lowercased domain, or the error that says what is wrong.
    static func checked(_ text: String) throws(EmailAddressError) -> (local: String, domain: String) {
        let trimmed = text.trimmingASCIIWhitespace()
        guard !trimmed.isEmpty else { throw EmailAddressError(address: text, reason: "it is empty") }
        guard trimmed.utf8.count <= 254 else {
            throw EmailAddressError(address: text, reason: "it is longer than 254 octets (RFC 5321)")
        }
        guard let at = trimmed.lastIndex(of: "@") else {
            throw EmailAddressError(address: text, reason: "it has no '@'")
        }
        let local = String(trimmed[..<at])
        let domain = String(trimmed[trimmed.index(after: at)...]).lowercased()
        guard !local.isEmpty else { throw EmailAddressError(address: text, reason: "nothing stands before the '@'") }
        guard local.utf8.count <= 64 else {
            throw EmailAddressError(address: text, reason: "the part before '@' is longer than 64 octets (RFC 5321)")
        }
        for scalar in local.unicodeScalars {
            guard Self.isAllowedInLocalPart(scalar) else {
                throw EmailAddressError(
                    address: text,
                    reason: "the character \(Self.describe(scalar)) is not allowed before the '@'"
                )
            }
        }
        // Byte checks: `String.contains("..")` goes through Foundation's string search, which cost a send 2 %; and a
        // plain loop rather than `zip`, whose generic iterator type a relay's per-message process would instantiate
        // (and look up conformances for) at run time.
        var doubledDot = false
        var previous: UInt8 = 0
        for byte in local.utf8 {
            if byte == 0x2E && previous == 0x2E { doubledDot = true }
            previous = byte
        }
        guard local.utf8.first != 0x2E, local.utf8.last != 0x2E, !doubledDot else {
            throw EmailAddressError(address: text, reason: "dots may not start, end or double up before the '@'")
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else {
            throw EmailAddressError(address: text, reason: "the domain '\(domain)' has no dot")
        }
        for label in labels {
            guard !label.isEmpty, label.utf8.count <= 63 else {
                throw EmailAddressError(address: text, reason: "the domain '\(domain)' has an empty or over-long label")
            }
            guard !label.hasPrefix("-"), !label.hasSuffix("-"),
                label.unicodeScalars.allSatisfy({ Self.isAllowedInDomain($0) })
            else {
                throw EmailAddressError(
                    address: text,
                    reason: "the domain '\(domain)' has a character a host name cannot have"
                )
            }
        }
        return (local, domain)
    }

    /// Creates an address from parts already known to be valid (used for generated plus-addresses).
    package init(uncheckedLocalPart localPart: String, domain: String) {
        self.localPart = localPart
        self.domain = domain.lowercased()
    }

    /// `local@domain`.
    public var description: String { "\(localPart)@\(domain)" }

    /// The address in the form used to compare and deduplicate: local part and domain lowercased.
    public var normalized: String { description.lowercased() }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The parts of an ASCII address that passes every check of ``init(_:)``, found on its bytes; `nil` for any
    /// other text (which the full check then refuses or accepts with the same rules).
    static func checkedASCII(_ text: String) -> (local: String, domain: String)? {
        var text = text
        return text.withUTF8 { bytes -> (String, String)? in
            var start = 0
            var end = bytes.count
            while start < end, isASCIISpace(bytes[start]) { start += 1 }
            while end > start, isASCIISpace(bytes[end - 1]) { end -= 1 }
            guard end - start <= 254 else { return nil }
            var at = -1
            for index in start..<end {
                let byte = bytes[index]
                guard byte < 0x80 else { return nil }
                if byte == 0x40 { at = index }
            }
            // The local part: 1 to 64 allowed bytes, no dot first, last or doubled.
            guard at > start, at - start <= 64, bytes[start] != 0x2E, bytes[at - 1] != 0x2E else { return nil }
            var previous: UInt8 = 0
            for index in start..<at {
                let byte = bytes[index]
                guard isAllowedInLocalPart(byte: byte), !(byte == 0x2E && previous == 0x2E) else { return nil }
                previous = byte
            }
            // The domain, lowercased: at least two labels of 1 to 63 bytes of a-z, 0-9 and '-', none starting or
            // ending with '-'.
            var domain = [UInt8]()
            domain.reserveCapacity(end - at - 1)
            var labelStart = at + 1
            var labels = 0
            for index in (at + 1)...end {
                guard index < end, bytes[index] != 0x2E else {
                    let length = index - labelStart
                    guard length > 0, length <= 63, bytes[labelStart] != 0x2D, bytes[index - 1] != 0x2D else {
                        return nil
                    }
                    labels += 1
                    if index < end { domain.append(0x2E) }
                    labelStart = index + 1
                    continue
                }
                var byte = bytes[index]
                if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
                guard (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D else {
                    return nil
                }
                domain.append(byte)
            }
            guard labels >= 2 else { return nil }
            return (
                String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self),
                String(decoding: domain, as: UTF8.self)
            )
        }
    }

    /// The bytes ``StringProtocol/trimmingASCIIWhitespace()`` trims: space, tab, CR and LF.
    static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }

    /// Whether ``isAllowedInLocalPart(_:)`` allows an ASCII byte (a switch, not a table: a relay's process checks
    /// a few addresses, and filling a table cost more than they do).
    static func isAllowedInLocalPart(byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"),
            UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"),
            UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "~"), UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }

    private static func isAllowedInLocalPart(_ s: Unicode.Scalar) -> Bool {
        if s.value >= 0x80 { return true }  // RFC 6531 (SMTPUTF8) local parts
        switch s {
        case "a"..."z", "A"..."Z", "0"..."9": return true
        default: return "!#$%&'*+-/=?^_`{|}~.".unicodeScalars.contains(s)
        }
    }

    private static func isAllowedInDomain(_ s: Unicode.Scalar) -> Bool {
        if s.value >= 0x80 { return true }  // internationalized domain names, sent as UTF-8
        switch s {
        case "a"..."z", "0"..."9", "-": return true
        default: return false
        }
    }

    private static func describe(_ s: Unicode.Scalar) -> String {
        s.value < 0x20 || s.value == 0x7F ? "U+\(String(s.value, radix: 16, uppercase: true))" : "'\(s)'"
    }
}

/// Why a text is not an email address Smiley will send to.
public struct EmailAddressError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text that was checked.
    public let address: String
    /// What is wrong with it, in words.
    public let reason: String

    public var description: String { "'\(address)' is not a usable email address: \(reason)" }
}

extension StringProtocol {
    /// The string without leading and trailing spaces, tabs, CR and LF.
    package func trimmingASCIIWhitespace() -> String {
        let isSpace = EmailAddress.isASCIISpace
        let bytes = Array(utf8)
        guard let firstByte = bytes.first, let lastByte = bytes.last else { return "" }
        if !isSpace(firstByte), !isSpace(lastByte) { return String(self) }
        // ASCII whitespace bytes never occur inside a multi-byte sequence: the cut keeps valid UTF-8.
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) })
        else {
            return ""
        }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
