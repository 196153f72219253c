import Foundation
import Testing

/// `smiley preview --all`: every scale × language × variant of a survey in one folder, with an `index.html`
/// gallery, rendered with the templates `send` uses (override included).
@Suite("preview --all")
struct PreviewAllTests {
    static let builtInSet = packageRoot.appendingPathComponent("templates/default").path
    static let scales = ["smiley", "csat5", "nps"]
    static let locales = ["de", "en", "es", "fr", "nl"]
    static let variants = ["survey", "reminder"]

    /// Whether a Chromium is on `PATH`, as `smiley preview` looks for it.
    static let chromiumInstalled: Bool = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return ["chromium", "chromium-browser", "google-chrome"].contains { name in
            path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
        }
    }()

    /// The intro sentence of a language and variant, from the built-in locale file.
    static func intro(_ locale: String, _ variant: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(builtInSet)/locales/\(locale).json"))
        let words = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let section = try #require(words[variant == "survey" ? "words" : variant] as? [String: String])
        return try #require(section["intro"])
    }

    @Test("every scale × language × variant with the override footer, and an index.html linking each (no screenshots)")
    func everyCombination() async throws {
        let workspace = try await Workspace.initialized()
        try workspace.editConfig { $0["templatesDirectory"] = "mytpl" }
        let sentence = "Thanks a lot: every answer is read by a person."
        let footer = try String(contentsOfFile: Self.builtInSet + "/partials/footer.txt.mustache", encoding: .utf8)
        try workspace.write(
            "mytpl/default/partials/footer.txt.mustache",
            footer.replacingOccurrences(of: "{{t.thanks}}", with: sentence)
        )
        let out = workspace.path("gallery").path
        let result = try await workspace.run([
            "preview", "--survey", "support", "--all", "--out", out, "--no-screenshots",
        ])
        #expect(result.status == 0 && !result.signaled && result.err.isEmpty, "\(result)")
        let names = Self.scales.flatMap { scale in
            Self.locales.flatMap { locale in Self.variants.map { "\(scale)-\(locale)-\($0)" } }
        }
        #expect(result.printed == names.map { "\(out)/\($0).html" } + ["\(out)/index.html"], "\(result)")
        let index = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        for name in names {
            let parts = name.split(separator: "-").map(String.init)
            let text = try String(contentsOfFile: "\(out)/\(name).txt", encoding: .utf8)
            #expect(text.contains(try Self.intro(parts[1], parts[2])), "\(name).txt is in its language and variant")
            #expect(text.contains(sentence), "\(name).txt uses the override footer")
            let html = try String(contentsOfFile: "\(out)/\(name).html", encoding: .utf8)
            let links = Set(
                html.components(separatedBy: "href=\"mailto:feedback+").dropFirst().map { $0.prefix { $0 != "\"" } }
            ).count
            // one address per rating (a smiley's image and label link to the same one), and the unsubscribe one
            #expect(links == ["smiley": 3, "csat5": 5, "nps": 11][parts[0]]! + 1, "\(name).html: \(links) links")
            #expect(FileManager.default.fileExists(atPath: "\(out)/\(name).eml"))
            #expect(index.contains("<figure id=\"\(name)\">"), "the gallery shows \(name)")
            #expect(index.contains("<iframe src=\"\(name).html\""), "without screenshots, the email in a frame")
            #expect(index.contains("<a href=\"\(name).eml\">.eml</a>"))
        }
        // the smiley images once, beside the pages that show them
        for image in ["positive.png", "neutral.png", "negative.png"] {
            #expect(FileManager.default.fileExists(atPath: "\(out)/\(image)"))
        }
        #expect(index.contains("partials/footer.txt.mustache"), "the gallery names the override file used")
        #expect(!index.contains("<img"), "no screenshots were asked for")
    }

    @Test("a language the set lacks is refused with the available ones (78)")
    func unknownLocale() async throws {
        let workspace = try await Workspace.initialized()
        let result = try await workspace.run([
            "preview", "--survey", "support", "--all", "--locale", "sv", "--out", workspace.path("g").path,
        ])
        #expect(result.status == 78 && result.out.isEmpty, "\(result)")
        #expect(
            result.err
                == "smiley: the template set 'default' has no locale 'sv' (available: de, en, es, fr, nl). Add locales/sv.json to the template folder, or use one of these.\n",
            "\(result)"
        )
    }

    // Needs Chromium; skipped (and reported as skipped) when none is installed: apt-get install chromium.
    @Test(
        "with Chromium, light and dark screenshots of each email, shown in the gallery",
        .enabled(
            if: chromiumInstalled,
            "Chromium is not installed, so the screenshot part of preview --all is untested"
        )
    )
    func screenshots() async throws {
        let workspace = try await Workspace.initialized()
        let out = workspace.path("gallery").path
        let result = try await workspace.run(
            ["preview", "--survey", "support", "--all", "--locale", "de", "--out", out],
            timeout: 300
        )
        #expect(result.status == 0 && result.err.isEmpty, "\(result)")
        let index = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        let signature = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        for scale in Self.scales {
            for variant in Self.variants {
                let name = "\(scale)-de-\(variant)"
                let light = FileManager.default.contents(atPath: "\(out)/\(name)-light.png")
                let dark = FileManager.default.contents(atPath: "\(out)/\(name)-dark.png")
                #expect(light?.prefix(8) == signature && dark?.prefix(8) == signature, "\(name): two PNGs")
                #expect(light != dark, "\(name): the dark screenshot differs from the light one")
                #expect(index.contains("<img src=\"\(name)-light.png\""), "\(name) light in the gallery")
                #expect(index.contains("<img src=\"\(name)-dark.png\""), "\(name) dark in the gallery")
            }
        }
        #expect(!index.contains("<iframe"), "screenshots replace the frames")
    }
}
