// Sources name a public message (a fixture of crisp-oss/email-forward-parser, MIT, as read into the shared
// replies set) where one shows the form, else the client and interface language it was seen in.

extension QuoteForms {
    static let westernEurope: [QuoteForms] = [
        QuoteForms(
            language: "en",
            client: "Gmail, Apple Mail, Thunderbird",
            source: "Gmail: \"On Tue, Mar 12, 2024 at 10:04 AM Jane <jane@…> wrote:\"; Apple Mail: \"On 12 Mar 2024, "
                + "at 10:04, Jane <jane@…> wrote:\"; Thunderbird: \"On 12/03/2024 10:04, Jane wrote:\"; forwards as in "
                + "crisp fixtures gmail_en, apple_mail_en, thunderbird_en",
            attributions: ["On * wrote:", "* wrote:", "---- On * wrote ----"],
            separators: ["Original Message", "Forwarded message", "Forwarded Message", "Reply message"],
            introductions: ["Begin forwarded message:", "Forwarded message:"],
            fields: [
                .from: ["From"], .date: ["Sent", "Date"], .to: ["To"], .cc: ["Cc", "Bcc"], .subject: ["Subject"],
            ],
            signatures: [
                "Sent from my ", "Sent from ", "Sent from Mail for Windows", "Sent from Outlook",
                "Sent from Yahoo Mail",
                "Sent from the all-new AOL", "Sent with Proton Mail", "Sent with ProtonMail", "Sent from Proton Mail",
                "Sent via ", "Get Outlook for iOS", "Get Outlook for Android", "Sent from Samsung", "Sent from Gmail",
                "Sent from TypeApp", "Sent from BlueMail", "Sent from Blue Mail", "Sent using ", "Sent from Spark",
                "Sent from Zoho Mail", "Sent from my mobile", "Sent from iCloud",
            ],
            signOffs: [
                "Best regards", "Kind regards", "Warm regards", "Regards", "Best wishes", "All the best",
                "Thanks and regards", "Yours sincerely", "Yours faithfully", "Yours truly", "Sincerely", "Cheers",
                "Best",
            ],
            banners: [
                "CAUTION:", "[EXTERNAL]", "EXTERNAL EMAIL:", "EXTERNAL:", "External Sender:",
                "WARNING: This email originated from outside", "This email originated from outside",
                "This message originated from outside", "ATTENTION: This email originated from outside",
                "You don't often get email from",
            ]
        ),
        QuoteForms(
            language: "en",
            client: "Zoho Mail",
            source: "Zoho Mail's reply header \"---- On Tue, 12 Mar 2024 10:04:00 +0100 Jane <jane@…> wrote ----\"",
            attributions: ["---- On * wrote ----", "---- * wrote ----"]
        ),
        QuoteForms(
            language: "de",
            client: "Gmail, Apple Mail, Thunderbird, Outlook",
            source:
                "Gmail: \"Am Di., 12. März 2024 um 10:04 Uhr schrieb Max <max@…>:\"; Apple Mail: \"Am 12.03.2024 um "
                + "10:04 schrieb Max <max@…>:\"; Outlook for Mac: crisp fixture outlook_2019_de; forwards: crisp "
                + "gmail_de, apple_mail_de, thunderbird_de, yahoo_de, new_outlook_2019_de",
            attributions: ["Am * schrieb *:", "* schrieb:", "* schrieb am *:"],
            separators: [
                "Ursprüngliche Nachricht", "Original-Nachricht", "Originalnachricht", "Weitergeleitete Nachricht",
            ],
            introductions: ["Anfang der weitergeleiteten Nachricht:"],
            fields: [
                .from: ["Von"], .date: ["Gesendet", "Datum"], .to: ["An"], .cc: ["Kopie", "Kopie (CC)"],
                .subject: ["Betreff"],
            ],
            signatures: [
                "Von meinem iPhone gesendet", "Von meinem iPad gesendet", "Von meinem Samsung", "Von meinem Smartphone",
                "Von meinem Mobiltelefon gesendet", "Gesendet von meinem", "Gesendet von Mail für Windows",
                "Gesendet mit ", "Gesendet von Outlook", "Gesendet von Yahoo Mail", "Outlook für iOS",
                "Outlook für Android",
            ],
            signOffs: [
                "Mit freundlichen Grüßen", "Mit freundlichen Grüssen", "Freundliche Grüße", "Viele Grüße",
                "Beste Grüße", "Liebe Grüße", "Herzliche Grüße", "Schöne Grüße", "MfG", "VG", "LG", "Gruß", "Grüße",
            ],
            banners: ["ACHTUNG: Diese E-Mail stammt von außerhalb", "[EXTERN]", "EXTERNE E-MAIL:", "Externe E-Mail:"]
        ),
        QuoteForms(
            language: "fr",
            client: "Gmail, Apple Mail, Thunderbird, Outlook",
            source:
                "Gmail: \"Le mar. 12 mars 2024 à 10:04, Marie <marie@…> a écrit :\"; Outlook's \"De : … Envoyé : …\" "
                + "block (crisp new_outlook_2019_fr, outlook_2019_fr); forwards: crisp apple_mail_fr, yahoo_fr, "
                + "thunderbird_fr",
            attributions: ["Le * a écrit :", "* a écrit :"],
            separators: [
                "Message d'origine", "Message original", "Message transféré", "Message transmis", "Courriel original",
            ],
            introductions: ["Début du message réexpédié :", "Début du message transféré :"],
            fields: [
                .from: ["De"], .date: ["Envoyé", "Date", "Envoyé le"], .to: ["À", "A", "Pour"], .cc: ["Cc", "Copie à"],
                .subject: ["Objet", "Sujet"],
            ],
            signatures: [
                "Envoyé de mon ", "Envoyé depuis mon ", "Envoyé à partir de ", "Obtenir Outlook pour ",
                "Envoyé avec ", "Envoyé depuis ",
            ],
            signOffs: [
                "Cordialement", "Bien cordialement", "Bien à vous", "Salutations", "Meilleures salutations",
                "Sincères salutations", "Bonne journée", "Merci et bonne journée",
            ],
            banners: ["[EXTERNE]", "ATTENTION : Ce courriel provient de l'extérieur", "Courriel externe"]
        ),
        QuoteForms(
            language: "nl",
            client: "Gmail, Apple Mail, Thunderbird, Outlook",
            source:
                "Gmail: \"Op di 12 mrt 2024 om 10:04 schreef Jan <jan@…>:\"; Apple Mail: \"Op 12 mrt 2024, om 10:04 "
                + "heeft Jan <jan@…> het volgende geschreven:\"; forwards: crisp gmail_nl, apple_mail_nl, yahoo_nl",
            attributions: [
                "Op * schreef *:", "* schreef:", "Op * heeft * het volgende geschreven:", "Op * heeft * geschreven:",
            ],
            separators: ["Oorspronkelijk bericht", "Origineel bericht", "Doorgestuurd bericht"],
            introductions: ["Begin doorgestuurd bericht:"],
            fields: [
                .from: ["Van"], .date: ["Verzonden", "Verstuurd", "Datum"], .to: ["Aan"], .cc: ["CC", "Kopie"],
                .subject: ["Onderwerp"],
            ],
            signatures: [
                "Verzonden vanaf mijn ", "Verstuurd vanaf mijn ", "Verzonden met ", "Outlook voor iOS",
                "Outlook voor Android", "Verzonden vanuit ",
            ],
            signOffs: [
                "Met vriendelijke groet", "Met vriendelijke groeten", "Vriendelijke groet", "Vriendelijke groeten",
                "Hartelijke groet", "Groetjes", "Groet", "Groeten", "Mvg",
            ],
            banners: ["[EXTERN]", "LET OP: Deze e-mail is afkomstig van buiten"]
        ),
        QuoteForms(
            language: "es",
            client: "Gmail, Apple Mail, Thunderbird, Outlook",
            source:
                "Gmail: \"El mar, 12 mar 2024 a las 10:04, Ana (<ana@…>) escribió:\"; Outlook: \"De: … Enviado el: …\"; "
                + "forwards: crisp gmail_es, apple_mail_es, yahoo_es",
            attributions: ["El * escribió:", "* escribió:"],
            separators: ["Mensaje original", "Mensaje reenviado"],
            introductions: ["Inicio del mensaje reenviado:"],
            fields: [
                .from: ["De"], .date: ["Enviado el", "Enviado", "Fecha"], .to: ["Para", "A"], .cc: ["CC"],
                .subject: ["Asunto"],
            ],
            signatures: [
                "Enviado desde mi ", "Enviado desde ", "Obtener Outlook para ", "Descargar Outlook para ",
                "Enviado con ",
            ],
            signOffs: ["Saludos cordiales", "Un saludo", "Saludos", "Atentamente", "Cordialmente", "Un cordial saludo"]
        ),
        QuoteForms(
            language: "it",
            client: "Gmail, Apple Mail, Thunderbird, Outlook",
            source: "Gmail: \"Il giorno mar 12 mar 2024 alle ore 10:04 Mario <mario@…> ha scritto:\"; forwards: crisp "
                + "gmail_it, apple_mail_it, yahoo_it, outlook_2019_it",
            attributions: ["Il * ha scritto:", "* ha scritto:"],
            separators: ["Messaggio originale", "Messaggio inoltrato"],
            introductions: ["Inizio messaggio inoltrato:"],
            fields: [
                .from: ["Da", "Mittente"], .date: ["Inviato", "Data"], .to: ["A"], .cc: ["Cc"], .subject: ["Oggetto"],
            ],
            signatures: ["Inviato da ", "Inviato dal mio ", "Scarica Outlook per "],
            signOffs: ["Cordiali saluti", "Distinti saluti", "Saluti", "Un saluto", "Cordialmente"]
        ),
        QuoteForms(
            language: "pt",
            client: "Gmail, Apple Mail, Thunderbird, Outlook",
            source: "Gmail: \"Em ter., 12 de mar. de 2024 às 10:04, Maria <maria@…> escreveu:\"; Apple Mail: \"No dia "
                + "12/03/2024, às 10:04, Maria <maria@…> escreveu:\"; forwards: crisp gmail_pt, apple_mail_pt, "
                + "apple_mail_pt_br, yahoo_pt_br",
            attributions: ["Em * escreveu:", "* escreveu:"],
            separators: ["Mensagem original", "Mensagem encaminhada", "Mensagem reencaminhada"],
            introductions: ["Início da mensagem reencaminhada:", "Início da mensagem encaminhada:"],
            fields: [
                .from: ["De"], .date: ["Enviado", "Enviada", "Data"], .to: ["Para"], .cc: ["Cc"], .subject: ["Assunto"],
            ],
            signatures: ["Enviado do meu ", "Enviado a partir do ", "Enviado do ", "Obter o Outlook para "],
            signOffs: [
                "Atenciosamente", "Cumprimentos", "Melhores cumprimentos", "Com os melhores cumprimentos", "Abraços",
                "Abraço",
            ]
        ),
        QuoteForms(
            language: "ca",
            client: "Gmail, Outlook",
            source: "Gmail's Catalan interface: \"El dt., 12 de març 2024 a les 10:04, Joan <joan@…> va escriure:\"; "
                + "Outlook: \"De: … Enviat: … Per a: … Assumpte: …\"",
            attributions: ["El * va escriure:", "* va escriure:"],
            separators: ["Missatge original", "Missatge reenviat"],
            introductions: ["Inici del missatge reenviat:"],
            fields: [.from: ["De"], .date: ["Enviat", "Data"], .to: ["Per a"], .cc: ["A/c"], .subject: ["Assumpte"]],
            signatures: ["Enviat des del meu ", "Enviat des de "],
            signOffs: ["Salutacions", "Cordialment", "Atentament"]
        ),
    ]
}
