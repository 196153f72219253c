import SmileyHTML
import Testing

@Suite("HTML parsing, diagnostics and elements")
struct HTMLDocumentTests {
    @Test("broken markup is repaired and every complaint is collected with line and column")
    func diagnostics() throws {
        let html = "<html><body>\n<p>ok</p>\n<p>bad <foo>tag</foo>\n<div></span></div></body></html>"
        let document = HTMLDocument(parsing: html)
        #expect(document.text() == "ok\n\nbad tag")
        let tag = try #require(document.diagnostics.first { $0.message.contains("foo") })
        #expect(tag.line == 3)
        #expect(tag.column > 0)
        #expect(tag.isError)
        let stray = try #require(document.diagnostics.first { $0.message.contains("span") })
        #expect(stray.line == 4)
    }

    @Test("clean markup has no diagnostics")
    func cleanMarkup() {
        let document = HTMLDocument(
            parsing: "<!DOCTYPE html><html><head><title>t</title></head><body><p>Hi</p></body></html>"
        )
        #expect(document.diagnostics.isEmpty)
    }

    @Test("documents parsed at the same time keep their own diagnostics")
    func concurrentParsesDoNotShareErrors() async {
        let results = await withTaskGroup(of: (Int, [HTMLDiagnostic]).self) { group in
            for index in 0..<32 {
                group.addTask {
                    let html = index.isMultiple(of: 2) ? "<p>clean \(index)</p>" : "<p><tag\(index)>x</tag\(index)></p>"
                    return (index, HTMLDocument(parsing: html).diagnostics)
                }
            }
            var collected: [(Int, [HTMLDiagnostic])] = []
            for await result in group { collected.append(result) }
            return collected
        }
        #expect(results.count == 32)
        for (index, diagnostics) in results {
            if index.isMultiple(of: 2) {
                #expect(diagnostics.isEmpty, "clean document \(index) got \(diagnostics)")
            } else {
                #expect(!diagnostics.isEmpty)
                #expect(diagnostics.allSatisfy { $0.message.contains("tag\(index)") })
            }
        }
    }

    @Test("elements come back in order with attributes and source lines")
    func elementsWithLines() {
        let html = """
            <html>
            <body>
            <p>Rate us:</p>
            <a href="https://acme.example/r/positive"><img src="cid:positive@smiley" alt="Good" width="48"></a>
            <a href="https://acme.example/r/neutral">
              <IMG SRC="cid:neutral@smiley" ALT="Okay &amp; fine"></a>
            </body>
            </html>
            """
        let document = HTMLDocument(parsing: html)
        let images = document.elements(named: "IMG")
        #expect(images.map(\.line) == [4, 6])
        #expect(images.map(\.name) == ["img", "img"])
        #expect(images[0].attributes == ["src": "cid:positive@smiley", "alt": "Good", "width": "48"])
        #expect(images[1].attributes["alt"] == "Okay & fine")
        #expect(
            document.elements(named: "a").map { $0.attributes["href"] ?? "" }
                == ["https://acme.example/r/positive", "https://acme.example/r/neutral"]
        )
        #expect(document.elements(named: "table").isEmpty)
    }
}
