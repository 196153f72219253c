import SmileyHTML
import Testing

/// Plain-text rendering rules, one behaviour per test.
@Suite("HTML to text")
struct HTMLTextTests {
    private func text(_ html: String) -> String {
        HTMLDocument(parsing: html).text()
    }

    @Test("block elements break lines, paragraphs leave a blank line, br breaks a line")
    func blocks() {
        #expect(text("<p>one</p><p>two</p>") == "one\n\ntwo")
        #expect(text("<div>one</div><div>two</div>") == "one\ntwo")
        #expect(text("one<br>two<br><br>three") == "one\ntwo\n\nthree")
        #expect(text("<h1>Title</h1>body") == "Title\n\nbody")
        #expect(text("<ul><li>a</li><li>b</li></ul>after") == "- a\n- b\n\nafter")
        #expect(
            text("<table><tr><td>Name</td><td>Anna</td></tr><tr><td>Rating</td><td>5</td></tr></table>")
                == "Name Anna\nRating 5"
        )
        #expect(text("<blockquote>quoted</blockquote>reply") == "quoted\n\nreply")
    }

    @Test("whitespace collapses; nbsp counts as whitespace; pre keeps it")
    func whitespace() {
        #expect(text("  lots\n\n  of \t  space  ") == "lots of space")
        #expect(text("<p>a&nbsp;&nbsp; b</p>") == "a b")
        #expect(text("<pre>line 1\n  indented</pre>") == "line 1\n  indented")
    }

    @Test("script, style, head, title and hidden elements are not text")
    func invisible() {
        let html = """
            <html><head><title>Ticket closed</title><style>p { color: red }</style></head>
            <body><script>alert("x")</script><div style="display: none; max-height: 0">preheader</div>
            <span hidden>secret</span><p>Visible</p></body></html>
            """
        #expect(text(html) == "Visible")
    }

    @Test("entities are decoded")
    func entities() {
        #expect(text("Fish &amp; chips &lt;3 &eacute;t&eacute; &#x1F600; &#8364;5") == "Fish & chips <3 été 😀 €5")
    }

    @Test("links show their target when it differs from the text")
    func links() {
        #expect(
            text(#"<a href="https://acme.example/help">Help centre</a>"#) == "Help centre (https://acme.example/help)"
        )
        #expect(text(#"<a href="https://acme.example/">acme.example</a>"#) == "acme.example")
        #expect(text(#"<a href="mailto:anna@acme.example">anna@acme.example</a>"#) == "anna@acme.example")
        #expect(text(##"<a href="#top">Top</a>"##) == "Top")
        #expect(text(#"<a href="https://acme.example/x"><img src="logo.png" alt="Acme logo"></a>"#) == "")
    }

    @Test("an emoji image's alt is text; an ordinary image's alt is not")
    func emojiImages() {
        #expect(text(#"Thanks <img alt="🙂" src="e.png">"#) == "Thanks 🙂")
        #expect(text(#"Thanks <img alt="Company logo" src="l.png">"#) == "Thanks")
    }

    @Test("input is UTF-8 whatever the markup's meta charset claims")
    func encodingMetaIgnored() {
        let latin1Meta = #"<html><head><meta charset="iso-8859-1"></head><body>Grüße – 😀</body></html>"#
        #expect(text(latin1Meta) == "Grüße – 😀")
        let httpEquiv = """
            <html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head>
            <body><p>Très bien, merci</p></body></html>
            """
        #expect(text(httpEquiv) == "Très bien, merci")
        #expect(text(#"<meta charset="shift_jis"><p>ありがとうございました</p>"#) == "ありがとうございました")
    }

    @Test("empty and whitespace-only input give empty text")
    func empty() {
        #expect(text("") == "")
        #expect(text("   \n ") == "")
        #expect(HTMLDocument(parsing: "").elements(named: "a").isEmpty)
    }

    @Test("nesting beyond libxml2's depth limit (256) keeps the text before it and reports the cut")
    func deepNesting() throws {
        let depth = 20_000
        let html =
            "<p>Thanks, all good.</p>" + String(repeating: "<div><span>", count: depth) + "deep"
            + String(repeating: "</span></div>", count: depth)
        let document = HTMLDocument(parsing: html)
        #expect(document.text() == "Thanks, all good.")
        let cut = try #require(document.diagnostics.last)
        #expect(cut.message.contains("depth"), "\(document.diagnostics)")

        let shallow = String(repeating: "<div>", count: 250) + "deep" + String(repeating: "</div>", count: 250)
        #expect(text(shallow) == "deep")
    }
}
