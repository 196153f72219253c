import Testing

@testable import SmileyInbound

extension ReplyDevelopmentSetTests {
    // MARK: - "wrote" attributions

    static let attributionCases: [Case] = [
        (
            "en", "Gmail", "On … at … <…> wrote:",
            """
            Good. Thanks, the printer works again.

            On Tue, Mar 12, 2024 at 10:04 AM Acme Support <support@acme.example> wrote:

            > How did we do? Reply with Good, OK or Bad.
            """,
            "Good. Thanks, the printer works again.", .attribution
        ),
        (
            "en", "Apple Mail", "On …, at …, … <…> wrote:",
            """
            Good, the keyboard was replaced the same day.

            On Mar 12, 2024, at 10:04, Acme Support <support@acme.example> wrote:

            > How did we do? Reply with Good, OK or Bad.
            """,
            "Good, the keyboard was replaced the same day.", .attribution
        ),
        (
            "en", "Apple Mail", "the attribution inside the quote: > On … at …, … <…> wrote:",
            """
            OK. The laptop is fixed, but I had to bring it in twice.

            Jane

            > On 12 Mar 2024, at 10:04, Acme Support <support@acme.example> wrote:
            >
            > How did we do? Reply with Good, OK or Bad.
            """,
            "OK. The laptop is fixed, but I had to bring it in twice.\n\nJane", .quotedLines
        ),
        (
            "en", "Thunderbird", "On …, … wrote:",
            """
            Bad. The VPN still drops every hour.

            On 12/03/2024 10:04, Acme Support wrote:
            > How did we do? Reply with Good, OK or Bad.
            """,
            "Bad. The VPN still drops every hour.", .attribution
        ),
        (
            "de", "Gmail", "Am … um … Uhr schrieb … <…>:",
            """
            Gut. Danke, der Drucker geht wieder.

            Am Di., 12. März 2024 um 10:04 Uhr schrieb Acme Support <support@acme.example>:

            > Wie war unser Support? Antworten Sie mit Gut, OK oder Schlecht.
            """,
            "Gut. Danke, der Drucker geht wieder.", .attribution
        ),
        (
            "de", "Apple Mail", "Am … um … schrieb … <…>:",
            """
            Schnelle Hilfe, das neue Passwort funktioniert.

            Am 12.03.2024 um 10:04 schrieb Acme Support <support@acme.example>:

            > Wie war unser Support? Antworten Sie mit Gut, OK oder Schlecht.
            """,
            "Schnelle Hilfe, das neue Passwort funktioniert.", .attribution
        ),
        (
            "de", "Thunderbird", "Am … um … schrieb …:",
            """
            Schlecht. Der Monitor flackert immer noch.

            Am 12.03.24 um 10:04 schrieb Acme Support:
            > Wie war unser Support? Antworten Sie mit Gut, OK oder Schlecht.
            """,
            "Schlecht. Der Monitor flackert immer noch.", .attribution
        ),
        (
            "fr", "Gmail", "Le … à …, … <…> a écrit :",
            """
            Bien. Merci, l'imprimante fonctionne à nouveau.

            Le mar. 12 mars 2024 à 10:04, Acme Support <support@acme.example> a écrit :

            > Comment s'est passée votre demande ? Répondez Bien, OK ou Mauvais.
            """,
            "Bien. Merci, l'imprimante fonctionne à nouveau.", .attribution
        ),
        (
            "fr", "Apple Mail", "Le … à …, … <…> a écrit :",
            """
            Très rapide, merci beaucoup !

            Le 12 mars 2024 à 10:04, Acme Support <support@acme.example> a écrit :

            > Comment s'est passée votre demande ? Répondez Bien, OK ou Mauvais.
            """,
            "Très rapide, merci beaucoup !", .attribution
        ),
        (
            "nl", "Gmail", "Op … om … schreef … <…>:",
            """
            Goed. Bedankt, de printer werkt weer.

            Op di 12 mrt 2024 om 10:04 schreef Acme Support <support@acme.example>:

            > Hoe hebben we het gedaan? Antwoord met Goed, OK of Slecht.
            """,
            "Goed. Bedankt, de printer werkt weer.", .attribution
        ),
        (
            "nl", "Apple Mail", "Op … om … heeft … <…> het volgende geschreven:",
            """
            Slecht. Ik heb drie dagen op een nieuwe muis gewacht.

            Op 12 mrt 2024 om 10:04 heeft Acme Support <support@acme.example> het volgende geschreven:

            > Hoe hebben we het gedaan? Antwoord met Goed, OK of Slecht.
            """,
            "Slecht. Ik heb drie dagen op een nieuwe muis gewacht.", .attribution
        ),
        (
            "es", "Gmail", "El …, … (<…>) escribió:",
            """
            Bien. Gracias, la impresora ya funciona.

            El mar, 12 mar 2024 a las 10:04, Acme Support (<support@acme.example>) escribió:

            > ¿Qué tal lo hicimos? Responda Bien, Regular o Mal.
            """,
            "Bien. Gracias, la impresora ya funciona.", .attribution
        ),
        (
            "es", "Apple Mail", "El …, a las …, … <…> escribió:",
            """
            Regular. Funciona, pero tardaron una semana.

            El 12 mar 2024, a las 10:04, Acme Support <support@acme.example> escribió:

            > ¿Qué tal lo hicimos? Responda Bien, Regular o Mal.
            """,
            "Regular. Funciona, pero tardaron una semana.", .attribution
        ),
        (
            "it", "Gmail", "Il giorno … alle ore … <…> ha scritto:",
            """
            Bene. Grazie, la stampante funziona di nuovo.

            Il giorno mar 12 mar 2024 alle ore 10:04 Acme Support <support@acme.example> ha scritto:

            > Come ci siamo comportati? Rispondete con Bene, OK o Male.
            """,
            "Bene. Grazie, la stampante funziona di nuovo.", .attribution
        ),
        (
            "it", "Apple Mail", "Il giorno …, alle ore …, … <…> ha scritto:",
            """
            Tutto risolto, grazie mille.

            Il giorno 12 mar 2024, alle ore 10:04, Acme Support <support@acme.example> ha scritto:

            > Come ci siamo comportati? Rispondete con Bene, OK o Male.
            """,
            "Tutto risolto, grazie mille.", .attribution
        ),
        (
            "pt-BR", "Gmail", "Em … às …, … <…> escreveu:",
            """
            Bom. Obrigado, a impressora voltou a funcionar.

            Em ter., 12 de mar. de 2024 às 10:04, Acme Support <support@acme.example> escreveu:

            > Como foi o nosso atendimento? Responda Bom, OK ou Ruim.
            """,
            "Bom. Obrigado, a impressora voltou a funcionar.", .attribution
        ),
        (
            "pt-BR", "Apple Mail", "Em …, à(s) …, … <…> escreveu:",
            """
            Ruim. Ainda não consigo acessar a VPN.

            Em 12 de mar. de 2024, à(s) 10:04, Acme Support <support@acme.example> escreveu:

            > Como foi o nosso atendimento? Responda Bom, OK ou Ruim.
            """,
            "Ruim. Ainda não consigo acessar a VPN.", .attribution
        ),
        (
            "pt-PT", "Apple Mail", "A …, às …, … <…> escreveu:",
            """
            Bom. Obrigada, o portátil já liga.

            A 12/03/2024, às 10:04, Acme Support <support@acme.example> escreveu:

            > Como correu o nosso apoio? Responda Bom, OK ou Mau.
            """,
            "Bom. Obrigada, o portátil já liga.", .attribution
        ),
        (
            "ca", "Gmail", "El …, … (<…>) va escriure:",
            """
            Bé. Gràcies, la impressora torna a funcionar.

            El dt., 12 de març 2024 a les 10:04, Acme Support (<support@acme.example>) va escriure:

            > Com ho hem fet? Responeu Bé, D'acord o Malament.
            """,
            "Bé. Gràcies, la impressora torna a funcionar.", .attribution
        ),
        (
            "sv", "Gmail", "Den … kl … skrev … <…>:",
            """
            Bra. Tack, skrivaren fungerar igen.

            Den tis 12 mars 2024 kl 10:04 skrev Acme Support <support@acme.example>:

            > Hur gick det? Svara med Bra, OK eller Dåligt.
            """,
            "Bra. Tack, skrivaren fungerar igen.", .attribution
        ),
        (
            "sv", "Apple Mail", "… kl. … skrev … <…>:",
            """
            OK, men det tog lång tid.

            12 mars 2024 kl. 10:04 skrev Acme Support <support@acme.example>:

            > Hur gick det? Svara med Bra, OK eller Dåligt.
            """,
            "OK, men det tog lång tid.", .attribution
        ),
        (
            "da", "Gmail", "Den … kl. … skrev … <…>:",
            """
            God. Tak, printeren virker igen.

            Den tir. 12. mar. 2024 kl. 10.04 skrev Acme Support <support@acme.example>:

            > Hvordan klarede vi det? Svar med God, OK eller Dårlig.
            """,
            "God. Tak, printeren virker igen.", .attribution
        ),
        (
            "no", "Gmail", "… kl. … skrev … <…>:",
            """
            Bra. Takk, skriveren virker igjen.

            tir. 12. mar. 2024 kl. 10:04 skrev Acme Support <support@acme.example>:

            > Hvordan gjorde vi det? Svar med Bra, OK eller Dårlig.
            """,
            "Bra. Takk, skriveren virker igjen.", .attribution
        ),
        (
            "fi", "Apple Mail", "… <…> kirjoitti … kello …:",
            """
            Hyvä. Kiitos, tulostin toimii taas.

            Acme Support <support@acme.example> kirjoitti 12.3.2024 kello 10.04:

            > Miten onnistuimme? Vastaa Hyvä, OK tai Huono.
            """,
            "Hyvä. Kiitos, tulostin toimii taas.", .attribution
        ),
    ]
}
