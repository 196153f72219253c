/// Corpus messages where SmileyMIME deliberately reads something differently from Python's `email` package
/// (`policy=default`), with the reason. `CorpusTests` leaves them out of the agreement rate and fails if one
/// of them starts agreeing, so the list cannot go stale.
enum KnownDifferences {
    static let legacyLabelButUTF8 =
        "bytes labelled with a legacy charset are valid UTF-8: we read UTF-8 (CharsetDecoder rule), Python decodes with the label"
    static let eightBitAsWindows1252 =
        "undeclared or us-ascii text with 8-bit bytes: we read windows-1252 as mail clients do, Python writes U+FFFD"
    static let lenientBoundary =
        "unquoted boundary containing '=' (boundary=----=_NextPart…): we take the whole value and find the parts, Python drops the boundary and sees no body"

    static let iso2022 =
        "ISO-2022-JP body that Python's strict codec turns into U+FFFD; glibc iconv (ISO-2022-JP-2) decodes readable Japanese"

    static let files: [String: String] = [
        "sisimai-set-of-emails/maildir/bsd/lhost-kddi-01.eml": iso2022,
        "sisimai-set-of-emails/maildir/err/make-test-06.eml": iso2022,
        "sisimai-set-of-emails/maildir/err/make-test-09.eml": iso2022,
        "sisimai-set-of-emails/maildir/err/make-test-11.eml": iso2022,
        "sisimai-set-of-emails/maildir/err/make-test-31.eml": iso2022,
        "sisimai-set-of-emails/maildir/bsd/lhost-exchange2007-04.eml":
            "malformed ISO-2022-JP encoded-word in Subject: we decode it, Python leaves it encoded",
        "sisimai-set-of-emails/maildir/bsd/lhost-x1-02.eml":
            "first part 'Content-Type: text/plain' + continuation 'charset=…' without ';': we read text/plain with its charset and take it as the body, Python skips to a later part",
        "sisimai-set-of-emails/maildir/bsd/rfc3464-66.eml":
            "'text/plain; charset=ISO-8859-1' holding a PNG: we decode ISO-8859-1 as windows-1252 (WHATWG), Python as strict latin-1, so bytes 0x80–0x9F differ",
        "mikel-mail/messages/attachment_emails/attachment_pdf_non_ascii.eml": legacyLabelButUTF8,
        "mikel-mail/messages/attachment_emails/attachment_pdf_non_ascii_lf.eml": legacyLabelButUTF8,
        "mikel-mail/messages/error_emails/content_transfer_encoding_7-bit.eml": legacyLabelButUTF8,
        "stalwart-mail-parser/thirdparty/010.eml": legacyLabelButUTF8,
        "mikel-mail/messages/error_emails/content_transfer_encoding_plain.eml": eightBitAsWindows1252,
        "mikel-mail/messages/plain_emails/raw_email5.eml": eightBitAsWindows1252,
        "mikel-mail/messages/plain_emails/raw_email6.eml": eightBitAsWindows1252,
        "mikel-mail/messages/error_emails/invalid_subject_characters.eml":
            "raw latin-1 bytes in Subject: we read windows-1252 (\"Formação\"), Python writes U+FFFD",
        "flanker/messages/mailformed-headers.eml":
            "raw 8-bit byte in Subject: we read windows-1252, Python writes U+FFFD",
        "flanker/messages/spam/broken-headers.eml":
            "raw 8-bit byte in Subject: we read windows-1252 (…), Python writes U+FFFD",
        "mikel-mail/messages/mime_emails/raw_email_with_illegal_boundary.eml": lenientBoundary,
        "mikel-mail/messages/plain_emails/raw_email_bad_time.eml": lenientBoundary,
        "mikel-mail/messages/rfc2822/example13.eml":
            "RFC 5322 obsolete syntax allows whitespace before the colon ('To    : Mary'); we read those fields, Python ends the header block there",
        "stalwart-mail-parser/malformed/019.eml":
            "first line 'Fro :uMmlti …' has whitespace before the colon; we read it as a field and parse the headers after it, Python takes the whole message as body",
        "mikel-mail/messages/plain_emails/mix_caps_content_type.eml":
            "'From: Big Bug bb@bug.com' is not an address; we join the words (BigBugbb@bug.com), Python quotes them (\"Big Bug bb\"@bug.com)",
        "mikel-mail/messages/plain_emails/raw_email_with_at_display_name.eml":
            "unquoted '@' in a display name ('Mikel@Lindsaar <raasdnil@gmail.com>'): we take the bracketed address, Python the name",
        "mikel-mail/messages/error_emails/missing_body.eml":
            "'<Undisclosed-Recipient:@mailman.enron.com;>' inside angle brackets: we keep the bracket content, Python reads a group name",
        "flanker/messages/disposition-notification.eml":
            "Date 'Wed, 20 Sep 1995 00:19:00 (EDT) -0400': a comment is not a zone, so -0400 applies (04:19Z); Python takes 00:19Z",
    ]
}
