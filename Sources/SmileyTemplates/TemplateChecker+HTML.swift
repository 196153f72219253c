import Foundation
import SmileyHTML

extension TemplateChecker {
    /// What libxml2 says about the rendered HTML, and images without `alt`.
    static func checkHTML(_ html: String, file: String, where place: String, into findings: inout Findings) {
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
        let sources = imagesWithoutAlt(inTemplate: file)
        if sources.isEmpty {
            for image in missing {
                findings.error(
                    file,
                    0,
                    0,
                    "an <img> (line \(image.line) of the rendered HTML, src=\"\(image.attributes["src"] ?? "")\") has no alt text \(place)"
                )
            }
        }
        for source in sources {
            findings.error(
                source.file,
                source.line,
                source.column,
                "\(source.tag) has no alt text; add alt=\"…\" (clients that block images show it instead) \(place)"
            )
        }
    }

    /// `<img …>` tags without an `alt` attribute in a template file and in the `partials/` folder beside it,
    /// with their line and column, found by scanning the template text.
    static func imagesWithoutAlt(inTemplate file: String) -> [(file: String, line: Int, column: Int, tag: String)] {
        let folder = (file as NSString).deletingLastPathComponent
        var files = [file]
        if let partials = try? FileManager.default.contentsOfDirectory(atPath: folder + "/partials") {
            files += partials.sorted().filter { $0.hasSuffix(".html.mustache") }.map { folder + "/partials/" + $0 }
        }
        var found: [(file: String, line: Int, column: Int, tag: String)] = []
        for path in files {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
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
