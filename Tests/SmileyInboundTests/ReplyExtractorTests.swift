import SmileyInbound
import Testing

/// Plain-text replies as the big clients write them, in the languages Smiley's customers use.
@Suite("Reply extraction")
struct ReplyExtractorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let input: String
        let expected: String
        let quote: Bool
        let signature: Bool
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "Gmail English, wrapped attribution",
            input: """
                Great, thanks for the quick fix!

                Anna

                On Tue, Mar 12, 2024 at 10:04 AM Acme Support <
                support@acme.example> wrote:

                > Hi Anna,
                >
                > How would you rate our support?
                """,
            expected: "Great, thanks for the quick fix!\n\nAnna",
            quote: true,
            signature: false
        ),
        Case(
            name: "Gmail English, attribution on one line",
            input: """
                Good

                On Tue, 12 Mar 2024 at 10:04, Acme Support <support@acme.example> wrote:
                > How would you rate our support?
                """,
            expected: "Good",
            quote: true,
            signature: false
        ),
        Case(
            name: "German Gmail",
            input: """
                Sehr gut, vielen Dank für die schnelle Hilfe!

                Am Di., 12. März 2024 um 10:04 Uhr schrieb Acme Support <
                support@acme.example>:

                > Wie zufrieden waren Sie mit unserem Support?
                """,
            expected: "Sehr gut, vielen Dank für die schnelle Hilfe!",
            quote: true,
            signature: false
        ),
        Case(
            name: "German Apple Mail with iPhone signature",
            input: """
                Gut. Hat alles geklappt.

                Von meinem iPhone gesendet

                > Am 12.03.2024 um 10:04 schrieb Acme Support <support@acme.example>:
                >
                > Wie zufrieden waren Sie?
                """,
            expected: "Gut. Hat alles geklappt.",
            quote: true,
            signature: true
        ),
        Case(
            name: "French Gmail with non-breaking space before the colon",
            input: """
                Très bien, merci beaucoup !

                Le mar. 12 mars 2024 à 10:04, Acme Support <support@acme.example> a écrit\u{00A0}:

                > Comment évaluez-vous notre support ?
                """,
            expected: "Très bien, merci beaucoup !",
            quote: true,
            signature: false
        ),
        Case(
            name: "French iPhone",
            input: """
                Pas terrible, j'ai attendu trois jours.

                Envoyé de mon iPhone

                > Le 12 mars 2024 à 10:04, Acme Support <support@acme.example> a écrit :
                """,
            expected: "Pas terrible, j'ai attendu trois jours.",
            quote: true,
            signature: true
        ),
        Case(
            name: "Dutch Gmail",
            input: """
                Prima geholpen, dank je wel.

                Op di 12 mrt 2024 om 10:04 schreef Acme Support <support@acme.example>:

                > Hoe tevreden bent u?
                """,
            expected: "Prima geholpen, dank je wel.",
            quote: true,
            signature: false
        ),
        Case(
            name: "Dutch Outlook with localized header block",
            input: """
                Niet goed. Het probleem is er nog steeds.

                Met vriendelijke groet,
                Jan

                Van: Acme Support <support@acme.example>
                Verzonden: dinsdag 12 maart 2024 10:04
                Aan: Jan de Vries <jan@devries.example>
                Onderwerp: Uw ticket #4711 is gesloten

                Hoe tevreden bent u over onze support?
                """,
            expected: "Niet goed. Het probleem is er nog steeds.\n\nMet vriendelijke groet,\nJan",
            quote: true,
            signature: false
        ),
        Case(
            name: "Spanish Gmail",
            input: """
                Excelente, muchas gracias.

                El mar, 12 mar 2024 a las 10:04, Acme Support (<support@acme.example>) escribió:

                > ¿Cómo valoraría nuestro soporte?
                """,
            expected: "Excelente, muchas gracias.",
            quote: true,
            signature: false
        ),
        Case(
            name: "Spanish Outlook with Mensaje original and iPhone line",
            input: """
                Regular, tardaron mucho.

                Enviado desde mi iPhone

                -----Mensaje original-----
                De: Acme Support <support@acme.example>
                Enviado el: martes, 12 de marzo de 2024 10:04
                Para: Ana García
                Asunto: Su ticket
                """,
            expected: "Regular, tardaron mucho.",
            quote: true,
            signature: true
        ),
        Case(
            name: "Italian",
            input: """
                Ottimo lavoro!

                Il giorno mar 12 mar 2024 alle ore 10:04 Acme Support <support@acme.example> ha scritto:

                > Come valuta il nostro supporto?
                """,
            expected: "Ottimo lavoro!",
            quote: true,
            signature: false
        ),
        Case(
            name: "Portuguese",
            input: """
                Muito bom!

                Em ter., 12 de mar. de 2024 às 10:04, Acme Support <support@acme.example>
                escreveu:

                > Como avalia o nosso suporte?
                """,
            expected: "Muito bom!",
            quote: true,
            signature: false
        ),
        Case(
            name: "Swedish",
            input: """
                Bra service, tack!

                Den tis 12 mars 2024 kl 10:04 skrev Acme Support <support@acme.example>:

                > Hur nöjd är du?
                """,
            expected: "Bra service, tack!",
            quote: true,
            signature: false
        ),
        Case(
            name: "Polish Thunderbird",
            input: """
                Dobrze, dziękuję.

                W dniu 12.03.2024 o 10:04, Acme Support pisze:
                > Jak oceniasz naszą pomoc?
                """,
            expected: "Dobrze, dziękuję.",
            quote: true,
            signature: false
        ),
        Case(
            name: "Polish Gmail",
            input: """
                Świetnie!

                wt., 12 mar 2024 o 10:04 Acme Support <support@acme.example> napisał(a):

                > Jak oceniasz naszą pomoc?
                """,
            expected: "Świetnie!",
            quote: true,
            signature: false
        ),
        Case(
            name: "Japanese",
            input: """
                とても良かったです。ありがとうございました。

                2024年3月12日(火) 10:04 Acme Support <support@acme.example>:

                > サポートの評価をお願いします。
                """,
            expected: "とても良かったです。ありがとうございました。",
            quote: true,
            signature: false
        ),
        Case(
            name: "Japanese が書きました",
            input: """
                良い

                2024年3月12日 10:04 に Acme Support が
                書きました：
                > サポートの評価
                """,
            expected: "良い",
            quote: true,
            signature: false
        ),
        Case(
            name: "Japanese さんは書きました",
            input: """
                普通です

                Acme Support さんは書きました:

                サポートの評価をお願いします。
                """,
            expected: "普通です",
            quote: true,
            signature: false
        ),
        Case(
            name: "Outlook desktop English, no quote prefix",
            input: """
                Poor. Nobody called me back.

                Regards,
                Tom

                From: Acme Support <support@acme.example>
                Sent: 12 March 2024 10:04
                To: Tom Baker <tom@baker.example>
                Subject: Your ticket #4711 was closed

                How would you rate our support?
                """,
            expected: "Poor. Nobody called me back.\n\nRegards,\nTom",
            quote: true,
            signature: false
        ),
        Case(
            name: "Outlook with underscore separator (German)",
            input: """
                Ausgezeichnet!

                ________________________________
                Von: Acme Support <support@acme.example>
                Gesendet: Dienstag, 12. März 2024 10:04
                An: Jürgen Weiß
                Betreff: Ihr Ticket
                """,
            expected: "Ausgezeichnet!",
            quote: true,
            signature: false
        ),
        Case(
            name: "Outlook Original Message",
            input: """
                ok

                -----Original Message-----
                From: Acme Support [mailto:support@acme.example]
                Sent: Tuesday, March 12, 2024 10:04 AM
                """,
            expected: "ok",
            quote: true,
            signature: false
        ),
        Case(
            name: "Ursprüngliche Nachricht",
            input: """
                schlecht

                -----Ursprüngliche Nachricht-----
                Von: Acme Support
                """,
            expected: "schlecht",
            quote: true,
            signature: false
        ),
        Case(
            name: "Message d'origine",
            input: """
                Bien.
                -----Message d'origine-----
                De : Acme Support
                """,
            expected: "Bien.",
            quote: true,
            signature: false
        ),
        Case(
            name: "Oorspronkelijk bericht",
            input: """
                Goed
                -----Oorspronkelijk bericht-----
                Van: Acme Support
                """,
            expected: "Goed",
            quote: true,
            signature: false
        ),
        Case(
            name: "French Outlook header block",
            input: """
                Correct, sans plus.

                De : Acme Support <support@acme.example>
                Envoyé : mardi 12 mars 2024 10:04
                À : Claire Martin
                Objet : Votre ticket
                """,
            expected: "Correct, sans plus.",
            quote: true,
            signature: false
        ),
        Case(
            name: "Gmail forward",
            input: """
                FYI, see below.

                ---------- Forwarded message ---------
                From: Acme Support <support@acme.example>
                Date: Tue, Mar 12, 2024 at 10:04 AM
                """,
            expected: "FYI, see below.",
            quote: true,
            signature: false
        ),
        Case(
            name: "Apple Mail forward",
            input: """
                Please rate this for me.

                Begin forwarded message:

                From: Acme Support <support@acme.example>
                """,
            expected: "Please rate this for me.",
            quote: true,
            signature: false
        ),
        Case(
            name: "classic signature delimiter",
            input: """
                Neutral. Fixed, but slowly.

                --\u{20}
                Peter Novak
                Novak Consulting
                """,
            expected: "Neutral. Fixed, but slowly.",
            quote: false,
            signature: true
        ),
        Case(
            name: "Get Outlook for iOS",
            input: """
                👍

                Get Outlook for iOS<https://aka.ms/o0ukef>
                ________________________________
                From: Acme Support <support@acme.example>
                """,
            expected: "👍",
            quote: true,
            signature: true
        ),
        Case(
            name: "Sent from Mail for Windows",
            input: """
                Terrible experience.

                Sent from Mail for Windows
                """,
            expected: "Terrible experience.",
            quote: false,
            signature: true
        ),
        Case(
            name: "Galaxy",
            input: "Great!\n\nSent from my Galaxy\n",
            expected: "Great!",
            quote: false,
            signature: true
        ),
        Case(
            name: "bottom-posting keeps the answer after the quote",
            input: """
                On Tue, Mar 12, 2024 at 10:04 AM Acme Support <support@acme.example> wrote:
                > How would you rate our support?

                Good, but the first answer was wrong.
                """,
            expected: "Good, but the first answer was wrong.",
            quote: true,
            signature: false
        ),
        Case(
            name: "interleaved answers keep every new line",
            input: """
                > Was your problem solved?
                Yes.
                > How would you rate our support?
                Excellent.
                """,
            expected: "Yes.\nExcellent.",
            quote: true,
            signature: false
        ),
        Case(
            name: "nothing to remove",
            input: "  Good service, thank you.  \n\n",
            expected: "Good service, thank you.",
            quote: false,
            signature: false
        ),
        Case(
            name: "a sentence mentioning 'wrote' is not an attribution",
            input: """
                On the form I wrote my old address, please update it.
                Otherwise fine.
                """,
            expected: "On the form I wrote my old address, please update it.\nOtherwise fine.",
            quote: false,
            signature: false
        ),
        Case(
            name: "a From: line without a header block stays",
            input: """
                From: the sales team I got no answer.
                Bad.
                """,
            expected: "From: the sales team I got no answer.\nBad.",
            quote: false,
            signature: false
        ),
    ]

    @Test("new text only, LF", arguments: cases)
    func extractsLF(_ reply: Case) {
        let result = ReplyExtractor.extract(fromPlainText: reply.input)
        #expect(result.text == reply.expected)
        #expect(result.removedQuote == reply.quote)
        #expect(result.removedSignature == reply.signature)
    }

    @Test("new text only, CRLF", arguments: cases)
    func extractsCRLF(_ reply: Case) {
        let crlf = reply.input.replacingLineEnds(with: "\r\n")
        let result = ReplyExtractor.extract(fromPlainText: crlf)
        #expect(result.text == reply.expected)
        #expect(!result.text.contains("\r"))
        #expect(result.removedQuote == reply.quote)
    }

    @Test("empty input")
    func empty() {
        #expect(
            ReplyExtractor.extract(fromPlainText: "")
                == ReplyText(text: "", removedQuote: false, removedSignature: false)
        )
        #expect(ReplyExtractor.extract(fromPlainText: "> only a quote\r\n> more").text == "")
    }
}

extension String {
    func replacingLineEnds(with ending: String) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: ending)
    }
}
