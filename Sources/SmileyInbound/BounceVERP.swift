import SmileyCore
import SmileyMIME

/// Finds the token of a VERP return address, `bounces+TOKEN@domain`, that a bounce was sent back to.
enum BounceVERP {
    /// The first token found in To, Delivered-To (every one), X-Original-To, then the envelope recipient.
    /// - Parameters:
    ///   - headers: The bounce's top-level headers.
    ///   - envelopeRecipient: The address the relay delivered to (e.g. Postfix's `${recipient}`), if passed.
    static func token(in headers: MIMEHeaders, envelopeRecipient: String?) -> String? {
        var candidates: [String] = []
        for key in ["to", "delivered-to", "x-original-to"] {
            // A VERP address holds a '+' as written (`bounces+TOKEN@`): a field without one (most To fields) is
            // not parsed for addresses at all.
            for field in headers.fields where field.key == key && field.rawValue.contains(0x2B) {
                candidates += AddressParser.parse(field.unfoldedValue).map(\.address)
            }
        }
        if let envelopeRecipient { candidates.append(envelopeRecipient.trimming(" \t<>")) }
        for candidate in candidates {
            if let address = ReplyAddress(parsing: candidate), address.isBounce {
                return address.token
            }
        }
        return nil
    }
}
