// Sources name a public message (a fixture of crisp-oss/email-forward-parser, MIT, as read into the shared
// replies set) where one shows the form, else the client and interface language it was seen in.

extension QuoteForms {
    static let northernEurope: [QuoteForms] = [
        QuoteForms(
            language: "sv",
            client: "Gmail, Apple Mail, Thunderbird, Outlook",
            source:
                "Gmail: \"Den tis 12 mars 2024 kl 10:04 skrev Anna <anna@…>:\"; Apple Mail: \"12 mars 2024 kl. 10:04 "
                + "skrev Anna <anna@…>:\"; forwards: crisp gmail_sv, apple_mail_sv, yahoo_sv, outlook_2019_sv",
            attributions: ["Den * skrev *:", "* skrev:", "* skrev *:"],
            separators: ["Ursprungligt meddelande", "Originalmeddelande", "Vidarebefordrat meddelande"],
            introductions: ["Vidarebefordrat mejl:", "Vidarebefordrat brev:", "Vidarebefordrat meddelande:"],
            fields: [
                .from: ["Från"], .date: ["Skickat", "Datum"], .to: ["Till"], .cc: ["Kopia"], .subject: ["Ämne"],
            ],
            signatures: ["Skickat från min ", "Skickat från ", "Hämta Outlook för "],
            signOffs: ["Med vänlig hälsning", "Vänliga hälsningar", "Med vänliga hälsningar", "Hälsningar", "Mvh"]
        ),
        QuoteForms(
            language: "da",
            client: "Gmail, Apple Mail, Thunderbird, Outlook",
            source:
                "Gmail: \"Den tir. 12. mar. 2024 kl. 10.04 skrev Jens <jens@…>:\"; Outlook for Mac: \"D. 28/10/2021 "
                + "12.46 skrev …:\" (crisp outlook_2019_da); forwards: crisp apple_mail_da, yahoo_da, thunderbird_da",
            attributions: ["Den * skrev *:", "D. * skrev *:", "* skrev:"],
            separators: ["Oprindelig meddelelse", "Original meddelelse", "Videresendt meddelelse"],
            introductions: ["Start på videresendt besked:", "Videresendt besked:"],
            fields: [.from: ["Fra"], .date: ["Sendt", "Dato"], .to: ["Til"], .cc: ["Cc"], .subject: ["Emne"]],
            signatures: ["Sendt fra min ", "Sendt fra ", "Hent Outlook til "],
            signOffs: ["Med venlig hilsen", "Venlig hilsen", "Mvh", "Hilsen", "De bedste hilsner"]
        ),
        QuoteForms(
            language: "no",
            client: "Gmail, Apple Mail, Thunderbird, Outlook",
            source:
                "Gmail: \"tir. 12. mar. 2024 kl. 10:04 skrev Ola <ola@…>:\"; Outlook for Mac: \"… skrev følgende den "
                + "28/10/2021, 12:46:\" (crisp outlook_2019_no); forwards: crisp apple_mail_no, yahoo_no",
            attributions: ["* skrev følgende den *:", "Den * skrev *:", "* skrev *:", "* skrev:"],
            separators: ["Opprinnelig melding", "Originalmelding", "Videresendt melding"],
            introductions: ["Videresendt melding:", "Start på videresendt melding:"],
            fields: [
                .from: ["Fra"], .date: ["Sendt", "Dato"], .to: ["Til"], .cc: ["Kopi"], .subject: ["Emne"],
            ],
            signatures: ["Sendt fra min ", "Sendt fra ", "Få Outlook for "],
            signOffs: ["Med vennlig hilsen", "Vennlig hilsen", "Mvh", "Hilsen"]
        ),
        QuoteForms(
            language: "fi",
            client: "Gmail, Apple Mail, Thunderbird, Outlook",
            source: "Gmail: \"ti 12. maalisk. 2024 klo 10.04 Matti <matti@…> kirjoitti:\"; Outlook for Mac: crisp "
                + "outlook_2019_fi; forwards: crisp apple_mail_fi, gmail_fi, yahoo_fi, thunderbird_fi",
            attributions: ["* kirjoitti:", "* kirjoitti *:"],
            separators: [
                "Alkuperäinen viesti", "Välitetty viesti", "Edelleenlähetetty viesti", "Välitetty viesti / Fwd.Msg",
            ],
            introductions: ["Välitetty viesti alkaa:"],
            fields: [
                .from: ["Lähettäjä"], .date: ["Lähetetty", "Päivämäärä", "Päiväys"], .to: ["Vastaanottaja"],
                .cc: ["Kopio"], .subject: ["Aihe"],
            ],
            signatures: [
                "Lähetetty iPhonesta", "Lähetetty iPadista", "Lähetetty Android", "Lähetetty mobiililaitteesta",
            ],
            signOffs: ["Ystävällisin terveisin", "Ystävällisesti", "Terveisin", "Parhain terveisin"]
        ),
        QuoteForms(
            language: "et",
            client: "Gmail, Outlook",
            source:
                "Gmail's Estonian interface: \"T, 12. märts 2024 kell 10:04 Mari <mari@…> kirjutas:\"; forward: crisp "
                + "gmail_et; Outlook: \"Saatja: … Saadetud: … Adressaat: … Teema: …\"",
            attributions: ["* kirjutas:", "* kirjutas *:"],
            separators: ["Algne kiri", "Edastatud kiri", "Algne sõnum"],
            introductions: ["Edastatud kiri:"],
            fields: [
                .from: ["Saatja"], .date: ["Saadetud", "Kuupäev"], .to: ["Adressaat", "Saaja"], .cc: ["Koopia"],
                .subject: ["Teema"],
            ],
            signatures: ["Saadetud minu ", "Saadetud iPhone'ist"],
            signOffs: ["Lugupidamisega", "Parimate soovidega", "Tervitades"]
        ),
    ]
}
