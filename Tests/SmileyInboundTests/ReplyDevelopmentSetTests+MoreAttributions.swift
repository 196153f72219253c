import Testing

@testable import SmileyInbound

extension ReplyDevelopmentSetTests {
    static let moreAttributionCases: [Case] = [
        (
            "et", "Gmail", "Kontakt … (<…>) kirjutas kuupäeval … kell …:",
            """
            Hea. Aitäh, printer töötab jälle.

            Kontakt Acme Support (<support@acme.example>) kirjutas kuupäeval T, 12. märts 2024 kell 10:04:

            > Kuidas meil läks? Vastake Hea, OK või Halb.
            """,
            "Hea. Aitäh, printer töötab jälle.", .attribution
        ),
        (
            "pl", "Gmail", "… o … <…> napisał(a):",
            """
            Dobrze. Dziękuję, drukarka znowu działa.

            wt., 12 mar 2024 o 10:04 Acme Support <support@acme.example> napisał(a):

            > Jak nam poszło? Odpowiedz: Dobrze, OK lub Źle.
            """,
            "Dobrze. Dziękuję, drukarka znowu działa.", .attribution
        ),
        (
            "pl", "Apple Mail", "Wiadomość napisana przez … <…> w dniu …, o godz. …:",
            """
            Źle. Nikt nie oddzwonił w sprawie laptopa.

            Wiadomość napisana przez Acme Support <support@acme.example> w dniu 12.03.2024, o godz. 10:04:

            > Jak nam poszło? Odpowiedz: Dobrze, OK lub Źle.
            """,
            "Źle. Nikt nie oddzwonił w sprawie laptopa.", .attribution
        ),
        (
            "pl", "Thunderbird", "W dniu … o …, … pisze:",
            """
            OK, działa.

            W dniu 12.03.2024 o 10:04, Acme Support pisze:
            > Jak nam poszło? Odpowiedz: Dobrze, OK lub Źle.
            """,
            "OK, działa.", .attribution
        ),
        (
            "cs", "Gmail", "… v … odesílatel … <…> napsal:",
            """
            Dobře. Děkuji, tiskárna zase funguje.

            út 12. 3. 2024 v 10:04 odesílatel Acme Support <support@acme.example> napsal:

            > Jak jsme si vedli? Odpovězte Dobře, OK nebo Špatně.
            """,
            "Dobře. Děkuji, tiskárna zase funguje.", .attribution
        ),
        (
            "cs", "Thunderbird", "Dne … v … … napsal(a):",
            """
            Špatně. VPN pořád nejde.

            Dne 12. 03. 24 v 10:04 Acme Support napsal(a):
            > Jak jsme si vedli? Odpovězte Dobře, OK nebo Špatně.
            """,
            "Špatně. VPN pořád nejde.", .attribution
        ),
        (
            "sk", "Gmail", "… o … <…> napísal(a):",
            """
            Dobre. Ďakujem, tlačiareň opäť funguje.

            ut 12. 3. 2024 o 10:04 Acme Support <support@acme.example> napísal(a):

            > Ako sme si viedli? Odpovedzte Dobre, OK alebo Zle.
            """,
            "Dobre. Ďakujem, tlačiareň opäť funguje.", .attribution
        ),
        (
            "hu", "Gmail", "… <…> ezt írta (időpont: …):",
            """
            Jó. Köszönöm, a nyomtató újra működik.

            Acme Support <support@acme.example> ezt írta (időpont: 2024. márc. 12., K, 10:04):

            > Hogyan teljesítettünk? Válaszoljon: Jó, OK vagy Rossz.
            """,
            "Jó. Köszönöm, a nyomtató újra működik.", .attribution
        ),
        (
            "hu", "Thunderbird", "… keltezéssel, … írta:",
            """
            Rossz. A jelszó-visszaállítás még mindig nem működik.

            2024. 03. 12. 10:04 keltezéssel, Acme Support írta:
            > Hogyan teljesítettünk? Válaszoljon: Jó, OK vagy Rossz.
            """,
            "Rossz. A jelszó-visszaállítás még mindig nem működik.", .attribution
        ),
        (
            "ro", "Gmail", "În … la …, … <…> a scris:",
            """
            Bine. Mulțumesc, imprimanta funcționează din nou.

            În mar., 12 mar. 2024 la 10:04, Acme Support <support@acme.example> a scris:

            > Cum ne-am descurcat? Răspundeți cu Bine, OK sau Rău.
            """,
            "Bine. Mulțumesc, imprimanta funcționează din nou.", .attribution
        ),
        (
            "hr", "Gmail", "… u … <…> napisao je:",
            """
            Dobro. Hvala, pisač opet radi.

            uto, 12. ožu 2024. u 10:04 Acme Support <support@acme.example> napisao je:

            > Kako smo se snašli? Odgovorite s Dobro, OK ili Loše.
            """,
            "Dobro. Hvala, pisač opet radi.", .attribution
        ),
        (
            "el", "Gmail", "Στις … στις …, ο/η … <…> έγραψε:",
            """
            Καλά. Ευχαριστώ, ο εκτυπωτής λειτουργεί ξανά.

            Στις Τρί 12 Μαρ 2024 στις 10:04 π.μ., ο/η Acme Support <support@acme.example> έγραψε:

            > Πώς τα πήγαμε; Απαντήστε Καλά, OK ή Άσχημα.
            """,
            "Καλά. Ευχαριστώ, ο εκτυπωτής λειτουργεί ξανά.", .attribution
        ),
        (
            "tr", "Gmail", "… <…>, … tarihinde şunu yazdı:",
            """
            İyi. Teşekkürler, yazıcı yeniden çalışıyor.

            Acme Support <support@acme.example>, 12 Mar 2024 Sal, 10:04 tarihinde şunu yazdı:

            > Nasıldık? İyi, Orta veya Kötü diye yanıt verin.
            """,
            "İyi. Teşekkürler, yazıcı yeniden çalışıyor.", .attribution
        ),
        (
            "ru", "Apple Mail", "…, в …, … <…> написал(а):",
            """
            Хорошо. Спасибо, принтер снова работает.

            12 марта 2024 г., в 10:04, Acme Support <support@acme.example> написал(а):

            > Как мы справились? Ответьте: Хорошо, Нормально или Плохо.
            """,
            "Хорошо. Спасибо, принтер снова работает.", .attribution
        ),
        (
            "ru", "Thunderbird", "…, … пишет:",
            """
            Плохо. Почта до сих пор не синхронизируется.

            12.03.2024 10:04, Acme Support пишет:
            > Как мы справились? Ответьте: Хорошо, Нормально или Плохо.
            """,
            "Плохо. Почта до сих пор не синхронизируется.", .attribution
        ),
        (
            "uk", "Gmail", "… о … <…> пише:",
            """
            Добре. Дякую, принтер знову працює.

            вт, 12 бер. 2024 р. о 10:04 Acme Support <support@acme.example> пише:

            > Як ми впоралися? Дайте відповідь: Добре, Нормально або Погано.
            """,
            "Добре. Дякую, принтер знову працює.", .attribution
        ),
        (
            "bg", "Gmail", "На … в … <…> написа:",
            """
            Добре. Благодаря, принтерът отново работи.

            На вт, 12.03.2024 г. в 10:04 Acme Support <support@acme.example> написа:

            > Как се справихме? Отговорете с Добре, Нормално или Зле.
            """,
            "Добре. Благодаря, принтерът отново работи.", .attribution
        ),
        (
            "zh-Hans", "Gmail", "… <…> 于…写道：",
            """
            好。谢谢，打印机又能用了。

            Acme Support <support@acme.example> 于2024年3月12日周二 10:04写道：

            > 我们的服务如何？请回复：好、一般或差。
            """,
            "好。谢谢，打印机又能用了。", .attribution
        ),
        (
            "zh-Hans", "Apple Mail", "…，… <…> 写道：",
            """
            一般。问题解决了，但是等了三天。

            2024年3月12日 10:04，Acme Support <support@acme.example> 写道：

            > 我们的服务如何？请回复：好、一般或差。
            """,
            "一般。问题解决了，但是等了三天。", .attribution
        ),
        (
            "zh-Hant", "Gmail", "… <…> 於 …寫道：",
            """
            好。謝謝，印表機又可以用了。

            Acme Support <support@acme.example> 於 2024年3月12日 週二 上午10:04寫道：

            > 我們的服務如何？請回覆：好、普通或差。
            """,
            "好。謝謝，印表機又可以用了。", .attribution
        ),
        (
            "ja", "Apple Mail", "… …、… <…>のメール:",
            """
            良い。プリンターが直りました。ありがとうございます。

            2024/03/12 10:04、Acme Support <support@acme.example>のメール:

            > 対応はいかがでしたか？「良い」「普通」「悪い」のいずれかでご返信ください。
            """,
            "良い。プリンターが直りました。ありがとうございます。", .attribution
        ),
        (
            "ko", "Gmail", "… …, … <…>님이 작성:",
            """
            좋음. 감사합니다, 프린터가 다시 작동합니다.

            2024년 3월 12일 (화) 오전 10:04, Acme Support <support@acme.example>님이 작성:

            > 지원은 어떠셨나요? 좋음, 보통, 나쁨 중 하나로 답장해 주세요.
            """,
            "좋음. 감사합니다, 프린터가 다시 작동합니다.", .attribution
        ),
        (
            "vi", "Gmail", "Vào … vào lúc … <…> đã viết:",
            """
            Tốt. Cảm ơn, máy in đã hoạt động lại.

            Vào Th 3, 12 thg 3, 2024 vào lúc 10:04 Acme Support <support@acme.example> đã viết:

            > Chúng tôi hỗ trợ thế nào? Hãy trả lời Tốt, OK hoặc Tệ.
            """,
            "Tốt. Cảm ơn, máy in đã hoạt động lại.", .attribution
        ),
        (
            "id", "Gmail", "Pada tanggal … pukul … <…> menulis:",
            """
            Baik. Terima kasih, printernya sudah berfungsi lagi.

            Pada tanggal Sel, 12 Mar 2024 pukul 10.04 Acme Support <support@acme.example> menulis:

            > Bagaimana layanan kami? Balas dengan Baik, OK, atau Buruk.
            """,
            "Baik. Terima kasih, printernya sudah berfungsi lagi.", .attribution
        ),
    ]
}
