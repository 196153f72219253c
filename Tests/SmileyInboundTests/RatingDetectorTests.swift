import SmileyCore
import SmileyInbound
import Testing

/// Replies customers type under a survey, per language and scale.
@Suite("Rating detection")
struct RatingDetectorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let reply: String
        let scale: RatingScale
        let locale: String?
        /// The expected code (`positive`, `4`, …) or `nil` for no rating.
        let code: String?
        let comment: String
        var testDescription: String { "\(locale ?? "-") \(scale.rawValue): \(reply.prefix(30))" }

        /// An English reply on the smiley scale.
        init(_ reply: String, _ code: String?, _ comment: String) {
            self.init(reply, .smiley, "en", code, comment)
        }

        init(_ reply: String, _ scale: RatingScale, _ locale: String?, _ code: String?, _ comment: String) {
            self.reply = reply
            self.scale = scale
            self.locale = locale
            self.code = code
            self.comment = comment
        }
    }

    static let englishCases: [Case] = [
        Case("Great, thanks for the quick fix!", "positive", "thanks for the quick fix!"),
        Case("Excellent", "positive", ""),
        Case("GOOD!!! Anna was very helpful.", "positive", "Anna was very helpful."),
        Case("very good - solved in ten minutes", "positive", "solved in ten minutes"),
        Case("Really great job by Tom.", "positive", "job by Tom."),
        Case("OK, but it took three days.", "neutral", "but it took three days."),
        Case("Okay.", "neutral", ""),
        Case("Neutral: the answer was right but slow", "neutral", "the answer was right but slow"),
        Case("Bad. Nobody called me back.", "negative", "Nobody called me back."),
        Case("poor", "negative", ""),
        Case("Terrible - the problem is back.", "negative", "the problem is back."),
        Case("Not good. Still broken.", "negative", "Still broken."),
        Case("not very good, sorry", "negative", "sorry"),
        Case("Not bad", nil, "Not bad"),
        Case("Good morning, the printer is still offline.", nil, "Good morning, the printer is still offline."),
        Case("Goodbye", nil, "Goodbye"),
        Case("Thanks, the issue is solved.", nil, "Thanks, the issue is solved."),
        Case("The support was good.", nil, "The support was good."),
        Case("👍", "positive", ""),
        Case("👍🏽👍🏽 thanks!", "positive", "thanks!"),
        Case("😀 Super fast", "positive", "Super fast"),
        Case("🙂", "positive", ""),
        Case("😐 meh", "neutral", "meh"),
        Case("👎 still waiting", "negative", "still waiting"),
        Case("😞", "negative", ""),
        Case("🙁 not solved", "negative", "not solved"),
        Case(":) thanks", "positive", "thanks"),
        Case(":-( no", "negative", "no"),
        Case("", nil, ""),
        Case("5", nil, "5"),
    ]

    static let germanCases: [Case] = [
        Case("Sehr gut, vielen Dank!", .smiley, "de", "positive", "vielen Dank!"),
        Case("sehr gut", .smiley, "de-DE", "positive", ""),
        Case("Gut", .smiley, "de", "positive", ""),
        Case("Ausgezeichnet! Schnelle Antwort.", .smiley, "de", "positive", "Schnelle Antwort."),
        Case("Super, danke", .smiley, "de", "positive", "danke"),
        Case("Neutral", .smiley, "de", "neutral", ""),
        Case("Geht so. Hat lange gedauert.", .smiley, "de", "neutral", "Hat lange gedauert."),
        Case("In Ordnung", .smiley, "de_AT", "neutral", ""),
        Case("Schlecht – niemand hat zurückgerufen.", .smiley, "de", "negative", "niemand hat zurückgerufen."),
        Case("Sehr schlecht", .smiley, "de", "negative", ""),
        Case("Nicht gut, das Problem besteht weiterhin.", .smiley, "de", "negative", "das Problem besteht weiterhin."),
        Case("nicht so gut", .smiley, "de", "negative", ""),
        Case("gar nicht zufrieden", .smiley, "de", "negative", ""),
        Case("Nicht schlecht", .smiley, "de", nil, "Nicht schlecht"),
        Case(
            "Guten Morgen, der Drucker geht wieder nicht.",
            .smiley,
            "de",
            nil,
            "Guten Morgen, der Drucker geht wieder nicht."
        ),
        Case("Gutes Gespräch gestern.", .smiley, "de", nil, "Gutes Gespräch gestern."),
        Case("Good, danke", .smiley, "de", "positive", "danke"),
        Case("sehr gut", .csat5, "de", "5", ""),
        Case("gut", .csat5, "de", "4", ""),
        Case("schlecht", .csat5, "de", "2", ""),
        Case("Bewertung: 4", .csat5, "de", "4", ""),
        Case("4 von 5 Sternen", .csat5, "de", "4", "Sternen"),
    ]

    static let dutchCases: [Case] = [
        Case("Prima geholpen, dank je wel.", .smiley, "nl", "positive", "geholpen, dank je wel."),
        Case("Uitstekend!", .smiley, "nl", "positive", ""),
        Case("Heel goed", .smiley, "nl-BE", "positive", ""),
        Case("Redelijk, duurde lang.", .smiley, "nl", "neutral", "duurde lang."),
        Case("Slecht", .smiley, "nl", "negative", ""),
        Case("Niet goed. Het probleem is er nog steeds.", .smiley, "nl", "negative", "Het probleem is er nog steeds."),
        Case("niet tevreden", .smiley, "nl", "negative", ""),
        Case("Goedemorgen, ik heb nog een vraag.", .smiley, "nl", nil, "Goedemorgen, ik heb nog een vraag."),
        Case("Cijfer: 9", .nps, "nl", "9", ""),
    ]

    static let frenchCases: [Case] = [
        Case("Très bien, merci beaucoup !", .smiley, "fr", "positive", "merci beaucoup !"),
        Case("tres bien", .smiley, "fr", "positive", ""),
        Case("Excellent service", .smiley, "fr-CA", "positive", "service"),
        Case("Bien", .smiley, "fr", "positive", ""),
        Case("Moyen, un peu lent.", .smiley, "fr", "neutral", "un peu lent."),
        Case("Mauvais", .smiley, "fr", "negative", ""),
        Case("Pas bien du tout", .smiley, "fr", "negative", "du tout"),
        Case("Pas terrible, j'ai attendu trois jours.", .smiley, "fr", "negative", "j'ai attendu trois jours."),
        Case("Bien reçu, merci.", .smiley, "fr", nil, "Bien reçu, merci."),
        Case("Bonjour, le problème persiste.", .smiley, "fr", nil, "Bonjour, le problème persiste."),
        Case("Note : 4/5", .csat5, "fr", "4", ""),
        Case("4 sur 5", .csat5, "fr", "4", ""),
    ]

    static let spanishCases: [Case] = [
        Case("Excelente, muchas gracias.", .smiley, "es", "positive", "muchas gracias."),
        Case("Muy bien", .smiley, "es-MX", "positive", ""),
        Case("Bien", .smiley, "es", "positive", ""),
        Case("Regular, tardaron mucho.", .smiley, "es", "neutral", "tardaron mucho."),
        Case("Mal", .smiley, "es", "negative", ""),
        Case("Pésimo servicio", .smiley, "es", "negative", "servicio"),
        Case("No muy bien, sigue fallando.", .smiley, "es", "negative", "sigue fallando."),
        Case("No bueno", .smiley, "es", "negative", ""),
        Case("Buenos días, tengo otra pregunta.", .smiley, "es", nil, "Buenos días, tengo otra pregunta."),
        Case("Puntuación: 5", .csat5, "es", "5", ""),
    ]

    static let numbersCases: [Case] = [
        Case("5", .csat5, "en", "5", ""),
        Case("5/5", .csat5, "en", "5", ""),
        Case("4 / 5 - good but slow", .csat5, "en", "4", "good but slow"),
        Case("3 out of 5", .csat5, "en", "3", ""),
        Case("1. Nobody answered.", .csat5, "en", "1", "Nobody answered."),
        Case("4 stars", .csat5, "en", "4", ""),
        Case("★★★★☆ nice", .csat5, "en", "4", "nice"),
        Case("Rating: 4", .csat5, "en", "4", ""),
        Case("rating - 2, slow", .csat5, "en", "2", "slow"),
        Case("Excellent", .csat5, "en", "5", ""),
        Case("ok", .csat5, "en", "3", ""),
        Case("6", .csat5, "en", nil, "6"),
        Case("8/10", .csat5, "en", nil, "8/10"),
        Case("4.5", .csat5, "en", nil, "4.5"),
        Case("3 days later and still broken", .csat5, "en", nil, "3 days later and still broken"),
        Case("2024 was a bad year", .csat5, "en", nil, "2024 was a bad year"),
        Case("10", .nps, "en", "10", ""),
        Case("10 out of 10!", .nps, "en", "10", ""),
        Case("0 - never again", .nps, "en", "0", "never again"),
        Case("9/10 would recommend", .nps, "en", "9", "would recommend"),
        Case("Score: 7", .nps, "en", "7", ""),
        Case("11", .nps, "en", nil, "11"),
        Case("5/5", .nps, "en", nil, "5/5"),
        Case("Great", .nps, "en", nil, "Great"),
        Case("👍", .nps, "en", nil, "👍"),
        Case("10 — fantastic service, see the ticket.", .nps, "en", "10", "fantastic service, see the ticket."),
    ]

    static let withoutLocaleCases: [Case] = [
        Case("Sehr gut", .smiley, nil, "positive", ""),
        Case("Très bien", .smiley, nil, "positive", ""),
        Case("Great", .smiley, nil, "positive", ""),
        Case("Slecht", .smiley, "en", nil, "Slecht"),
        Case("Schlecht", .smiley, "fr", nil, "Schlecht"),
    ]

    @Test("English", arguments: englishCases) func english(_ c: Case) { check(c) }
    @Test("German", arguments: germanCases) func german(_ c: Case) { check(c) }
    @Test("Dutch", arguments: dutchCases) func dutch(_ c: Case) { check(c) }
    @Test("French", arguments: frenchCases) func french(_ c: Case) { check(c) }
    @Test("Spanish", arguments: spanishCases) func spanish(_ c: Case) { check(c) }
    @Test("numbers on CSAT and NPS", arguments: numbersCases) func numbers(_ c: Case) { check(c) }
    @Test("locale fallback", arguments: withoutLocaleCases) func fallback(_ c: Case) { check(c) }

    @Test("only a leading rating counts")
    func onlyLeading() {
        let reply = "Thanks for calling back. Overall: great."
        #expect(RatingDetector.detect(in: reply, scale: .smiley, locale: "en").rating == nil)
        let later = "Hi Anna,\nexcellent work."
        #expect(RatingDetector.detect(in: later, scale: .smiley, locale: "en").rating == nil)
    }

    @Test(
        "a negated positive word is never positive, in any language",
        arguments: [
            ("not good", "en"), ("not great", "en"), ("not happy at all", "en"), ("Not really satisfied", "en"),
            ("nicht gut", "de"), ("NICHT zufrieden", "de"), ("niet goed", "nl"), ("pas bien", "fr"),
            ("pas satisfait", "fr"), ("no bueno", "es"), ("nada bien", "es"),
        ]
    )
    func negation(reply: String, locale: String) {
        for scale in [RatingScale.smiley, .csat5] {
            let detection = RatingDetector.detect(in: reply, scale: scale, locale: locale)
            #expect(detection.rating?.sentiment != .positive, "\(reply) → \(String(describing: detection.rating))")
        }
    }

    @Test("matched names the text read as the rating, multi-line comments are kept")
    func matchedAndComment() {
        let detection = RatingDetector.detect(
            in: "  Sehr gut!\n\nDas Team war super.\nDanke",
            scale: .smiley,
            locale: "de"
        )
        #expect(detection.matched == "Sehr gut")
        #expect(detection.comment == "Das Team war super.\nDanke")
        #expect(RatingDetector.detect(in: "Rating: 4 - fine", scale: .csat5, locale: "en").matched == "Rating: 4")
        #expect(RatingDetector.detect(in: "Nothing here", scale: .csat5, locale: "en").matched == nil)
    }

    @Test("extracted reply, then rating: the usual pipeline")
    func pipeline() {
        let plain = """
            Gut, danke!\r
            \r
            Von meinem iPhone gesendet\r
            \r
            > Am 12.03.2024 um 10:04 schrieb Acme Support <support@acme.example>:\r
            > Wie zufrieden waren Sie?\r
            """
        let reply = ReplyExtractor.extract(fromPlainText: plain)
        let detection = RatingDetector.detect(in: reply.text, scale: .smiley, locale: "de")
        #expect(
            detection
                == RatingDetection(rating: Rating(scale: .smiley, code: "positive"), comment: "danke!", matched: "Gut")
        )
    }

    private func check(_ c: Case) {
        let detection = RatingDetector.detect(in: c.reply, scale: c.scale, locale: c.locale)
        #expect(detection.rating?.code == c.code, "rating of \(c.reply.debugDescription)")
        if let code = c.code {
            #expect(detection.rating == Rating(scale: c.scale, code: code))
            #expect(detection.matched != nil)
        } else {
            #expect(detection.matched == nil)
        }
        #expect(detection.comment == c.comment, "comment of \(c.reply.debugDescription)")
    }
}
