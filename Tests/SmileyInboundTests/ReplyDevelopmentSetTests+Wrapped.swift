import Testing

@testable import SmileyInbound

extension ReplyDevelopmentSetTests {
    // MARK: - Verb-less dated addresses

    static let datedAddressCases: [Case] = [
        (
            "ru", "Gmail", "…, … г. в …, … <…>:",
            """
            Нормально. Ноутбук починили, но только со второго раза.

            вт, 12 мар. 2024 г. в 10:04, Иван Петров <ivan@example.ru>:

            > Как мы справились? Ответьте: Хорошо, Нормально или Плохо.
            """,
            "Нормально. Ноутбук починили, но только со второго раза.", .datedAddress
        ),
        (
            "ja", "Gmail", "…年…月…日(…) … … <…>:",
            """
            普通。パスワードはリセットできましたが、少し時間がかかりました。

            2024年3月12日(火) 10:04 山田太郎 <taro@example.jp>:

            > 対応はいかがでしたか？「良い」「普通」「悪い」のいずれかでご返信ください。
            """,
            "普通。パスワードはリセットできましたが、少し時間がかかりました。", .datedAddress
        ),
        (
            "en", "Gmail", "ISO date, GMT offset, … <…>:",
            """
            Good, the new headset works.

            2024-03-12 10:04 GMT+01:00 Acme Support <support@acme.example>:

            > How did we do? Reply with Good, OK or Bad.
            """,
            "Good, the new headset works.", .datedAddress
        ),
    ]

    // MARK: - Wrapped, bottom-posted and invisible characters

    static let wrappedAndBottomPostedCases: [Case] = [
        (
            "en", "Gmail via Outlook", "attribution wrapped over two lines by <mailto:…>",
            """
            Good, thanks. Everything works.

            On Tue, Mar 12, 2024 at 10:04 AM Acme Support <support@acme.example<mailto:support@acme.example>>
            wrote:

            > How did we do? Reply with Good, OK or Bad.
            """,
            "Good, thanks. Everything works.", .attribution
        ),
        (
            "en", "Gmail via Outlook", "attribution wrapped over three lines",
            """
            OK. The scanner works, the printer does not yet.

            On Tue, Mar 12, 2024 at 10:04 AM Acme Support <
            support@acme.example<mailto:support@acme.example>>
            wrote:

            > How did we do? Reply with Good, OK or Bad.
            """,
            "OK. The scanner works, the printer does not yet.", .attribution
        ),
        (
            "en", "Gmail", "a narrow no-break space before AM",
            """
            Good. The shared drive is back.

            On Tue, Mar 12, 2024 at 10:04\u{202F}AM Acme Support <support@acme.example> wrote:

            > How did we do? Reply with Good, OK or Bad.
            """,
            "Good. The shared drive is back.", .attribution
        ),
        (
            "en", "Zoho Mail", "---- On … <…> wrote ----",
            """
            Good, the new monitor arrived this morning.

            ---- On Tue, 12 Mar 2024 10:04:00 +0100 Acme Support <support@acme.example> wrote ----

            How did we do? Reply with Good, OK or Bad.
            """,
            "Good, the new monitor arrived this morning.", .attribution
        ),
        (
            "en", "Thunderbird", "bottom-posted below the quote",
            """
            On 12/03/2024 10:04, Acme Support wrote:
            > How did we do? Reply with Good, OK or Bad.
            >
            > Ticket #4821: the printer on the second floor does not print.

            OK. It works now, but it took three days.
            """,
            "OK. It works now, but it took three days.", .attribution
        ),
        (
            "en", "Gmail", "bottom-posted, a quoted line wrapped without its >",
            """
            On Tue, Mar 12, 2024 at 10:04 AM Acme Support <support@acme.example> wrote:
            > How did we do? Please reply with one word: Good, OK or Bad, and add a
            comment if you like.
            > Thanks, Support

            Bad. Nobody called me back about the broken docking station.
            """,
            "Bad. Nobody called me back about the broken docking station.", .attribution
        ),
        (
            "en", "Thunderbird, no reply header", "a quoted line wrapped without its >",
            """
            > How did we do? Please reply with one word: Good, OK or Bad, and add a
            comment if you like.
            > Thanks, Support

            Good. Quick and friendly, thank you.
            """,
            "Good. Quick and friendly, thank you.", .quotedLines
        ),
        (
            "en", "Gmail", "byte-order mark, zero-width spaces, a line of zero-width joiners",
            """
            \u{FEFF}Good\u{200B}
            The VPN works from home now.\u{200B}
            \u{200B}
            \u{200D}\u{200D}\u{200D}\u{200D}\u{200D}\u{200D}

            On Tue, Mar 12, 2024 at 10:04 AM Acme Support <support@acme.example> wrote:

            > How did we do? Reply with Good, OK or Bad.
            """,
            "Good\nThe VPN works from home now.", .attribution
        ),
        (
            "en", "Outlook (bottom-posting)", "-----Original Message----- and header block at the top, answer below",
            """
            -----Original Message-----
            From: Acme Support <support@acme.example>
            Sent: Tuesday, March 12, 2024 10:04 AM
            To: Jane Doe <jane@example.com>
            Subject: How did we do?

            > How did we do? Reply with Good, OK or Bad.

            Good. The VPN works again.
            """,
            "Good. The VPN works again.", .separator
        ),
        (
            "nl", "webmail (bottom-posting)", "Op … schreef …: at the top, answer below it, unindented",
            """
            Op di 12 mrt 2024 om 10:04 schreef Acme Support <support@acme.example>:

            Prima, de printer doet het weer.
            """,
            "Prima, de printer doet het weer.", .attribution
        ),
        (
            "lt", "Gmail", "… rašė:",
            """
            Gerai, spausdintuvas vėl veikia.

            2024-03-12, an, 10:04, Acme Support <support@acme.example> rašė:

            > Kaip mums sekėsi?
            """,
            "Gerai, spausdintuvas vėl veikia.", .attribution
        ),
        (
            "sw", "Gmail", "a language without forms: … <address> with a time, ending in a colon",
            """
            Vizuri, asante sana.

            Jumanne, 12 Machi 2024 saa 10:04, Acme Support <support@acme.example> aliandika:

            > How did we do?
            """,
            "Vizuri, asante sana.", .datedAddress
        ),
    ]
}
