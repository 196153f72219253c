import Testing

@testable import SmileyInbound

extension ReplyDevelopmentSetTests {
    // MARK: - Forwarding introductions

    static let introductionCases: [Case] = [
        (
            "en", "Apple Mail", "Begin forwarded message:",
            """
            This went to my private address. Good, by the way, the printer works again.

            Begin forwarded message:

            From: Acme Support <support@acme.example>
            Subject: How did we do? [Ticket #4821]
            Date: 12 March 2024 at 10:04:00 CET
            To: jane.doe@example.com

            How did we do? Reply with Good, OK or Bad.
            """,
            "This went to my private address. Good, by the way, the printer works again.", .introduction
        ),
        (
            "de", "Apple Mail", "Anfang der weitergeleiteten Nachricht:",
            """
            Kam an meine private Adresse. Gut, danke nochmal!

            Anfang der weitergeleiteten Nachricht:

            Von: Acme Support <support@acme.example>
            Betreff: Wie war unser Support? [Ticket #4821]
            Datum: 12. März 2024 um 10:04:00 MEZ
            An: jana.schmidt@example.de

            Wie war unser Support? Antworten Sie mit Gut, OK oder Schlecht.
            """,
            "Kam an meine private Adresse. Gut, danke nochmal!", .introduction
        ),
        (
            "fr", "Apple Mail", "Début du message réexpédié :",
            """
            Je vous le renvoie depuis ma boîte perso : Bien, merci.

            Début du message réexpédié :

            De: Acme Support <support@acme.example>
            Objet: Comment s'est passée votre demande ? [Ticket #4821]
            Date: 12 mars 2024 à 10:04:00 UTC+1
            À: jeanne.dupont@example.fr

            Comment s'est passée votre demande ? Répondez Bien, OK ou Mauvais.
            """,
            "Je vous le renvoie depuis ma boîte perso : Bien, merci.", .introduction
        ),
    ]

    // MARK: - App signatures

    static let signatureCases: [Case] = [
        (
            "en", "iOS Mail", "Sent from my iPhone",
            """
            Good, thanks for the quick fix!

            Sent from my iPhone

            > On Mar 12, 2024, at 10:04, Acme Support <support@acme.example> wrote:
            >
            > How did we do? Reply with Good, OK or Bad.
            """,
            "Good, thanks for the quick fix!", .signature
        ),
        (
            "en", "TypeApp", "Sent from TypeApp",
            """
            OK

            Sent from TypeApp

            On Mar 12, 2024, at 10:04, Acme Support <support@acme.example> wrote:
            > How did we do? Reply with Good, OK or Bad.
            """,
            "OK", .signature
        ),
        (
            "en", "Outlook for Android", "Get Outlook for Android",
            """
            Good, all sorted.

            Get Outlook for Android

            ________________________________
            From: Acme Support <support@acme.example>
            Sent: Tuesday, March 12, 2024 10:04:37 AM
            To: jane.doe@example.com <jane.doe@example.com>
            Subject: How did we do? [Ticket #4821]

            How did we do? Reply with Good, OK or Bad.
            """,
            "Good, all sorted.", .signature
        ),
        (
            "de", "iOS Mail", "Von meinem iPhone gesendet",
            """
            Gut. Danke!

            Von meinem iPhone gesendet

            > Am 12.03.2024 um 10:04 schrieb Acme Support <support@acme.example>:
            >
            > Wie war unser Support? Antworten Sie mit Gut, OK oder Schlecht.
            """,
            "Gut. Danke!", .signature
        ),
        (
            "fr", "iOS Mail", "Envoyé de mon iPhone",
            """
            Bien, merci !

            Envoyé de mon iPhone

            > Le 12 mars 2024 à 10:04, Acme Support <support@acme.example> a écrit :
            >
            > Comment s'est passée votre demande ? Répondez Bien, OK ou Mauvais.
            """,
            "Bien, merci !", .signature
        ),
        (
            "da", "iOS Mail", "Sendt fra min iPad",
            """
            God. Printeren virker igen.

            Sendt fra min iPad

            > Den 12. mar. 2024 kl. 10.04 skrev Acme Support <support@acme.example>:
            >
            > Hvordan klarede vi det? Svar med God, OK eller Dårlig.
            """,
            "God. Printeren virker igen.", .signature
        ),
        (
            "sv", "iOS Mail", "Skickat från min iPhone",
            """
            Bra, tack!

            Skickat från min iPhone

            > 12 mars 2024 kl. 10:04 skrev Acme Support <support@acme.example>:
            >
            > Hur gick det? Svara med Bra, OK eller Dåligt.
            """,
            "Bra, tack!", .signature
        ),
        (
            "es", "iOS Mail", "Enviado desde mi iPhone",
            """
            Bien. Ya puedo entrar al correo.

            Enviado desde mi iPhone

            > El 12 mar 2024, a las 10:04, Acme Support <support@acme.example> escribió:
            >
            > ¿Qué tal lo hicimos? Responda Bien, Regular o Mal.
            """,
            "Bien. Ya puedo entrar al correo.", .signature
        ),
        (
            "it", "iOS Mail", "Inviato da iPhone",
            """
            Male. Il portatile si spegne ancora da solo.

            Inviato da iPhone

            > Il giorno 12 mar 2024, alle ore 10:04, Acme Support <support@acme.example> ha scritto:
            >
            > Come ci siamo comportati? Rispondete con Bene, OK o Male.
            """,
            "Male. Il portatile si spegne ancora da solo.", .signature
        ),
        (
            "nl", "iOS Mail", "Verstuurd vanaf mijn iPhone",
            """
            Goed, dank jullie wel.

            Verstuurd vanaf mijn iPhone

            > Op 12 mrt 2024 om 10:04 heeft Acme Support <support@acme.example> het volgende geschreven:
            >
            > Hoe hebben we het gedaan? Antwoord met Goed, OK of Slecht.
            """,
            "Goed, dank jullie wel.", .signature
        ),
        (
            "pl", "iOS Mail", "Wysłane z iPhone'a",
            """
            Dobrze. Dziękuję!

            Wysłane z iPhone'a

            > Wiadomość napisana przez Acme Support <support@acme.example> w dniu 12.03.2024, o godz. 10:04:
            >
            > Jak nam poszło? Odpowiedz: Dobrze, OK lub Źle.
            """,
            "Dobrze. Dziękuję!", .signature
        ),
        (
            "ru", "iOS Mail", "Отправлено с iPhone",
            """
            Хорошо, спасибо!

            Отправлено с iPhone

            > 12 марта 2024 г., в 10:04, Acme Support <support@acme.example> написал(а):
            >
            > Как мы справились? Ответьте: Хорошо, Нормально или Плохо.
            """,
            "Хорошо, спасибо!", .signature
        ),
        (
            "ja", "iOS Mail", "iPhoneから送信",
            """
            良い。ありがとうございました。

            iPhoneから送信

            > 2024/03/12 10:04、Acme Support <support@acme.example>のメール:
            >
            > 対応はいかがでしたか？「良い」「普通」「悪い」のいずれかでご返信ください。
            """,
            "良い。ありがとうございました。", .signature
        ),
        (
            "en", "Thunderbird", "the -- delimiter above a personal signature",
            """
            OK. The new password works, but the reset link expired twice.

            --\u{20}
            Jane Doe
            Office Manager, Example Ltd.
            +44 20 7946 0000

            On 12/03/2024 10:04, Acme Support wrote:
            > How did we do? Reply with Good, OK or Bad.
            """,
            "OK. The new password works, but the reset link expired twice.", .signatureDelimiter
        ),
        (
            "en", "Gmail", "not a signature: \"Sent from my desk, …\" in the text",
            """
            OK for now.

            Sent from my desk, so I could not test the printer yet.

            On Tue, Mar 12, 2024 at 10:04 AM Acme Support <support@acme.example> wrote:

            > How did we do? Reply with Good, OK or Bad.
            """,
            "OK for now.\n\nSent from my desk, so I could not test the printer yet.", .attribution
        ),
    ]
}
