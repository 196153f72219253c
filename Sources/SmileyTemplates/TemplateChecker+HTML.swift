import Foundation
import SmileyHTML

extension TemplateChecker {
    /// What libxml2 says about the rendered HTML, and images without `alt`.
    /// - Parameter sources: the template the HTML was rendered from and the set's HTML partials, as used (override
    ///   or built-in copy), where an `<img>` without `alt` is looked for.
    static func checkHTML(
        _ html: String,
        file: String,
        sources: [(path: String, text: String)],
        where place: String,
        into findings: inout Findings
    ) {
        let document = HTMLDocument(parsing: html)
        for diagnostic in document.diagnostics {
            let message =
                "libxml2 reports at line \(diagnostic.line), column \(diagnostic.column) of the rendered HTML: \(diagnostic.message) \(place)"
            if diagnostic.isError {
                findings.error(file, 0, 0, message)
            } else {
                findings.warning(file, 0, 0, message)
            }
        }
        let missing = document.elements(named: "img").filter {
            ($0.attributes["alt"] ?? "").trimming(scalars: " ").isEmpty
        }
        guard !missing.isEmpty else { return }
        // Point at the template source: the <img> tags without alt in the template and its set's partials.
        let tags = imagesWithoutAlt(in: sources)
        if tags.isEmpty {
            for image in missing {
                findings.error(
                    file,
                    0,
                    0,
                    "an <img> (line \(image.line) of the rendered HTML, src=\"\(image.attributes["src"] ?? "")\") has no alt text \(place)"
                )
            }
        }
        for source in tags {
            findings.error(
                source.file,
                source.line,
                source.column,
                "\(source.tag) has no alt text; add alt=\"…\" (clients that block images show it instead) \(place)"
            )
        }
    }

    /// `<img …>` tags without an `alt` attribute in template files, with their line and column, found by scanning
    /// the template text.
    static func imagesWithoutAlt(
        in sources: [(path: String, text: String)]
    ) -> [(file: String, line: Int, column: Int, tag: String)] {
        var found: [(file: String, line: Int, column: Int, tag: String)] = []
        for (path, text) in sources {
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                var rest = line[...]
                while let start = rest.range(of: "<img", options: .caseInsensitive) {
                    let tagEnd = rest[start.upperBound...].firstIndex(of: ">") ?? rest.endIndex
                    let tag = rest[start.lowerBound..<tagEnd].lowercased()
                    if !tag.contains(" alt=") && !tag.contains("\talt=") && !tag.contains("\nalt=") {
                        let snippet =
                            String(rest[start.lowerBound..<tagEnd].prefix(80)) + (tagEnd < rest.endIndex ? ">" : "")
                        found.append(
                            (path, index + 1, line.distance(from: line.startIndex, to: start.lowerBound) + 1, snippet)
                        )
                    }
                    rest = rest[tagEnd...]
                    if rest.isEmpty { break }
                    rest = rest.dropFirst()
                }
            }
        }
        return found
    }
}
