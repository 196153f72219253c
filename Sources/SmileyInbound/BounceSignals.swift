import SmileyMIME

/// The clues that a message without an RFC 3464 report is a bounce: who sent it, its subject, and the words
/// mail servers write. A plain-text message is a bounce when at least two of the three agree, so a person who
/// forwards a bounce ("Fwd: Returned mail…", from a person) stays a reply.
enum BounceSignals {
    /// Local parts (and display names) mail servers send bounces from.
    static let daemonNames: Set<String> = [
        "mailer-daemon", "mailerdaemon", "mailer_daemon", "postmaster", "post_master", "mail-daemon", "mailer daemon",
        "mail.delivery.system", "mail delivery system", "mail delivery subsystem", "maildelivery", "mdaemon",
        "double-bounce", "mail administrator", "sysadmin",
    ]

    /// Why the sender looks like a mail server, or nil.
    static func daemonSender(_ headers: MIMEHeaders) -> String? {
        if let from = headers.raw("From") {
            for mailbox in AddressParser.parse(from) {
                let local = localPart(mailbox.address).lowercased()
                if daemonNames.contains(local) { return "From: \(mailbox.address) (a mail server)" }
                if mailbox.address == "<>" || mailbox.address.isEmpty {
                    return "From: has the null address <> (a mail server)"
                }
                if daemonNames.contains(mailbox.name.lowercased()) {
                    return "From: \"\(mailbox.name)\" (a mail server)"
                }
            }
        }
        if let path = headers.raw("Return-Path") {
            let local = localPart(path.trimming(" <>")).lowercased()
            if local == "mailer-daemon" || local == "double-bounce" { return "Return-Path: \(path) (a mail server)" }
        }
        return nil
    }

    /// The part of an address before its last `@` (the whole text when there is none).
    static func localPart(_ address: String) -> Substring {
        guard let at = address.lastIndex(of: "@") else { return Substring(address) }
        return address[..<at]
    }

    /// Subject phrases of delivery failure notices, lowercased, in several languages.
    static let subjectPhrases: PhraseList = [
        "undelivered mail", "undeliverable", "undelivered", "delivery status notification", "mail delivery failed",
        "failure notice", "returned mail", "delivery failure", "delivery failed", "failed delivery",
        "failure delivery", "mail system error", "delayed mail", "warning: message", "could not send",
        "could not be delivered", "non-delivery", "nondeliverable", "not delivered", "returned to sender",
        "mail failure", "delivery has failed", "error sending your mail", "delivery status", "error mail report",
        "postmaster notify", "mail failed", "delivery notification", "bounce", "unzustellbar", "nicht zustellbar",
        "non remis", "non recapitabile", "no se puede entregar", "onbestelbaar", "не доставлено", "配信できません",
        "未送達", "無法傳遞", "退信", "系统退信", "could not be delivered", "delivery problem", "mail delivery problem", "メールエラー",
        "エラー通知",
    ]

    /// Why the subject reads like a bounce, or nil. Replies and forwards (`Re:`, `Fwd:`, `AW:`…) never count.
    /// - Parameters:
    ///   - subject: The decoded Subject (``SmileyMIME/ParsedMessage/subject``).
    ///   - searchText: The subject prepared for phrase searches (any trimming of leading and trailing spaces,
    ///     tabs, brackets and stars: no phrase starts or ends with them), shared with other searches.
    static func subject(_ subject: String?, searchText: LoweredText? = nil) -> String? {
        guard let subject else { return nil }
        // Lowercasing neither makes nor removes spaces or tabs: trim, then search ASCII-case-insensitively.
        let trimmed = subject.trimming(" \t")
        let replyPrefixes: [StaticString] = [
            "re:", "re :", "fwd:", "fw:", "aw:", "wg:", "tr:", "sv:", "vs:", "rv:", "r:",
        ]
        for prefix in replyPrefixes where ASCIISearch.hasPrefix(trimmed, prefix) {
            return nil
        }
        guard let phrase = ASCIISearch.firstContained(in: searchText ?? LoweredText(trimmed), of: subjectPhrases) else {
            return nil
        }
        return "Subject: \"\(subject)\" (says \"\(phrase)\")"
    }

    /// What mail servers write in a failure notice, lowercased.
    static let bodyPhrases: PhraseList = [
        "qmail-send program", "created automatically by mail delivery software", "could not be delivered",
        "couldn't be delivered", "wasn't able to deliver", "was not able to deliver", "unable to deliver",
        "not able to deliver", "delivery to the following recipient", "did not reach the following recipient",
        "permanent fatal error", "failed permanently", "permanent error", "following address(es) failed",
        "following addresses had", "delivery has failed", "error delivering your mail", "could not deliver",
        "trouble delivering", "undeliverable", "user unknown", "unknown user", "no such user", "mailbox unavailable",
        "recipient address rejected", "delivery failed", "not be delivered", "has not been delivered",
        "not yet been delivered", "smtp error", "invalid user", "mailbox full", "mailbox is full", "quota exceeded",
        "returned mail", "was undeliverable", "delivery status notification", "still being retried",
        "transcript of session", "delivery attempts will continue", "could not be sent", "mail system at host",
        "rejected your message", "recipient's mailbox", "message was rejected", "your message was rejected",
        "returned as undeliverable", "delivery failure", "deferred", "host unknown", "не может быть доставлено",
        "error has occurred while attempting to deliver", "envelope expired", "送信できませんでした", "配信できませんでした",
    ]

    /// Why the server's own text reads like a failure notice, or nil.
    static func body(_ diagnosticText: String) -> String? {
        guard let phrase = ASCIISearch.firstContained(in: diagnosticText, of: bodyPhrases) else { return nil }
        return "Body says \"\(phrase)\""
    }
}
