// Sources name a public message (a fixture of crisp-oss/email-forward-parser, MIT, as read into the shared
// replies set) where one shows the form, else the client and interface language it was seen in.

extension QuoteForms {
    static let easternEurope: [QuoteForms] = [
        QuoteForms(
            language: "ru",
            client: "Gmail, Apple Mail, Thunderbird, Outlook, Yandex, Mail.ru",
            source: "Gmail: \"вт, 12 мар. 2024 г. в 10:04, Иван <ivan@…>:\" (no verb: read by the dated address rule); "
                + "Apple Mail: \"12 марта 2024 г., в 10:04, Иван <ivan@…> написал(а):\"; Thunderbird: \"12.03.2024 10:04, "
                + "Иван пишет:\"; forwards: crisp apple_mail_ru, yahoo_ru, thunderbird_ru, outlook_2019_ru",
            attributions: ["* написал(а):", "* написал:", "* написала:", "* пишет:"],
            separators: [
                "Исходное сообщение", "Пересылаемое сообщение", "Перенаправленное сообщение", "Пересланное сообщение",
                "Оригинальное сообщение", "Конец пересылаемого сообщения",
            ],
            introductions: ["Начало переадресованного сообщения:", "Пересылаемое сообщение:"],
            fields: [
                .from: ["От", "Отправитель"], .date: ["Отправлено", "Дата"], .to: ["Кому"], .cc: ["Копия"],
                .subject: ["Тема"],
            ],
            signatures: ["Отправлено с ", "Отправлено из ", "Отправлено со "],
            signOffs: ["С уважением", "С наилучшими пожеланиями", "Всего доброго"]
        ),
        QuoteForms(
            language: "uk",
            client: "Gmail, Apple Mail, Thunderbird, Outlook",
            source:
                "Gmail: \"вт, 12 бер. 2024 р. о 10:04 Іван <ivan@…> пише:\"; Apple Mail: \"… написав(-ла):\"; forwards: "
                + "crisp apple_mail_uk, yahoo_uk, thunderbird_uk",
            attributions: ["* пише:", "* написав(-ла):", "* написав(ла):", "* написав:", "* написала:"],
            separators: [
                "Вихідне повідомлення", "Перенаправлене повідомлення", "Переслане повідомлення",
                "Початкове повідомлення", "Оригінальне повідомлення",
            ],
            introductions: ["Початок листа, що пересилається:", "Початок пересланого листа:"],
            fields: [
                .from: ["Від", "Від кого"], .date: ["Надіслано", "Дата"], .to: ["Кому"], .cc: ["Копія"],
                .subject: ["Тема"],
            ],
            signatures: ["Надіслано з ", "Відправлено з "],
            signOffs: ["З повагою", "З найкращими побажаннями"]
        ),
        QuoteForms(
            language: "bg",
            client: "Gmail, Outlook",
            source: "Gmail's Bulgarian interface: \"вт, 12.03.2024 г. в 10:04 Иван <ivan@…> написа:\"",
            attributions: ["* написа:"],
            separators: ["Оригинално съобщение", "Препратено съобщение"],
            fields: [.from: ["От"], .date: ["Изпратено", "Дата"], .to: ["До"], .cc: ["Копие"], .subject: ["Относно"]],
            signatures: ["Изпратено от "],
            signOffs: ["Поздрави", "С уважение"]
        ),
    ]

    static let asia: [QuoteForms] = [
        QuoteForms(
            language: "ja",
            client: "Gmail, Apple Mail, Outlook, HubSpot",
            source: "Gmail: \"2024年3月12日(火) 10:04 山田 <yamada@…>:\" (the dated address rule); Apple Mail: \"2024/03/12 "
                + "10:04、山田 <yamada@…>のメール:\"; older clients: \"…さんは書きました:\"; forward: crisp hubspot_ja",
            attributions: ["*のメール:"],
            bareAttributions: ["*書きました:"],
            separators: ["元のメッセージ", "転送されたメッセージ", "メッセージを転送", "転送メッセージ"],
            introductions: ["転送されたメッセージ:", "転送メッセージ:"],
            fields: [
                .from: ["差出人", "送信元", "送信者"], .date: ["送信日時", "日付", "送信日"], .to: ["宛先", "送信先"],
                .cc: ["CC"], .subject: ["件名"],
            ],
            signatures: ["iPhoneから送信", "iPadから送信", "Androidから送信"]
        ),
        QuoteForms(
            language: "zh",
            client: "Gmail, Apple Mail, Outlook, Foxmail",
            source: "Gmail (simplified): \"张三 <zhang@…> 于2024年3月12日周二 10:04写道：\"; (traditional): \"張三 <zhang@…> "
                + "於 2024年3月12日 週二 上午10:04寫道：\"; Outlook: \"发件人: … 发送时间: … 收件人: … 主题: …\"",
            attributions: ["*写道:", "*寫道:", "在 * 写道:"],
            separators: ["原始邮件", "原始郵件", "转发的邮件", "轉寄的郵件", "原始消息"],
            introductions: ["转发的邮件:", "开始转发的邮件:", "轉寄的郵件:"],
            fields: [
                .from: ["发件人", "寄件者", "發件人"], .date: ["发送时间", "日期", "寄件日期", "時間"],
                .to: ["收件人", "收件者"], .cc: ["抄送", "副本"], .subject: ["主题", "主旨", "主題"],
            ],
            signatures: ["发自我的", "从我的iPhone发送", "寄自我的"]
        ),
        QuoteForms(
            language: "ko",
            client: "Gmail, Apple Mail, Outlook",
            source: "Gmail's Korean interface: \"2024년 3월 12일 (화) 오전 10:04, 홍길동 <hong@…>님이 작성:\"; Apple Mail: "
                + "\"2024. 3. 12. 오전 10:04, 홍길동 <hong@…> 작성:\"",
            attributions: ["*님이 작성:", "* 작성:"],
            separators: ["원본 메시지", "전달된 메시지"],
            introductions: ["전달된 메시지:"],
            fields: [
                .from: ["보낸 사람"], .date: ["보낸 날짜", "날짜"], .to: ["받는 사람"], .cc: ["참조"], .subject: ["제목"],
            ],
            signatures: ["나의 iPhone에서 보냄", "iPhone에서 보냄"]
        ),
        QuoteForms(
            language: "ar",
            client: "Gmail, Outlook",
            source:
                "Gmail's Arabic interface: \"في الثلاثاء، 12 مارس 2024 في 10:04 ص تمت كتابة ما يلي بواسطة محمد <m@…>:\"; "
                + "iPhone Mail: \"في ٠٤/٠٧/٢٠٢٤ الساعة ٣:٣٦ م، كتب/كتبت … <…>:\" (shared replies, EdgeTier "
                + "email_arabic_2); Outlook: \"من: … تاريخ الإرسال: … إلى: … الموضوع: …\"",
            attributions: ["في * كتب*:", "* تمت كتابة ما يلي بواسطة *:", "* كتب:", "* كتبت:"],
            separators: ["الرسالة الأصلية", "رسالة معاد توجيهها"],
            fields: [
                .from: ["من"], .date: ["تاريخ الإرسال", "التاريخ", "أرسلت"], .to: ["إلى"], .cc: ["نسخة"],
                .subject: ["الموضوع"],
            ],
            signatures: ["أرسلت من ", "أُرسلت من ", "مرسل من "]
        ),
        QuoteForms(
            language: "he",
            client: "Gmail, Outlook",
            source: "Gmail's Hebrew interface: \"בתאריך יום ג׳, 12 במרץ 2024 ב-10:04 מאת David <d@…>:\" (the dated "
                + "address rule); Outlook: \"מאת: … נשלח: … אל: … נושא: …\"",
            attributions: ["* כתב:", "* כתבה:"],
            separators: ["הודעה מקורית", "הודעה שהועברה"],
            fields: [.from: ["מאת"], .date: ["נשלח", "תאריך"], .to: ["אל"], .cc: ["עותק"], .subject: ["נושא"]]
        ),
        QuoteForms(
            language: "vi",
            client: "Gmail, Outlook",
            source: "Gmail's Vietnamese interface: \"Vào Th 3, 12 thg 3, 2024 vào lúc 10:04 An <an@…> đã viết:\"",
            attributions: ["* đã viết:"],
            separators: ["Thư gốc", "Tin nhắn gốc", "Thư được chuyển tiếp"],
            fields: [.from: ["Từ"], .date: ["Đã gửi", "Ngày"], .to: ["Đến"], .subject: ["Chủ đề"]]
        ),
        QuoteForms(
            language: "id",
            client: "Gmail, Outlook",
            source:
                "Gmail's Indonesian interface: \"Pada tanggal Sel, 12 Mar 2024 pukul 10.04 Budi <budi@…> menulis:\"",
            attributions: ["* menulis:"],
            separators: ["Pesan asli", "Pesan yang diteruskan"],
            fields: [
                .from: ["Dari"], .date: ["Dikirim", "Tanggal"], .to: ["Kepada"], .subject: ["Subjek", "Perihal"],
            ],
            signatures: ["Dikirim dari "]
        ),
        QuoteForms(
            language: "lt",
            client: "Gmail, Outlook",
            source: "Gmail's Lithuanian interface: \"2024-03-12, an, 10:04, Jonas <jonas@…> rašė:\"; Outlook: \"Nuo: … "
                + "Išsiųsta: … Kam: … Tema: …\"",
            attributions: ["* rašė:"],
            separators: ["Originalus laiškas", "Persiųstas laiškas"],
            fields: [.from: ["Nuo"], .date: ["Išsiųsta", "Data"], .to: ["Kam"], .subject: ["Tema"]]
        ),
        QuoteForms(
            language: "lv",
            client: "Gmail, Outlook",
            source:
                "Gmail's Latvian interface: \"otrd., 2024. g. 12. marts, plkst. 10:04 — lietotājs Jānis <j@…> rakstīja:\"",
            attributions: ["* rakstīja:"],
            separators: ["Sākotnējais ziņojums", "Pārsūtīts ziņojums"],
            fields: [.from: ["No"], .date: ["Nosūtīts", "Datums"], .to: ["Kam"], .subject: ["Tēma"]]
        ),
        QuoteForms(
            language: "is",
            client: "Gmail",
            source: "Gmail's Icelandic interface: \"þri., 12. mar. 2024 kl. 10:04 skrifaði Jón <jon@…>:\"",
            attributions: ["* skrifaði *:", "* skrifaði:"]
        ),
        QuoteForms(
            language: "fa",
            client: "Gmail",
            source: "Gmail's Persian interface: \"… در تاریخ … نوشت:\"",
            attributions: ["* نوشت:"]
        ),
        QuoteForms(
            language: "hi",
            client: "Gmail",
            source: "Gmail's Hindi interface: \"मंगल, 12 मार्च 2024 को 10:04 am बजे Ravi <ravi@…> ने लिखा:\"",
            attributions: ["* ने लिखा:"]
        ),
        QuoteForms(
            language: "th",
            client: "Gmail",
            source: "Gmail's Thai interface: \"เมื่อ อ. 12 มี.ค. 2024 เวลา 10:04 Somchai <s@…> เขียนว่า:\"",
            attributions: ["* เขียนว่า:", "* เขียน:"]
        ),
    ]

}
