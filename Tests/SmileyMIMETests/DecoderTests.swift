import Foundation
import SmileyMIME
import Testing

/// Hand-made tricky inputs for each decoder: RFC 2047, RFC 2231, charsets, quoted-printable, base64,
/// addresses and dates.
@Suite("Parsing: decoders")
struct DecoderTests {
    /// The decoded value of one header in a minimal message.
    static func header(_ name: String, _ value: String) -> String? {
        ParsedMessage.parse(Array("\(name): \(value)\r\n\r\nbody\r\n".utf8)).headers[name]
    }

    static func bytes(hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            out.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return out
    }

    @Test(arguments: [
        // A UTF-8 character split across two adjacent words: bytes are joined before decoding.
        ("=?UTF-8?Q?M=C3?= =?UTF-8?Q?=BCller?=", "Müller"),
        ("=?UTF-8?B?w6Q=?==?UTF-8?B?w7Y=?=", "äö"),
        // Whitespace between adjacent encoded-words is dropped (the README's double-space case).
        ("=?utf-8?b?0KHQu9GD0YfQsNC50L3QsNGP?= =?utf-8?b?INCY0LzRjw==?=", "Случайная Имя"),
        ("=?UTF-8?Q?Hello?=\r\n =?UTF-8?Q?_World?=", "Hello World"),
        // Text between words keeps its spaces.
        ("=?UTF-8?Q?a?= b =?UTF-8?Q?c?=", "a b c"),
        // No spaces around, lowercase encoding and charset, Q with a literal space.
        ("foo=?UTF-8?Q?bar?=baz", "foobarbaz"),
        ("=?utf-8?q?caf=c3=a9?=", "café"),
        ("=?UTF-8?Q?hello world?=", "hello world"),
        // Different charsets next to each other, a language suffix (RFC 2231).
        ("=?ISO-8859-1?Q?=E9?= =?UTF-8?Q?=C3=A9?=", "éé"),
        ("=?UTF-8*de?Q?Gr=C3=BC=C3=9Fe?=", "Grüße"),
        ("=?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?=", "こんにちは"),
        ("=?Shift_JIS?B?k/qWe4zq?=", "日本語"),
        ("=?GB2312?B?1tDOxNPKvP4=?=", "中文邮件"),
        ("=?KOI8-R?B?8NLJ18XU?=", "Привет"),
        ("=?ks_c_5601-1987?B?vsiz58fPvLy/5A==?=", "안녕하세요"),
        // Malformed words stay literal; bad base64 padding is tolerated.
        ("=?UTF-8?X?abc?= ok", "=?UTF-8?X?abc?= ok"),
        ("=?UTF-8?Q?unterminated", "=?UTF-8?Q?unterminated"),
        ("=?UTF-8?B?w6Q?=", "ä"),
        // A decoded CR/LF never reaches the caller.
        ("=?UTF-8?Q?a=0D=0Ab?=", "a  b"),
    ])
    func encodedWords(raw: String, decoded: String) {
        #expect(Self.header("Subject", raw) == decoded)
    }

    @Test func rawEightBitHeaderBytes() {
        let latin1 = ParsedMessage.parse([UInt8]("Subject: Forma".utf8) + [0xE7, 0xE3] + [UInt8]("o\r\n\r\n".utf8))
        #expect(latin1.headers["subject"] == "Formação")
        let utf8 = ParsedMessage.parse(Array("Subject: Grüße\n\n".utf8))
        #expect(utf8.headers["subject"] == "Grüße")
    }

    @Test func rfc2231Parameters() throws {
        let message = ParsedMessage.parse(
            Array(
                """
                Content-Type: multipart/mixed; boundary="b"

                --b
                Content-Type: application/pdf; name*0*=UTF-8''%E2%82%AC%20rates; name*1*=%20Q3; name*2=.pdf
                Content-Disposition: attachment

                x
                --b
                Content-Type: text/plain
                Content-Disposition: attachment; filename*=iso-8859-1'en'%A3%20list.txt

                y
                --b
                Content-Type: image/png
                Content-Disposition: inline; filename="=?UTF-8?Q?L=C3=A4cheln.png?="

                z
                --b--

                """.utf8
            )
        )
        let parts = message.root.children
        try #require(parts.count == 3)
        #expect(parts[0].filename == "€ rates Q3.pdf")
        #expect(parts[1].filename == "£ list.txt")
        #expect(parts[2].filename == "Lächeln.png")
        #expect(message.attachments.map(\.name) == ["€ rates Q3.pdf", "£ list.txt", "Lächeln.png"])
        #expect(message.textBody == nil)
    }

    @Test func charsetDecoder() {
        #expect(CharsetDecoder.decode([0x80, 0x20, 0x93, 0x71, 0x94], charset: "windows-1252").text == "€ “q”")
        #expect(CharsetDecoder.decode(Self.bytes(hex: "f0d2c9d7c5d4"), charset: "koi8-r") == ("Привет", nil))
        #expect(CharsetDecoder.decode(Self.bytes(hex: "93fa967b8cea"), charset: "x-sjis").text == "日本語")
        #expect(CharsetDecoder.decode(Self.bytes(hex: "d6d0cec4d3cabcfe"), charset: "GB18030").text == "中文邮件")
        #expect(
            CharsetDecoder.decode(Self.bytes(hex: "bec8b3e7c7cfbcbcbfe4"), charset: "KS_C_5601-1987").text == "안녕하세요"
        )
        #expect(
            CharsetDecoder.decode(Self.bytes(hex: "1b244224332473244b2441244f1b2842"), charset: "iso-2022-jp").text
                == "こんにちは"
        )
        // UTF-8 bytes labelled Big5: read as UTF-8, with a warning.
        let mislabelled = CharsetDecoder.decode(Array("中文 text".utf8), charset: "big5")
        #expect(mislabelled.text == "中文 text")
        #expect(mislabelled.warning != nil)
        // Unknown charset: UTF-8 when valid, else windows-1252; both warn.
        let unknownUTF8 = CharsetDecoder.decode(Array("Grüße".utf8), charset: "x-nonsense")
        #expect(unknownUTF8.text == "Grüße" && unknownUTF8.warning != nil)
        let unknownLatin = CharsetDecoder.decode([0x47, 0x72, 0xFC, 0xDF, 0x65], charset: "x-nonsense")
        #expect(unknownLatin.text == "Grüße" && unknownLatin.warning != nil)
        // Invalid in the declared charset and not UTF-8: replacement characters and a warning.
        let broken = CharsetDecoder.decode([0x41, 0xFF, 0x42], charset: "utf-8")
        #expect(broken.text == "A\u{FFFD}B" && broken.warning != nil)
        // ASCII needs no conversion, whatever the label.
        #expect(CharsetDecoder.decode(Array("plain".utf8), charset: "iso-8859-15") == ("plain", nil))
    }

    static func body(encoding: String, _ body: String, charset: String = "utf-8") -> String? {
        ParsedMessage.parse(
            Array(
                "Content-Type: text/plain; charset=\(charset)\r\nContent-Transfer-Encoding: \(encoding)\r\n\r\n\(body)"
                    .utf8
            )
        ).textBody
    }

    @Test func quotedPrintableDecoding() {
        #expect(Self.body(encoding: "quoted-printable", "Gr=C3=BC=c3=9Fe=\r\n aus K=C3=B6ln") == "Grüße aus Köln")
        #expect(Self.body(encoding: "Quoted-Printable", "a = b =3D c=\nd  \t\r\nnext") == "a = b = cd\r\nnext")
        #expect(Self.body(encoding: "quoted-printable", "bad =ZZ hex =4") == "bad =ZZ hex =4")
        #expect(Self.body(encoding: "quoted-printable", "=E9t=E9", charset: "iso-8859-1") == "été")
    }

    @Test func base64Decoding() {
        #expect(Self.body(encoding: "base64", "R3LDvMOfZQ==") == "Grüße")
        #expect(Self.body(encoding: "base64", "R3LDv\r\nMOfZQ") == "Grüße")  // missing padding
        #expect(Self.body(encoding: "base64", "R3L*DvM!OfZQ=\r\n=") == "Grüße")  // stray characters
        #expect(Self.body(encoding: "base64", "QQ==Qg==") == "AB")  // concatenated chunks
    }

    @Test func eightBitAndLFOnlyBodies() {
        let message = ParsedMessage.parse(
            Array("Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\nÄ\nB\n".utf8)
        )
        #expect(message.textBody == "Ä\nB\n")
    }

    @Test(arguments: [
        (
            "\"Doe, John\" <john@example.com>, Jane <jane@example.com>",
            [
                Mailbox(name: "Doe, John", address: "john@example.com"),
                Mailbox(name: "Jane", address: "jane@example.com"),
            ]
        ),
        (
            "team: a@example.com, \"B\" <b@example.com>;, c@example.com",
            [
                Mailbox(address: "a@example.com"), Mailbox(name: "B", address: "b@example.com"),
                Mailbox(address: "c@example.com"),
            ]
        ),
        (
            "Pete(A wonderful \\) chap) <pete(his account)@silly.test(his host)>",
            [Mailbox(name: "Pete", address: "pete@silly.test")]
        ),
        ("foo@bar.com (Foo Bar)", [Mailbox(address: "foo@bar.com")]),
        ("=?UTF-8?Q?J=C3=B6rg_M=C3=BCller?= <jm@example.de>", [Mailbox(name: "Jörg Müller", address: "jm@example.de")]),
        ("\"=?UTF-8?Q?J=C3=B6rg?=\" <j@example.de>", [Mailbox(name: "Jörg", address: "j@example.de")]),
        ("<@relay.example:user@example.com>", [Mailbox(address: "user@example.com")]),
        ("<>", [Mailbox(address: "<>")]),
        ("undisclosed-recipients:;", []),
        (
            "\"quoted \\\"inner\\\" name\" <q@example.com>",
            [Mailbox(name: "quoted \"inner\" name", address: "q@example.com")]
        ),
    ])
    func addresses(raw: String, expected: [Mailbox]) {
        #expect(AddressParser.parse(raw) == expected)
    }

    @Test(arguments: [
        ("Tue, 24 Nov 2026 10:00:00 +0000", "2026-11-24T10:00:00Z"),
        ("24 Nov 2026 11:30 +0100", "2026-11-24T10:30:00Z"),  // no weekday, no seconds
        ("Mon, 6 Jun 05 22:21:22 EDT", "2005-06-07T02:21:22Z"),  // two-digit year, obsolete zone
        ("Fri, 21 Nov 97 09:55:06 PST", "1997-11-21T17:55:06Z"),
        ("Thu, 1 Jan 101 00:00:00 GMT", "2001-01-01T00:00:00Z"),  // three-digit year (+1900)
        ("Fri, 21 Nov 1997 09(comment):   55  :  06 -0600", "1997-11-21T15:55:06Z"),
        ("Tue, 029 Apr 2019 23:34:45 -0800 (PST)", "2019-04-30T07:34:45Z"),
        ("Wed, 17 Jul 2024 10:00:00 A", "2024-07-17T10:00:00Z"),  // military zone: unknown, UTC
        ("Sat, 14 Jun 2003 10:00:00+0200", "2003-06-14T08:00:00Z"),
    ])
    func dates(raw: String, iso: String) {
        #expect(CorpusComparison.isoDate(RFC5322Date.parse(raw)) == iso)
    }

    @Test func hopelessDatesAreNil() {
        #expect(RFC5322Date.parse("") == nil)
        #expect(RFC5322Date.parse("yesterday") == nil)
        #expect(RFC5322Date.parse("32 Foo 2026") == nil)
    }

    /// A fuzzer found a Received-style date whose year ran on into other digits: the seconds since 1970
    /// overflowed and the parse trapped. Years past 9999 are no date (as for Python), in a header or a message.
    @Test(arguments: ["10000", "201000000001111", String(Int.max)])
    func yearsBeyondFourDigitsAreNil(year: String) {
        #expect(RFC5322Date.parse("Fri, 12 Dec \(year) 03:49:58 -0800") == nil)
        #expect(RFC5322Date.parse("Fri, 12 Dec \(year)\r\n\t(comment) for <a@example.com>; 23:45:10 -0000") == nil)
        let message = ParsedMessage.parse(Array("Date: Fri, 12 Dec \(year) 03:49:58 -0800\r\n\r\nbody\r\n".utf8))
        #expect(message.headers.raw("date").flatMap(RFC5322Date.parse) == nil)
    }

    @Test func yearNineThousandNineHundredNinetyNineIsADate() {
        #expect(
            CorpusComparison.isoDate(RFC5322Date.parse("Fri, 31 Dec 9999 23:59:59 +0000")) == "9999-12-31T23:59:59Z"
        )
    }
}
