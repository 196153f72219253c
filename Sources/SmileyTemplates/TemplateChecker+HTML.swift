import SmileyHTML

extension TemplateChecker {
    /// What libxml2 says about the rendered HTML, and images without `alt`.
    static func checkHTML(_ html: String, file: String, where place: String, into findings: inout Findings) {
        let document = HTMLDocument(parsing: html)
        for diagnostic in document.diagnostics {
            let message = "libxml2 reports at line \(diagnostic.line), column \(diagnostic.column) of the rendered HTML: \(diagnostic.message) \(place)"
            if diagnostic.isError {
                findings.error(file, 0, 0, message)
            } else {
                findings.warning(file, 0, 0, message)
            }
        }
        for image in document.elements(named: "img") where (image.attributes["alt"] ?? "").trimming(scalars: " ").isEmpty {
            findings.error(file, 0, 0, "an <img> (line \(image.line) of the rendered HTML, src=\"\(image.attributes["src"] ?? "")\") has no alt text \(place)")
        }
    }
}
