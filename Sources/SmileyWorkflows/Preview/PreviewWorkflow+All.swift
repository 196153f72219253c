public import Foundation
import SmileyCore
import SmileyMIME
import SmileyStore
import SmileyTemplates

extension PreviewWorkflow {
    /// What `smiley preview --all` wrote.
    public struct Gallery: Sendable {
        /// The folder written.
        public let directory: String
        /// The gallery page, `index.html`, linking every email.
        public let index: String
        /// The browser copy (`SCALE-LOCALE-VARIANT.html`) of every email rendered, in gallery order.
        public let emails: [String]
        /// Every file written, in order.
        public let files: [String]
        /// Why screenshots were not taken (or not all of them), when they were not.
        public let screenshotNote: String?
    }

    /// One email of the gallery.
    struct GalleryEntry {
        let scale: RatingScale
        let locale: String
        let variant: String
        let subject: String
        var name: String { "\(scale.rawValue)-\(locale)-\(variant)" }
    }

    /// Renders a survey on every scale, in every language of its template set (or `locales`) and every word
    /// variant (`survey`, `reminder`), with the same templates `send` uses, into one folder: for each email
    /// `SCALE-LOCALE-VARIANT.html` (a browser copy, images beside it), `.txt` and `.eml`, with Chromium
    /// `-light.png` and `-dark.png`, and an `index.html` gallery of them all.
    /// - Parameters:
    ///   - locales: the languages to render; `nil` for every language of the set.
    ///   - screenshots: take screenshots when Chromium is installed.
    public static func runAll(
        installation: Installation,
        surveyID: String,
        subject: Subject,
        locales: [String]? = nil,
        outputDirectory: String,
        date: Date = Date(),
        screenshots: Bool = true
    ) throws(WorkflowError) -> Gallery {
        let library = try installation.templateLibrary()
        let recipient = try pick(subject)
        let configured = try SurveyComposer(installation: installation, surveyID: surveyID).survey
        let available = library.locales(inSet: configured.template)
        for locale in locales ?? [] where !available.contains(locale) {
            throw .configuration(
                "the template set '\(configured.template)' has no locale '\(locale)' (available: \(available.joined(separator: ", "))). Add locales/\(locale).json to the template folder, or use one of these."
            )
        }
        try stored { () throws(StoreError) in try DurableFile.makeDirectory(outputDirectory) }
        var files: [String] = []
        func save(_ name: String, _ bytes: [UInt8]) throws(WorkflowError) {
            let path = outputDirectory + "/" + name
            _ = try stored { () throws(StoreError) in try DurableFile.write(bytes, to: path, mode: 0o644) }
            files.append(path)
        }
        var entries: [GalleryEntry] = []
        var images = Set<String>()
        for scale in RatingScale.allCases {
            for variant in library.variants(inSet: configured.template) {
                let composer = try SurveyComposer(
                    installation: installation,
                    surveyID: surveyID,
                    variant: variant,
                    scale: scale
                )
                for locale in locales ?? available {
                    var person = recipient
                    person.locale = locale
                    let (email, html, text) = try composer.email(for: person, date: date, strictLanguage: true)
                    let renderer = try composer.renderer(for: locale, strict: true)
                    let entry = GalleryEntry(
                        scale: scale,
                        locale: locale,
                        variant: variant,
                        subject: renderer.subject(for: person)
                    )
                    var browserHTML = html
                    for image in renderer.inlineImages {
                        if images.insert(image.filename).inserted { try save(image.filename, image.data) }
                        browserHTML = browserHTML.replacingOccurrences(
                            of: "cid:\(image.contentID)",
                            with: image.filename
                        )
                    }
                    try save(entry.name + ".html", Array(browserHTML.utf8))
                    try save(entry.name + ".txt", Array(text.utf8))
                    try save(entry.name + ".eml", email.bytes)
                    entries.append(entry)
                }
            }
        }
        // The gallery's order: scale, then language, then variant (a language's survey beside its reminder).
        let variants = library.variants(inSet: configured.template)
        let order = locales ?? available
        func rank(_ entry: GalleryEntry) -> (Int, Int, Int) {
            (
                RatingScale.allCases.firstIndex(of: entry.scale) ?? 0, order.firstIndex(of: entry.locale) ?? 0,
                variants.firstIndex(of: entry.variant) ?? 0
            )
        }
        entries.sort { rank($0) < rank($1) }
        var note: String?
        var shots = Set<String>()
        if screenshots {
            if let chromium = Screenshotter.findChromium() {
                let jobs = entries.flatMap { entry in
                    Screenshotter.ColorScheme.allCases.map {
                        Screenshotter.Job(
                            html: outputDirectory + "/" + entry.name + ".html",
                            png: outputDirectory + "/" + entry.name + "-\($0.rawValue).png",
                            scheme: $0
                        )
                    }
                }
                let failures = Screenshotter.capture(chromium: chromium, jobs: jobs)
                for job in jobs where FileManager.default.fileExists(atPath: job.png) {
                    shots.insert((job.png as NSString).lastPathComponent)
                    files.append(job.png)
                }
                if let first = failures.first {
                    note = "\(failures.count) of \(jobs.count) screenshots failed; the first: \(first.message)"
                }
            } else {
                note = "Chromium is not installed, so no screenshots were taken (apt-get install chromium)."
            }
        }
        let page = galleryPage(
            survey: configured,
            entries: entries,
            screenshots: shots,
            templates: templatesLine(library: library, set: configured.template)
        )
        try save("index.html", Array(page.utf8))
        return Gallery(
            directory: outputDirectory,
            index: outputDirectory + "/index.html",
            emails: entries.map { outputDirectory + "/" + $0.name + ".html" },
            files: files,
            screenshotNote: note
        )
    }

    /// Which files the emails were rendered from, for the top of the gallery.
    private static func templatesLine(library: TemplateLibrary, set: String) -> String {
        let folders = library.setDirectories(set)
        guard let override = folders.override else { return "Template set '\(set)': the built-in \(folders.builtIn)." }
        let used = TemplateCheckWorkflow.overrideFiles(library: library, set: set, folder: override)
        guard !used.isEmpty else {
            return "Template set '\(set)': the built-in \(folders.builtIn) (\(override) has no files for it)."
        }
        return
            "Template set '\(set)': from \(override): \(used.joined(separator: ", ")); every other file built-in (\(folders.builtIn))."
    }
}
