public import Foundation

/// A DMARC aggregate report (RFC 7489 appendix C, and the `urn:ietf:params:xml:ns:dmarc-2.0` schema): what a
/// receiving mail provider saw of the mail sent in a domain's name, per sending IP address.
///
/// Read with ``init(parsing:)`` from the XML document, or ``init(attachment:fileName:contentType:)`` from a
/// gzip or zip attachment. Values the schema spells in lowercase (`pass`, `none`) are lowercased on reading, so
/// a reporter's `Pass` compares equal to `pass`.
public struct DMARCReport: Sendable, Hashable, Codable {
    /// Who sent the report and which period it covers.
    public var metadata: Metadata
    /// The domain's DMARC policy as the reporter found it published.
    public var policy: PolicyPublished
    /// One row per sending source and outcome.
    public var records: [Record]

    /// Creates a report from its parts.
    public init(metadata: Metadata, policy: PolicyPublished, records: [Record]) {
        self.metadata = metadata
        self.policy = policy
        self.records = records
    }

    /// The total of every record's message count.
    public var messageCount: Int { records.reduce(0) { $0 + $1.count } }

    /// `report_metadata`: the reporter and the period.
    public struct Metadata: Sendable, Hashable, Codable {
        /// The reporting organization (`org_name`), e.g. `google.com`.
        public var organization: String
        /// The reporter's contact address (`email`).
        public var email: String
        /// The reporter's identifier of this report (`report_id`); with ``organization`` it names the report.
        public var reportID: String
        /// The start of the period covered (`date_range/begin`).
        public var begin: Date
        /// The end of the period covered (`date_range/end`).
        public var end: Date

        /// Creates metadata.
        public init(organization: String, email: String, reportID: String, begin: Date, end: Date) {
            self.organization = organization
            self.email = email
            self.reportID = reportID
            self.begin = begin
            self.end = end
        }
    }

    /// `policy_published`: the DMARC record the reporter applied.
    public struct PolicyPublished: Sendable, Hashable, Codable {
        /// The domain the policy is for.
        public var domain: String
        /// DKIM alignment mode, `r` (relaxed) or `s` (strict); `nil` when not reported (the 2.0 schema omits it).
        public var adkim: Alignment?
        /// SPF alignment mode, `r` or `s`; `nil` when not reported.
        public var aspf: Alignment?
        /// The policy for the domain: `none`, `quarantine` or `reject`; `nil` when not reported.
        public var p: Policy?
        /// The policy for subdomains; `nil` when not reported.
        public var sp: Policy?
        /// The percentage of mail the policy applies to; `nil` when not reported.
        public var pct: Int?

        /// Creates a published policy.
        public init(
            domain: String,
            adkim: Alignment? = nil,
            aspf: Alignment? = nil,
            p: Policy? = nil,
            sp: Policy? = nil,
            pct: Int? = nil
        ) {
            self.domain = domain
            self.adkim = adkim
            self.aspf = aspf
            self.p = p
            self.sp = sp
            self.pct = pct
        }
    }

    /// One `record`: messages from one source IP with one outcome.
    public struct Record: Sendable, Hashable, Codable {
        /// The sending server's IP address (`row/source_ip`), as written.
        public var sourceIP: String
        /// How many messages this row covers (`row/count`).
        public var count: Int
        /// What the receiver did: `none`, `quarantine`, `reject` (and `pass` in the 2.0 schema).
        public var disposition: Disposition
        /// The DMARC-aligned DKIM verdict (`policy_evaluated/dkim`): `pass` or `fail`; `nil` when not reported.
        public var dkim: Verdict?
        /// The DMARC-aligned SPF verdict (`policy_evaluated/spf`): `pass` or `fail`; `nil` when not reported.
        public var spf: Verdict?
        /// The RFC 5322 From domain (`identifiers/header_from`); empty when not reported.
        public var headerFrom: String
        /// The envelope sender's domain, when reported.
        public var envelopeFrom: String?
        /// The envelope recipient's domain, when reported.
        public var envelopeTo: String?
        /// Each DKIM signature's result (`auth_results/dkim`).
        public var dkimResults: [DKIMResult]
        /// Each SPF check's result (`auth_results/spf`).
        public var spfResults: [SPFResult]

        /// Creates a record.
        public init(
            sourceIP: String,
            count: Int,
            disposition: Disposition,
            dkim: Verdict?,
            spf: Verdict?,
            headerFrom: String,
            envelopeFrom: String? = nil,
            envelopeTo: String? = nil,
            dkimResults: [DKIMResult] = [],
            spfResults: [SPFResult] = []
        ) {
            self.sourceIP = sourceIP
            self.count = count
            self.disposition = disposition
            self.dkim = dkim
            self.spf = spf
            self.headerFrom = headerFrom
            self.envelopeFrom = envelopeFrom
            self.envelopeTo = envelopeTo
            self.dkimResults = dkimResults
            self.spfResults = spfResults
        }
    }

    /// One DKIM signature's verification result.
    public struct DKIMResult: Sendable, Hashable, Codable {
        /// The signing domain (`d=`).
        public var domain: String
        /// The selector (`s=`), when reported.
        public var selector: String?
        /// `none`, `pass`, `fail`, `policy`, `neutral`, `temperror` or `permerror`.
        public var result: AuthResult

        /// Creates a DKIM result.
        public init(domain: String, selector: String?, result: AuthResult) {
            self.domain = domain
            self.selector = selector
            self.result = result
        }
    }

    /// One SPF check's result.
    public struct SPFResult: Sendable, Hashable, Codable {
        /// The domain checked.
        public var domain: String
        /// What was checked, `mfrom` or `helo`, when reported.
        public var scope: String?
        /// `none`, `neutral`, `pass`, `fail`, `softfail`, `temperror` or `permerror`.
        public var result: AuthResult

        /// Creates an SPF result.
        public init(domain: String, scope: String?, result: AuthResult) {
            self.domain = domain
            self.scope = scope
            self.result = result
        }
    }
}
