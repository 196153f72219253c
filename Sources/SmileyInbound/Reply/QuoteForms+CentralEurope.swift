// Sources name a public message (a fixture of crisp-oss/email-forward-parser, MIT, as read into the shared
// replies set) where one shows the form, else the client and interface language it was seen in.

extension QuoteForms {
    static let centralEurope: [QuoteForms] = [
        QuoteForms(
            language: "pl",
            client: "Gmail, Apple Mail, Thunderbird, Outlook",
            source:
                "Gmail: \"wt., 12 mar 2024 o 10:04 Jan <jan@…> napisał(a):\"; Thunderbird: \"W dniu 12.03.2024 o 10:04, "
                + "Jan pisze:\"; Apple Mail: \"Wiadomość napisana przez Jan <jan@…> w dniu 12.03.2024, o godz. 10:04:\"; "
                + "Outlook for Mac: crisp outlook_2019_pl; forwards: crisp apple_mail_pl, yahoo_pl, thunderbird_pl",
            attributions: [
                "W dniu * pisze:", "* napisał(a):", "* napisał:", "* napisała:", "Dnia * napisał*:",
                "Wiadomość napisana przez * w dniu *:",
            ],
            separators: [
                "Wiadomość oryginalna", "Oryginalna wiadomość", "Przekazana wiadomość", "Wiadomość przesłana dalej",
                "Treść przekazanej wiadomości", "Wiadomość przekazana dalej",
            ],
            introductions: ["Początek przekazywanej wiadomości:"],
            fields: [
                .from: ["Od", "Nadawca"], .date: ["Wysłano", "Wysłane", "Data"], .to: ["Do", "Adresat"],
                .cc: ["DW", "Kopia"], .subject: ["Temat"],
            ],
            signatures: ["Wysłane z ", "Wysłano z mojego ", "Pobierz Outlook dla "],
            signOffs: [
                "Pozdrawiam serdecznie", "Z poważaniem", "Pozdrawiam", "Serdecznie pozdrawiam", "Z wyrazami szacunku",
            ]
        ),
        QuoteForms(
            language: "cs",
            client: "Gmail, Apple Mail, Thunderbird, Outlook",
            source:
                "Gmail: \"út 12. 3. 2024 v 10:04 odesílatel Jan <jan@…> napsal:\"; Outlook for Mac: \"Dne 28/10/2021 "
                + "12:46, … napsal(a):\" (crisp outlook_2019_cz); forwards: crisp apple_mail_cs, yahoo_cs, thunderbird_cs",
            attributions: ["Dne * napsal*:", "* napsal(a):", "* napsal:", "* napsala:"],
            separators: ["Původní zpráva", "Přeposlaná zpráva", "Původní e-mail"],
            introductions: ["Začátek přeposílané zprávy:"],
            fields: [
                .from: ["Od"], .date: ["Odesláno", "Datum"], .to: ["Komu"], .cc: ["Kopie"], .subject: ["Předmět"],
            ],
            signatures: ["Odesláno z ", "Odeslané z "],
            signOffs: ["S pozdravem", "S přátelským pozdravem", "Děkuji a zdravím", "Zdravím"]
        ),
        QuoteForms(
            language: "sk",
            client: "Gmail, Apple Mail, Thunderbird, Outlook",
            source:
                "Gmail: \"ut 12. 3. 2024 o 10:04 Ján <jan@…> napísal(a):\"; Thunderbird: \"Dňa 12. 3. 2024 o 10:04 Ján "
                + "napísal(a):\"; forwards: crisp apple_mail_sk, yahoo_sk, thunderbird_sk",
            attributions: ["Dňa * napísal*:", "* napísal(a):", "* napísal:", "* napísala:"],
            separators: ["Pôvodná správa", "Preposlaná správa"],
            introductions: ["Začiatok preposlanej správy:"],
            fields: [
                .from: ["Od"], .date: ["Odoslané", "Dátum"], .to: ["Komu", "Pre"], .cc: ["Kópia"],
                .subject: ["Predmet"],
            ],
            signatures: ["Odoslané z "],
            signOffs: ["S pozdravom", "S priateľským pozdravom", "Ďakujem a zdravím"]
        ),
        QuoteForms(
            language: "hu",
            client: "Gmail, Apple Mail, Thunderbird, Outlook",
            source:
                "Gmail: \"Ján <jan@…> ezt írta (időpont: 2024. márc. 12., K, 10:04):\"; Thunderbird: \"2024. 03. 12. "
                + "10:04 keltezéssel, Ján írta:\"; Outlook for Mac: crisp outlook_2019_hu; forwards: crisp apple_mail_hu, "
                + "yahoo_hu",
            attributions: ["* ezt írta (időpont: *):", "* írta:", "* ezt írta:"],
            separators: ["Eredeti üzenet", "Továbbított üzenet"],
            introductions: ["Továbbított levél kezdete:"],
            fields: [
                .from: ["Feladó"], .date: ["Elküldve", "Dátum", "Küldve"], .to: ["Címzett"],
                .cc: ["Másolatot kap", "Másolat"], .subject: ["Tárgy"],
            ],
            signatures: ["Az iPhone-omról küldve", "iPhone-ról küldve", "Androidról küldve"],
            signOffs: ["Üdvözlettel", "Tisztelettel", "Üdv", "Köszönettel"]
        ),
        QuoteForms(
            language: "ro",
            client: "Gmail, Apple Mail, Thunderbird, Outlook",
            source: "Gmail: \"Pe mar., 12 mar. 2024 la 10:04, Ion <ion@…> a scris:\"; forwards: crisp apple_mail_ro, "
                + "yahoo_ro, thunderbird_ro",
            attributions: ["Pe * a scris:", "* a scris:"],
            separators: ["Mesaj original", "Mesajul original", "Mesaj redirecționat", "Mesaj redirecţionat"],
            introductions: ["Începe mesajul redirecționat:"],
            fields: [
                .from: ["De la", "Expeditorul", "De"], .date: ["Trimis", "Dată", "Data"],
                .to: ["Către", "Destinatarul", "Catre"], .cc: ["Cc"], .subject: ["Subiect", "Subiectul"],
            ],
            signatures: ["Trimis de pe ", "Trimis din ", "Trimis cu "],
            signOffs: ["Cu stimă", "Cu respect", "Toate cele bune", "O zi bună"]
        ),
        QuoteForms(
            language: "hr",
            client: "Gmail, Apple Mail, Thunderbird, Outlook",
            source: "Gmail: \"uto, 12. ožu 2024. u 10:04 Ivan <ivan@…> napisao je:\"; forwards: crisp apple_mail_hr, "
                + "thunderbird_hr; Outlook: \"Šalje: … Poslano: … Prima: … Predmet: …\"",
            attributions: ["* napisao je:", "* je napisao:", "* napisala je:", "* je napisala:", "* je napisao/la:"],
            separators: ["Izvorna poruka", "Originalna poruka", "Proslijeđena poruka"],
            introductions: ["Započni proslijeđenu poruku:"],
            fields: [
                .from: ["Šalje", "Od"], .date: ["Poslano", "Datum"], .to: ["Prima", "Za"], .cc: ["Kopija"],
                .subject: ["Predmet", "Naslov"],
            ],
            signatures: ["Poslano s ", "Poslano sa ", "Poslano iz "],
            signOffs: ["Srdačan pozdrav", "Lijep pozdrav", "S poštovanjem", "Pozdrav"]
        ),
        QuoteForms(
            language: "sl",
            client: "Gmail, Outlook",
            source: "Gmail's Slovenian interface: \"V tor., 12. mar. 2024 ob 10:04 je Ana <ana@…> napisala:\"",
            attributions: ["V * je * napisal*:", "* je napisal:", "* je napisala:"],
            separators: ["Izvirno sporočilo", "Posredovano sporočilo"],
            fields: [.from: ["Od"], .date: ["Poslano"], .to: ["Za"], .subject: ["Zadeva"]],
            signatures: ["Poslano iz "]
        ),
        QuoteForms(
            language: "el",
            client: "Gmail, Apple Mail, Outlook",
            source: "Gmail's Greek interface: \"Στις Τρί 12 Μαρ 2024 στις 10:04, ο/η Γιώργος <g@…> έγραψε:\"",
            attributions: ["* έγραψε:"],
            separators: ["Αρχικό μήνυμα", "Προωθημένο μήνυμα"],
            introductions: ["Έναρξη προωθημένου μηνύματος:"],
            fields: [
                .from: ["Από"], .date: ["Στάλθηκε", "Ημερομηνία"], .to: ["Προς"], .cc: ["Κοιν"], .subject: ["Θέμα"],
            ],
            signatures: ["Στάλθηκε από "],
            signOffs: ["Με εκτίμηση", "Φιλικά"]
        ),
        QuoteForms(
            language: "tr",
            client: "Gmail, Apple Mail, Thunderbird, Outlook",
            source: "Gmail: \"12 Mar 2024 Sal, saat 10:04 tarihinde Ali <ali@…> şunu yazdı:\"; Outlook for Mac: crisp "
                + "outlook_2019_tr; forwards: crisp apple_mail_tr, yahoo_tr, thunderbird_tr",
            attributions: ["* şunu yazdı:", "* şunları yazdı:", "* yazdı:"],
            separators: ["Orijinal mesaj", "Özgün ileti", "İletilmiş Mesaj", "İletilen İleti"],
            introductions: ["İleti başlangıcı:"],
            fields: [
                .from: ["Kimden", "Gönderen"], .date: ["Gönderildi", "Tarih", "Gönderilme"], .to: ["Kime"],
                .cc: ["Bilgi"], .subject: ["Konu"],
            ],
            signatures: ["iPhone'umdan gönderildi", "iPad'imden gönderildi", "Android cihazımdan gönderildi"],
            signOffs: ["Saygılarımla", "Saygılarımızla", "İyi çalışmalar"]
        ),
    ]
}
