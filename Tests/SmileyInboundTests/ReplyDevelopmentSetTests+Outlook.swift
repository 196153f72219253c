import Testing

@testable import SmileyInbound

extension ReplyDevelopmentSetTests {
    // MARK: - Separators between dashes

    static let separatorCases: [Case] = [
        (
            "en", "Outlook", "-----Original Message-----",
            """
            Good. Thanks, the printer works again.

            -----Original Message-----
            From: Acme Support [mailto:support@acme.example]
            Sent: Tuesday, March 12, 2024 10:04 AM
            To: Jane Doe
            Subject: How did we do? [Ticket #4821]

            How did we do? Reply with Good, OK or Bad.
            """,
            "Good. Thanks, the printer works again.", .separator
        ),
        (
            "de", "Outlook", "-----Ursprüngliche Nachricht-----",
            """
            Gut, danke!

            -----Ursprüngliche Nachricht-----
            Von: Acme Support [mailto:support@acme.example]
            Gesendet: Dienstag, 12. März 2024 10:04
            An: Jana Schmidt
            Betreff: Wie war unser Support? [Ticket #4821]

            Wie war unser Support? Antworten Sie mit Gut, OK oder Schlecht.
            """,
            "Gut, danke!", .separator
        ),
        (
            "fr", "Outlook", "-----Message d'origine-----",
            """
            Mauvais. Le problème de VPN n'est toujours pas réglé.

            -----Message d'origine-----
            De : Acme Support [mailto:support@acme.example]
            Envoyé : mardi 12 mars 2024 10:04
            À : Jeanne Dupont
            Objet : Comment s'est passée votre demande ? [Ticket #4821]

            Comment s'est passée votre demande ? Répondez Bien, OK ou Mauvais.
            """,
            "Mauvais. Le problème de VPN n'est toujours pas réglé.", .separator
        ),
        (
            "pl", "Outlook", "-----Oryginalna wiadomość-----",
            """
            Dobrze, dziękuję za szybką pomoc.

            -----Oryginalna wiadomość-----
            Od: Acme Support [mailto:support@acme.example]
            Wysłano: wtorek, 12 marca 2024 10:04
            Do: Jan Kowalski
            Temat: Jak nam poszło? [Ticket #4821]

            Jak nam poszło? Odpowiedz: Dobrze, OK lub Źle.
            """,
            "Dobrze, dziękuję za szybką pomoc.", .separator
        ),
        (
            "ru", "Outlook", "-----Исходное сообщение-----",
            """
            Хорошо. Спасибо, всё работает.

            -----Исходное сообщение-----
            От: Acme Support [mailto:support@acme.example]
            Отправлено: 12 марта 2024 г. 10:04
            Кому: Иван Петров
            Тема: Как мы справились? [Ticket #4821]

            Как мы справились? Ответьте: Хорошо, Нормально или Плохо.
            """,
            "Хорошо. Спасибо, всё работает.", .separator
        ),
        (
            "ja", "Outlook", "-----元のメッセージ-----",
            """
            良い。すぐに対応していただき、ありがとうございました。

            -----元のメッセージ-----
            差出人: Acme Support [mailto:support@acme.example]
            送信日時: 2024年3月12日 10:04
            宛先: 山田 太郎
            件名: 対応はいかがでしたか？ [Ticket #4821]

            対応はいかがでしたか？「良い」「普通」「悪い」のいずれかでご返信ください。
            """,
            "良い。すぐに対応していただき、ありがとうございました。", .separator
        ),
        (
            "zh-Hans", "QQ Mail", "------------------ 原始邮件 ------------------",
            """
            差。打印机还是不能用。

            ------------------ 原始邮件 ------------------
            发件人: "Acme Support"<support@acme.example>;
            发送时间: 2024年3月12日(星期二) 上午10:04
            收件人: "张伟"<zhangwei@example.cn>;
            主题: 我们的服务如何？

            我们的服务如何？请回复：好、一般或差。
            """,
            "差。打印机还是不能用。", .separator
        ),
        (
            "en", "Gmail", "---------- Forwarded message ---------",
            """
            Forwarding this from my private address: Good, the new phone works.

            ---------- Forwarded message ---------
            From: Acme Support <support@acme.example>
            Date: Tue, Mar 12, 2024 at 10:04 AM
            Subject: How did we do? [Ticket #4821]
            To: <jane.doe@example.com>

            How did we do? Reply with Good, OK or Bad.
            """,
            "Forwarding this from my private address: Good, the new phone works.", .separator
        ),
    ]

    // MARK: - Outlook header blocks

    static let headerBlockCases: [Case] = [
        (
            "en", "Outlook", "From: / Sent: / To: / Subject:",
            """
            Good, the new docking station works.

            Jane

            From: Acme Support <support@acme.example>
            Sent: Tuesday, March 12, 2024 10:04 AM
            To: Jane Doe <jane.doe@example.com>
            Subject: How did we do? [Ticket #4821]

            How did we do? Reply with Good, OK or Bad.
            """,
            "Good, the new docking station works.\n\nJane", .headerBlock
        ),
        (
            "fr", "Outlook", "De : / Envoyé : / À : / Objet :",
            """
            Bien. Merci pour la rapidité.

            De : Acme Support <support@acme.example>
            Envoyé : mardi 12 mars 2024 10:04
            À : Jeanne Dupont <jeanne.dupont@example.fr>
            Objet : Comment s'est passée votre demande ? [Ticket #4821]

            Comment s'est passée votre demande ? Répondez Bien, OK ou Mauvais.
            """,
            "Bien. Merci pour la rapidité.", .headerBlock
        ),
        (
            "fr", "Outlook", "indented De : / Envoyé : / À : / Objet :",
            """
            OK. Le poste fonctionne, mais l'écran reste flou.

                De : Acme Support <support@acme.example>
                Envoyé : mardi 12 mars 2024 10:04
                À : Jeanne Dupont <jeanne.dupont@example.fr>
                Objet : Comment s'est passée votre demande ? [Ticket #4821]

                Comment s'est passée votre demande ? Répondez Bien, OK ou Mauvais.
            """,
            "OK. Le poste fonctionne, mais l'écran reste flou.", .headerBlock
        ),
        (
            "de", "Outlook", "Von: / Gesendet: / An: / Betreff:",
            """
            Gut. Der neue Laptop läuft.

            Von: Acme Support <support@acme.example>
            Gesendet: Dienstag, 12. März 2024 10:04
            An: Jana Schmidt <jana.schmidt@example.de>
            Betreff: Wie war unser Support? [Ticket #4821]

            Wie war unser Support? Antworten Sie mit Gut, OK oder Schlecht.
            """,
            "Gut. Der neue Laptop läuft.", .headerBlock
        ),
        (
            "es", "Outlook", "De: / Enviado el: / Para: / Asunto:",
            """
            Mal. Sigo sin poder imprimir desde el portátil.

            De: Acme Support <support@acme.example>
            Enviado el: martes, 12 de marzo de 2024 10:04
            Para: Juan Pérez <juan.perez@example.es>
            Asunto: ¿Qué tal lo hicimos? [Ticket #4821]

            ¿Qué tal lo hicimos? Responda Bien, Regular o Mal.
            """,
            "Mal. Sigo sin poder imprimir desde el portátil.", .headerBlock
        ),
        (
            "da", "Outlook", "Fra: / Sendt: / Til: / Emne:",
            """
            God. Tak for hurtig hjælp.

            Fra: Acme Support <support@acme.example>
            Sendt: 12. marts 2024 10:04
            Til: Mette Hansen <mette.hansen@example.dk>
            Emne: Hvordan klarede vi det? [Ticket #4821]

            Hvordan klarede vi det? Svar med God, OK eller Dårlig.
            """,
            "God. Tak for hurtig hjælp.", .headerBlock
        ),
        (
            "no", "Outlook", "Fra: / Sendt: / Til: / Emne:",
            """
            Dårlig. Jeg venter fortsatt på ny lader.

            Fra: Acme Support <support@acme.example>
            Sendt: tirsdag 12. mars 2024 10:04
            Til: Ola Nordmann <ola.nordmann@example.no>
            Emne: Hvordan gjorde vi det? [Ticket #4821]

            Hvordan gjorde vi det? Svar med Bra, OK eller Dårlig.
            """,
            "Dårlig. Jeg venter fortsatt på ny lader.", .headerBlock
        ),
        (
            "sv", "Outlook", "Från: / Skickat: / Till: / Ämne:",
            """
            Bra. Tack för snabb hjälp!

            Från: Acme Support <support@acme.example>
            Skickat: den 12 mars 2024 10:04
            Till: Anna Svensson <anna.svensson@example.se>
            Ämne: Hur gick det? [Ticket #4821]

            Hur gick det? Svara med Bra, OK eller Dåligt.
            """,
            "Bra. Tack för snabb hjälp!", .headerBlock
        ),
        (
            "fi", "Outlook", "Lähettäjä: / Lähetetty: / Vastaanottaja: / Aihe:",
            """
            OK. Sähköposti toimii taas, mutta kalenteri ei.

            Lähettäjä: Acme Support <support@acme.example>
            Lähetetty: tiistai 12. maaliskuuta 2024 10.04
            Vastaanottaja: Matti Virtanen <matti.virtanen@example.fi>
            Aihe: Miten onnistuimme? [Ticket #4821]

            Miten onnistuimme? Vastaa Hyvä, OK tai Huono.
            """,
            "OK. Sähköposti toimii taas, mutta kalenteri ei.", .headerBlock
        ),
        (
            "pl", "Outlook", "Od: / Wysłano: / Do: / Temat:",
            """
            Dobrze. Nowe hasło działa.

            Od: Acme Support <support@acme.example>
            Wysłano: wtorek, 12 marca 2024 10:04
            Do: Jan Kowalski <jan.kowalski@example.pl>
            Temat: Jak nam poszło? [Ticket #4821]

            Jak nam poszło? Odpowiedz: Dobrze, OK lub Źle.
            """,
            "Dobrze. Nowe hasło działa.", .headerBlock
        ),
        (
            "cs", "Outlook", "Od: / Odesláno: / Komu: / Předmět:",
            """
            Dobře, děkuji.

            Od: Acme Support <support@acme.example>
            Odesláno: úterý 12. března 2024 10:04
            Komu: Jan Novák <jan.novak@example.cz>
            Předmět: Jak jsme si vedli? [Ticket #4821]

            Jak jsme si vedli? Odpovězte Dobře, OK nebo Špatně.
            """,
            "Dobře, děkuji.", .headerBlock
        ),
        (
            "hu", "Outlook", "Feladó: / Elküldve: / Címzett: / Tárgy:",
            """
            Jó. Gyors és udvarias segítség volt.

            Feladó: Acme Support <support@acme.example>
            Elküldve: 2024. március 12., kedd 10:04
            Címzett: Kovács Anna <anna.kovacs@example.hu>
            Tárgy: Hogyan teljesítettünk? [Ticket #4821]

            Hogyan teljesítettünk? Válaszoljon: Jó, OK vagy Rossz.
            """,
            "Jó. Gyors és udvarias segítség volt.", .headerBlock
        ),
        (
            "ru", "Outlook", "От: / Отправлено: / Кому: / Тема:",
            """
            Нормально. Принтер работает, но медленно.

            От: Acme Support <support@acme.example>
            Отправлено: 12 марта 2024 г. 10:04
            Кому: Иван Петров <ivan.petrov@example.ru>
            Тема: Как мы справились? [Ticket #4821]

            Как мы справились? Ответьте: Хорошо, Нормально или Плохо.
            """,
            "Нормально. Принтер работает, но медленно.", .headerBlock
        ),
        (
            "zh-Hans", "Outlook", "发件人: / 发送时间: / 收件人: / 主题:",
            """
            好。谢谢，问题已经解决了。

            发件人: Acme Support <support@acme.example>
            发送时间: 2024年3月12日 10:04
            收件人: 张伟 <zhangwei@example.cn>
            主题: 我们的服务如何？[Ticket #4821]

            我们的服务如何？请回复：好、一般或差。
            """,
            "好。谢谢，问题已经解决了。", .headerBlock
        ),
        (
            "ja", "Outlook", "差出人: / 送信日時: / 宛先: / 件名:",
            """
            悪い。まだVPNにつながりません。

            差出人: Acme Support <support@acme.example>
            送信日時: 2024年3月12日 10:04
            宛先: 山田 太郎 <taro.yamada@example.jp>
            件名: 対応はいかがでしたか？ [Ticket #4821]

            対応はいかがでしたか？「良い」「普通」「悪い」のいずれかでご返信ください。
            """,
            "悪い。まだVPNにつながりません。", .headerBlock
        ),
        (
            "en", "Outlook on the web", "32 underscores above From: / Sent: / To: / Subject:",
            """
            OK. Fixed, but I had to call twice.

            ________________________________
            From: Acme Support <support@acme.example>
            Sent: Tuesday, March 12, 2024 10:04:37 AM
            To: Jane Doe <jane.doe@example.com>
            Subject: How did we do? [Ticket #4821]

            How did we do? Reply with Good, OK or Bad.
            """,
            "OK. Fixed, but I had to call twice.", .underscoreRule
        ),
        (
            "en", "Outlook", "----- just above From: / Sent: / To: / Subject:",
            """
            Good, thanks!
            -----
            From: Acme Support <support@acme.example>
            Sent: Tuesday, March 12, 2024 10:04 AM
            To: Jane Doe <jane.doe@example.com>
            Subject: How did we do? [Ticket #4821]

            How did we do? Reply with Good, OK or Bad.
            """,
            "Good, thanks!", .headerBlock
        ),
    ]
}
