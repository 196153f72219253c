import Foundation
import Testing

/// `smiley templates check` against an administrator's override folder (`templatesDirectory: "mytpl"`), as
/// issue 13 tried it: it checks the override merged with the built-in set, exactly as `send` and `preview` use it,
/// and names the file that is used. Every line printed is compared.
@Suite("templates check of override folders")
struct TemplateOverrideTests {
    static let builtIn = packageRoot.appendingPathComponent("templates").resolvingSymlinksInPath().path
    static let builtInSet = builtIn + "/default"
    static let footer = "partials/footer.html.mustache"

    /// An initialized workspace whose smiley.json names `mytpl` as `templatesDirectory`.
    static func configured() async throws -> Workspace {
        let workspace = try await Workspace.initialized()
        try workspace.editConfig { $0["templatesDirectory"] = "mytpl" }
        return workspace
    }

    static func builtInText(_ name: String) throws -> String {
        try String(contentsOfFile: builtInSet + "/" + name, encoding: .utf8)
    }

    @Test("a correct partial override (one sentence reworded) passes: exit 0, the summary names the file used")
    func correctPartialOverride() async throws {
        let workspace = try await Self.configured()
        let footer = try Self.builtInText(Self.footer).replacingOccurrences(
            of: "{{t.thanks}}",
            with: "Thanks a lot: every answer is read by a person."
        )
        try workspace.write("mytpl/default/" + Self.footer, footer)
        let set = workspace.path("mytpl/default").resolvingSymlinksInPath().path
        let expected = [
            "\(set) over \(Self.builtInSet): no problems found. Files from \(set): \(Self.footer)."
        ]
        // Without DIR: the configured templatesDirectory.
        let configured = try await workspace.run(["templates", "check"])
        #expect(configured.status == 0 && !configured.signaled, "\(configured)")
        #expect(configured.printed == expected, "\(configured)")
        #expect(configured.err.isEmpty, "\(configured)")
        // The same folder given as DIR (relative to the working directory) checks the same.
        let given = try await smiley(["templates", "check", "mytpl"], in: workspace.root)
        #expect(given.status == 0 && given.printed == expected, "\(given)")
        // --builtin checks the built-in set alone.
        let builtIn = try await workspace.run(["templates", "check", "--builtin"])
        #expect(builtIn.status == 0 && builtIn.printed == ["\(Self.builtInSet): no problems found."], "\(builtIn)")
    }

    @Test("a broken override (unclosed {{#ticket}}, misspelt {{unsubscrib_url}}) exits 65 naming the file and line")
    func brokenOverride() async throws {
        let workspace = try await Self.configured()
        var lines = try Self.builtInText(Self.footer).components(separatedBy: "\n")
        lines.insert("{{#ticket}}Your request {{ticket.id}}", at: 2)
        let text = lines.joined(separator: "\n").replacingOccurrences(
            of: "{{unsubscribe_url}}",
            with: "{{unsubscrib_url}}"
        )
        try workspace.write("mytpl/default/" + Self.footer, text)
        let set = workspace.path("mytpl/default").resolvingSymlinksInPath().path
        let file = set + "/" + Self.footer
        let misspelt = try #require(text.components(separatedBy: "\n").firstIndex { $0.contains("unsubscrib_url") })
        let known =
            "agent, custom, is_reminder, links, locale, recipient, reply_address, sender, survey, t, ticket, unsubscribe_url, variant, and inside {{#links}}: caption, code, color, image, label, sentiment, url, value, width"
        let expected = [
            "\(file):3:1: error: the section 'ticket' is never closed (add {{/ticket}})",
            "\(file):\(misspelt + 1):10: error: unknown variable 'unsubscrib_url' (known: \(known))",
            "\(file):\(text.components(separatedBy: "\n").count):1: error: Mustache syntax error: a section is never closed (missing {{/name}})",
            "\(set) over \(Self.builtInSet): 3 error(s), 0 warning(s). Files from \(set): \(Self.footer).",
        ]
        let result = try await workspace.run(["templates", "check"])
        #expect(result.status == 65 && !result.signaled, "\(result)")
        #expect(result.printed == expected, "\(result)")
        #expect(result.err.isEmpty, "\(result)")
        // What check caught is what stops send (exit 78, naming the same override file).
        let list = try workspace.write("list.csv", "email,name,ticket_id\nana@example.net,Ana,T-1\n")
        let send = try await workspace.run([
            "send", "--survey", "support", "--recipients", list.path, "--to", "outbox:" + workspace.path("out").path,
        ])
        #expect(send.status == 78 && send.err.contains(file), "\(send)")
    }

    @Test("an override partial that breaks the rendered email: named on the template used and the override it includes")
    func overridePartialBreaksTheRenderedEmail() async throws {
        let workspace = try await Self.configured()
        let footer = try Self.builtInText(Self.footer).replacingOccurrences(
            of: "href=\"{{unsubscribe_url}}\"",
            with: "href=\"https://example.com/\""
        )
        try workspace.write("mytpl/default/" + Self.footer, footer)
        let set = workspace.path("mytpl/default").resolvingSymlinksInPath().path
        let expected =
            ["csat5", "nps", "smiley"].map {
                "\(Self.builtInSet)/\($0).html.mustache:0:0: error: the rendered HTML has no unsubscribe link (href=\"{{unsubscribe_url}}\") (\($0), de, survey; it includes your \(set)/\(Self.footer))"
            } + ["\(set) over \(Self.builtInSet): 3 error(s), 0 warning(s). Files from \(set): \(Self.footer)."]
        let result = try await workspace.run(["templates", "check"])
        #expect(result.status == 65 && !result.signaled, "\(result)")
        #expect(result.printed == expected, "\(result)")
    }

    @Test("a configured templatesDirectory that does not exist is a configuration error (78) naming it")
    func missingConfiguredFolder() async throws {
        let workspace = try await Self.configured()
        let result = try await workspace.run(["templates", "check"])
        #expect(result.status == 78 && result.out.isEmpty, "\(result)")
        #expect(
            result.errLines == [
                "smiley: \(workspace.root.path)/mytpl: the template folder does not exist or is not a directory. Check 'templatesDirectory' in smiley.json, or reinstall Smiley's templates/ folder"
            ],
            "\(result)"
        )
    }

    @Test("a locale override with some words: merged word by word; a new language's missing words are warnings")
    func localeOverride() async throws {
        let workspace = try await Self.configured()
        try workspace.write(
            "mytpl/default/locales/de.json",
            #"{"words": {"greeting": "Servus", "thanks": "Merci vielmals.", "footre": "Tippfehler"}}"#
        )
        try workspace.write(
            "mytpl/default/locales/sv.json",
            #"""
            {"words": {"subject": "Hur gick det?", "greeting": "Hej", "thanks": "Tack!"},
             "ratings": {"smiley": {"positive": "Bra", "neutral": "Okej", "negative": "Inte bra"}}}
            """#
        )
        let set = workspace.path("mytpl/default").resolvingSymlinksInPath().path
        let english =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: Self.builtInSet + "/locales/en.json"))
            ) as! [String: Any]
        func missing(_ section: [String: Any]?, except: Set<String> = []) -> String {
            let keys = Set(section?.keys ?? [:].keys).subtracting(except).sorted()
            return "\(keys.count) words English has: " + keys.map { "'\($0)'" }.joined(separator: ", ")
        }
        let words = english["words"] as? [String: Any]
        let reminder = english["reminder"] as? [String: Any]
        let web = english["web"] as? [String: Any]
        let sv = set + "/locales/sv.json"
        let expected = [
            "\(set)/locales/de.json:0:0: warning: the word 'footre' is not in locales/en.json, so no template can use it; check its name, or add it to locales/en.json",
            "\(sv):0:0: warning: \"words\" lacks \(missing(words, except: ["subject", "greeting", "thanks"])); English is used",
            "\(sv):0:0: warning: \"reminder\" lacks \(missing(reminder)); English is used",
            "\(sv):0:0: warning: \"ratings\".\"csat5\" lacks 5 labels English has: '1', '2', '3', '4', '5'; English is used",
            "\(sv):0:0: warning: \"web\" lacks \(missing(web)); English is used",
            "\(set) over \(Self.builtInSet): 0 error(s), 5 warning(s). Files from \(set): locales/de.json (merged word by word with the built-in one), locales/sv.json.",
        ]
        let result = try await workspace.run(["templates", "check"])
        #expect(result.status == 0 && !result.signaled, "\(result)")
        #expect(result.printed == expected, "\(result)")

        // preview uses the same words: the override's, and the built-in German file's for every other one
        let preview = try await workspace.run([
            "preview", "--survey", "support", "--locale", "de", "--out", workspace.path("p").path, "--no-screenshots",
        ])
        #expect(preview.status == 0, "\(preview)")
        let html = try String(contentsOf: workspace.path("p/survey.html"), encoding: .utf8)
        #expect(html.contains("Servus Jane,") && html.contains("Merci vielmals."), "the override's words")
        #expect(html.contains("Wir haben Ihre Support-Anfrage vor Kurzem abgeschlossen"), "the built-in German words")
    }

    @Test("an override that adds a custom partial with its own word passes, and preview renders it")
    func customPartial() async throws {
        let workspace = try await Self.configured()
        try workspace.write(
            "mytpl/default/partials/signature.html.mustache",
            "<p style=\"margin:0;\">{{t.signature}} {{sender.name}}</p>\n"
        )
        let footer = try Self.builtInText(Self.footer).replacingOccurrences(
            of: "{{t.thanks}}<br>{{sender.name}}",
            with: "{{t.thanks}}<br>{{> partials/signature.html}}"
        )
        try workspace.write("mytpl/default/" + Self.footer, footer)
        try workspace.write("mytpl/default/locales/en.json", #"{"words": {"signature": "Warm regards from"}}"#)
        try workspace.write("mytpl/default/locales/de.json", #"{"words": {"signature": "Herzliche Grüße vom"}}"#)
        let set = workspace.path("mytpl/default").resolvingSymlinksInPath().path
        // en.json gained a word: every other built-in language lacks it, and the warning says where to add it
        let lacking = ["es", "fr", "nl"].map {
            "\(Self.builtInSet)/locales/\($0).json:0:0: warning: \"words\" lacks the word 'signature'; English is used (to give them, add them to \(set)/locales/\($0).json; the rest comes from this file)"
        }
        let expected =
            lacking + [
                "\(set) over \(Self.builtInSet): 0 error(s), 3 warning(s). Files from \(set): locales/de.json (merged word by word with the built-in one), locales/en.json (merged word by word with the built-in one), \(Self.footer), partials/signature.html.mustache."
            ]
        let result = try await workspace.run(["templates", "check"])
        #expect(result.status == 0 && !result.signaled, "\(result)")
        #expect(result.printed == expected, "\(result)")
        let preview = try await workspace.run([
            "preview", "--survey", "support", "--locale", "de", "--out", workspace.path("p").path, "--no-screenshots",
        ])
        #expect(preview.status == 0, "\(preview)")
        let html = try String(contentsOf: workspace.path("p/survey.html"), encoding: .utf8)
        #expect(html.contains("<p style=\"margin:0;\">Herzliche Grüße vom Support</p>"), "\(html)")

        // the same partial included nowhere: a warning that it is never used
        try workspace.write("mytpl/default/" + Self.footer, try Self.builtInText(Self.footer))
        let unused = try await workspace.run(["templates", "check"])
        #expect(unused.status == 0, "\(unused)")
        #expect(
            unused.printed.contains(
                "\(set)/partials/signature.html.mustache:0:0: warning: no template includes '{{> partials/signature.html}}' and the built-in set has no file of this name, so this file is never used; check its name ('smiley templates copy --list' lists the built-in files)"
            ),
            "\(unused)"
        )
    }

    @Test("check, preview and send use the same files: the override's and the built-in rest, word by word")
    func checkPreviewAndSendAgree() async throws {
        let workspace = try await Self.configured()
        let sentence = "Thanks a lot: every answer is read by a person."
        try workspace.write(
            "mytpl/default/" + Self.footer,
            try Self.builtInText(Self.footer).replacingOccurrences(of: "{{t.thanks}}", with: sentence)
        )
        try workspace.write("mytpl/default/locales/de.json", #"{"words": {"greeting": "Servus"}}"#)
        let set = workspace.path("mytpl/default").resolvingSymlinksInPath().path

        let check = try await workspace.run(["templates", "check"])
        #expect(check.status == 0, "\(check)")
        #expect(
            check.printed == [
                "\(set) over \(Self.builtInSet): no problems found. Files from \(set): locales/de.json (merged word by word with the built-in one), \(Self.footer)."
            ],
            "\(check)"
        )

        let list = try workspace.write(
            "list.csv",
            "email,name,ticket_id,locale\nm.mueller@example.de,Jürgen Müller,T-7,de\n"
        )
        let preview = try await workspace.run([
            "preview", "--survey", "support", "--recipients", list.path, "--row", "1", "--out",
            workspace.path("p").path, "--no-screenshots",
        ])
        #expect(preview.status == 0, "\(preview)")
        let send = try await workspace.run([
            "send", "--survey", "support", "--recipients", list.path, "--to", "outbox:" + workspace.path("out").path,
        ])
        #expect(send.status == 0, "\(send)")
        let sent = try #require(try workspace.emlFiles(in: workspace.path("out")).first, "\(send)")

        // The HTML part of each email, decoded, line ends as in the preview's file, its own token replaced by TOKEN.
        let script = """
            import email, email.policy, sys
            message = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=email.policy.default)
            html = message.get_body(('html',)).get_content()
            sys.stdout.write(html.replace('\\r\\n', '\\n').replace(str(message['X-Smiley-Token']), 'TOKEN'))
            """
        let previewed = try python(script, [workspace.path("p/survey.eml").path])
        let delivered = try python(script, [sent.path])
        #expect(previewed == delivered, "preview and send render the same HTML")
        let token = try SentSurvey(file: workspace.path("p/survey.eml")).token
        let previewFile = try String(contentsOf: workspace.path("p/survey.html"), encoding: .utf8)
        #expect(previewFile.replacingOccurrences(of: token, with: "TOKEN") == previewed)
        #expect(delivered.contains(sentence), "the override footer")
        #expect(delivered.contains("Servus Jürgen,"), "the override's word")
        #expect(delivered.contains("Wir haben Ihre Support-Anfrage"), "the built-in German file's other words")
        #expect(delivered.contains("<meta name=\"color-scheme\""), "the built-in header partial")
        #expect(!delivered.contains("Vielen Dank, dass Sie uns helfen"), "the built-in footer is not used")
    }
}
