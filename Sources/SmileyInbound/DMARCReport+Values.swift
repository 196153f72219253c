/// A keyword of the DMARC report schema: lowercased on creation, kept as written when it is not one the schema
/// lists (reporters deviate, and a value Smiley does not know is still worth showing). Encoded as its string.
public protocol DMARCKeyword: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible
where RawValue == String {
    /// Creates a keyword; `rawValue` is lowercased.
    init(rawValue: String)
}

extension DMARCKeyword {
    /// Creates a keyword from a literal, lowercased.
    public init(stringLiteral value: String) { self.init(rawValue: value) }
    /// The keyword as the schema spells it.
    public var description: String { rawValue }
}

extension DMARCReport {
    /// What the receiver did with the messages (`policy_evaluated/disposition`).
    public struct Disposition: DMARCKeyword {
        /// The lowercased value.
        public let rawValue: String
        /// Creates a disposition; `rawValue` is lowercased.
        public init(rawValue: String) { self.rawValue = rawValue.lowercased() }
        /// Delivered normally.
        public static let none: Disposition = "none"
        /// Delivered to the spam folder or held.
        public static let quarantine: Disposition = "quarantine"
        /// Refused.
        public static let reject: Disposition = "reject"
        /// DMARC passed (the 2.0 schema's value for "no policy applied because it passed").
        public static let pass: Disposition = "pass"
    }

    /// A DMARC-aligned verdict (`policy_evaluated/dkim`, `policy_evaluated/spf`).
    public struct Verdict: DMARCKeyword {
        /// The lowercased value.
        public let rawValue: String
        /// Creates a verdict; `rawValue` is lowercased.
        public init(rawValue: String) { self.rawValue = rawValue.lowercased() }
        /// Authenticated and aligned with the From domain.
        public static let pass: Verdict = "pass"
        /// Not authenticated, or not aligned.
        public static let fail: Verdict = "fail"
    }

    /// A DKIM or SPF check's raw result (`auth_results/*/result`).
    public struct AuthResult: DMARCKeyword {
        /// The lowercased value.
        public let rawValue: String
        /// Creates a result; `rawValue` is lowercased.
        public init(rawValue: String) { self.rawValue = rawValue.lowercased() }
        /// No signature or no SPF record.
        public static let none: AuthResult = "none"
        /// Passed.
        public static let pass: AuthResult = "pass"
        /// Failed.
        public static let fail: AuthResult = "fail"
        /// SPF soft failure (`~all`).
        public static let softfail: AuthResult = "softfail"
        /// Neutral (`?all`, or a DKIM signature that says nothing).
        public static let neutral: AuthResult = "neutral"
        /// A transient error (DNS timeout).
        public static let temperror: AuthResult = "temperror"
        /// A permanent error (a broken record).
        public static let permerror: AuthResult = "permerror"
    }

    /// A published policy (`p`, `sp`).
    public struct Policy: DMARCKeyword {
        /// The lowercased value.
        public let rawValue: String
        /// Creates a policy; `rawValue` is lowercased.
        public init(rawValue: String) { self.rawValue = rawValue.lowercased() }
        /// Monitor only.
        public static let none: Policy = "none"
        /// Failing mail goes to spam.
        public static let quarantine: Policy = "quarantine"
        /// Failing mail is refused.
        public static let reject: Policy = "reject"
    }

    /// An alignment mode (`adkim`, `aspf`).
    public struct Alignment: DMARCKeyword {
        /// The lowercased value.
        public let rawValue: String
        /// Creates a mode; `rawValue` is lowercased.
        public init(rawValue: String) { self.rawValue = rawValue.lowercased() }
        /// Relaxed: the organizational domains match.
        public static let relaxed: Alignment = "r"
        /// Strict: the domains are identical.
        public static let strict: Alignment = "s"
    }
}
