/// The links one recipient's survey carries: one per rating, the reply address, and unsubscribe.
public struct SurveyLinks: Sendable, Hashable {
    /// One link per rating, best first (the order the email shows them).
    public let ratings: [(rating: Rating, url: String)]
    /// The Reply-To address: `feedback+TOKEN@replyDomain`.
    public let replyAddress: ReplyAddress
    /// Where "unsubscribe" in the footer and the `List-Unsubscribe` header point (https or mailto).
    public let unsubscribeURL: String
    /// The mailto: unsubscribe address, always present (List-Unsubscribe lists both when https is available).
    public let unsubscribeMailto: String
    /// The one-click (RFC 8058) https unsubscribe URL, when the survey has a web side.
    public let oneClickUnsubscribeURL: String?

    /// Builds the links for a signed token.
    /// - Parameters:
    ///   - survey: the survey, whose link mode decides https or mailto links.
    ///   - token: the recipient's signed token (``TokenKeyring/sign(surveyID:recipientID:issuedAt:)``).
    ///   - subjectForMailto: the subject prefilled in `mailto:` rating links (already in the recipient's language).
    public init(survey: Survey, token: String, subjectForMailto: String) {
        replyAddress = ReplyAddress(survey: survey, token: token)
        let unsubscribeAddress = ReplyAddress(
            mailbox: survey.replyLocalPart,
            token: token,
            ratingCode: "unsubscribe",
            domain: survey.replyDomain
        )
        unsubscribeMailto = "mailto:\(unsubscribeAddress.address)?subject=unsubscribe"
        switch survey.linkMode {
        case .https(let baseURL):
            let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            ratings = survey.scale.ratingsForDisplay.map { ($0, "\(base)/r/\(token)/\($0.code)") }
            oneClickUnsubscribeURL = "\(base)/u/\(token)"
            unsubscribeURL = "\(base)/u/\(token)"
        case .mailto:
            let subject = PercentEncoding.encodeQueryValue(subjectForMailto)
            ratings = survey.scale.ratingsForDisplay.map { rating in
                let address = ReplyAddress(survey: survey, token: token, rating: rating).address
                return (rating, "mailto:\(address)?subject=\(subject)")
            }
            oneClickUnsubscribeURL = nil
            unsubscribeURL = unsubscribeMailto
        }
    }

    public static func == (lhs: SurveyLinks, rhs: SurveyLinks) -> Bool {
        lhs.ratings.map(\.rating) == rhs.ratings.map(\.rating) && lhs.ratings.map(\.url) == rhs.ratings.map(\.url)
            && lhs.replyAddress == rhs.replyAddress && lhs.unsubscribeURL == rhs.unsubscribeURL
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(replyAddress)
        hasher.combine(ratings.map(\.url))
    }
}

/// RFC 3986 percent-encoding for the query values of links.
package enum PercentEncoding {
    /// Encodes everything but unreserved characters (`A–Z a–z 0–9 - . _ ~`), UTF-8 first.
    package static func encodeQueryValue(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 3)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)
}
