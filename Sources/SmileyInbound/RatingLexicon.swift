/// Rating words per language, on a five-level satisfaction ladder (5 very satisfied … 1 very dissatisfied).
///
/// A smiley survey folds the ladder into three (4–5 positive, 3 neutral, 1–2 negative); a CSAT survey takes the
/// level as its value; an NPS survey takes no words (0–10 has no agreed words).
struct RatingLexicon: Sendable {
    /// Phrases (lower case) with their level, longest first so "sehr gut" wins over "gut".
    let phrases: [(phrase: FoldedPhrase, level: Int)]
    /// Words that turn a following rating word around ("not", "nicht"), longest first.
    let negationsLongestFirst: [FoldedPhrase]
    /// Words that may stand between a negation and the rating word ("not very good").
    let intensifiers: [FoldedPhrase]
    /// Openings that begin with a rating word but are greetings or acknowledgements ("good morning").
    let exclusions: [FoldedPhrase]
    /// Labels before a rating ("Rating: 4").
    let labels: [FoldedPhrase]

    /// - Parameter levels: the phrases of each level (`KeyValuePairs`, not a `Dictionary`: nothing is looked up,
    ///   and a dictionary type costs the per-message ingest process a run-time conformance lookup).
    init(
        _ levels: KeyValuePairs<Int, [String]>,
        negations: [String],
        intensifiers: [String],
        exclusions: [String],
        labels: [String]
    ) {
        phrases = levels.flatMap { level, words in words.map { (phrase: FoldedPhrase($0), level: level) } }
            .sorted { $0.phrase.count > $1.phrase.count }
        negationsLongestFirst = negations.map { FoldedPhrase($0) }.sorted { $0.count > $1.count }
        self.intensifiers = intensifiers.map { FoldedPhrase($0) }
        self.exclusions = exclusions.map { FoldedPhrase($0) }
        self.labels = labels.map { FoldedPhrase($0) }
    }

    /// The lexicon for a language code (`en`, `de`, `nl`, `fr`, `es`), or `nil` for one Smiley has no words for.
    static func forLanguage(_ code: String) -> RatingLexicon? {
        switch code {
        case "en": return english
        case "de": return german
        case "nl": return dutch
        case "fr": return french
        case "es": return spanish
        default: return nil
        }
    }

    static let all: [RatingLexicon] = [english, german, dutch, french, spanish]

    static let english = RatingLexicon(
        [
            5: [
                "excellent", "outstanding", "amazing", "fantastic", "perfect", "awesome", "superb", "brilliant",
                "very good", "really good", "very happy", "very satisfied", "great", "super", "top notch",
            ],
            4: [
                "good", "pretty good", "quite good", "happy", "satisfied", "positive", "nice", "thumbs up", "good job",
                "well done",
            ],
            3: [
                "ok", "okay", "o.k.", "fine", "alright", "all right", "neutral", "average", "so-so", "so so", "meh",
                "acceptable", "could be better",
            ],
            2: [
                "poor", "bad", "unhappy", "dissatisfied", "unsatisfied", "disappointed", "disappointing", "negative",
                "mediocre", "thumbs down",
            ],
            1: [
                "terrible", "awful", "horrible", "very bad", "very poor", "very dissatisfied", "very unhappy",
                "worst", "useless", "appalling",
            ],
        ],
        negations: ["not", "never", "hardly", "no", "isn't", "wasn't", "not really"],
        intensifiers: ["very", "really", "so", "too", "that", "particularly", "at all"],
        exclusions: [
            "good morning", "good afternoon", "good evening", "good day", "good night", "good luck",
            "great question", "fine by me",
        ],
        labels: ["rating", "my rating", "score", "grade", "vote"]
    )

    static let german = RatingLexicon(
        [
            5: [
                "ausgezeichnet", "hervorragend", "sehr gut", "super", "toll", "perfekt", "prima", "spitze", "klasse",
                "sehr zufrieden", "exzellent", "großartig", "wunderbar", "top",
            ],
            4: ["gut", "zufrieden", "positiv", "ganz gut", "recht gut"],
            3: [
                "ok", "okay", "o.k.", "in ordnung", "geht so", "neutral", "mittel", "mittelmäßig", "befriedigend",
                "naja", "durchschnittlich", "passt",
            ],
            2: ["schlecht", "unzufrieden", "enttäuschend", "enttäuscht", "mangelhaft", "negativ", "nicht so gut"],
            1: [
                "sehr schlecht", "schrecklich", "furchtbar", "katastrophal", "ungenügend", "sehr unzufrieden",
                "miserabel", "grottenschlecht",
            ],
        ],
        negations: ["nicht", "gar nicht", "kein", "keine", "nie", "überhaupt nicht"],
        intensifiers: ["sehr", "so", "wirklich", "besonders", "ganz", "allzu"],
        exclusions: ["guten morgen", "guten tag", "guten abend", "gute nacht", "gute besserung", "gut zu wissen"],
        labels: ["bewertung", "meine bewertung", "note", "punkte", "wertung"]
    )

    static let dutch = RatingLexicon(
        [
            5: [
                "uitstekend", "zeer goed", "heel goed", "super", "geweldig", "perfect", "top", "fantastisch",
                "zeer tevreden", "heel tevreden",
            ],
            4: ["goed", "tevreden", "prima", "positief", "best goed", "netjes"],
            3: ["ok", "oké", "okay", "neutraal", "redelijk", "gaat wel", "gemiddeld", "voldoende"],
            2: ["slecht", "matig", "ontevreden", "teleurgesteld", "teleurstellend", "negatief", "onvoldoende"],
            1: [
                "zeer slecht", "heel slecht", "verschrikkelijk", "waardeloos", "vreselijk", "zeer ontevreden",
                "belabberd",
            ],
        ],
        negations: ["niet", "geen", "nooit", "helemaal niet"],
        intensifiers: ["zo", "erg", "heel", "echt", "zeer", "bijzonder"],
        exclusions: [
            "goedemorgen", "goede morgen", "goedemiddag", "goedenavond", "goed om te weten",
            "goed weekend",
        ],
        labels: ["beoordeling", "cijfer", "score", "waardering"]
    )

    static let french = RatingLexicon(
        [
            5: [
                "excellent", "excellente", "parfait", "parfaite", "génial", "super", "très bien", "très bon",
                "très satisfait", "très satisfaite", "formidable", "impeccable", "top",
            ],
            4: ["bien", "bon", "bonne", "satisfait", "satisfaite", "positif", "plutôt bien", "content", "contente"],
            3: ["ok", "correct", "moyen", "neutre", "bof", "passable", "mitigé", "assez bien"],
            2: [
                "mauvais", "mauvaise", "insatisfait", "insatisfaite", "décevant", "déçu", "déçue", "négatif",
                "pas terrible", "médiocre",
            ],
            1: [
                "très mauvais", "nul", "nulle", "horrible", "catastrophique", "lamentable", "très déçu",
                "très insatisfait",
            ],
        ],
        negations: ["pas", "pas du tout", "ne pas", "non", "jamais"],
        intensifiers: ["très", "si", "vraiment", "trop", "tellement"],
        exclusions: [
            "bonjour", "bonne journée", "bonne soirée", "bon week-end", "bonne fin de journée", "bien reçu",
            "bien à vous", "bien cordialement", "bonsoir",
        ],
        labels: ["note", "évaluation", "ma note", "score"]
    )

    static let spanish = RatingLexicon(
        [
            5: [
                "excelente", "perfecto", "perfecta", "genial", "muy bien", "muy bueno", "muy buena", "estupendo",
                "fantástico", "muy satisfecho", "muy satisfecha", "magnífico", "súper",
            ],
            4: ["bien", "bueno", "buena", "satisfecho", "satisfecha", "positivo", "contento", "contenta"],
            3: ["regular", "normal", "neutral", "ok", "vale", "aceptable", "más o menos", "correcto"],
            2: [
                "mal", "malo", "mala", "insatisfecho", "insatisfecha", "decepcionado", "decepcionada", "negativo",
                "deficiente",
            ],
            1: [
                "muy mal", "muy malo", "muy mala", "terrible", "pésimo", "pésima", "horrible", "fatal",
                "muy insatisfecho",
            ],
        ],
        negations: ["no", "nada", "nunca", "no muy"],
        intensifiers: ["muy", "tan", "demasiado", "del todo", "realmente"],
        exclusions: [
            "buenos días", "buenas tardes", "buenas noches", "buen día", "buen fin de semana",
            "bien recibido",
        ],
        labels: ["puntuación", "calificación", "nota", "valoración"]
    )
}
