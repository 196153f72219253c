import SmileyCore
import SmileyTemplates

extension PreviewWorkflow {
    /// `index.html` of `smiley preview --all`: one section per scale, one card per language and variant with its
    /// subject, the light and dark screenshots (or the email itself in a frame, without screenshots) and links to
    /// the HTML, the text and the `.eml`. Self-contained: no script, no resource from outside the folder.
    static func galleryPage(
        survey: Survey,
        entries: [GalleryEntry],
        screenshots: Set<String>,
        templates: String
    ) -> String {
        func escape(_ text: String) -> String { HTMLEscaping.escape(text) }
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Smiley preview: survey \(escape(survey.id))</title>
            <style>
            body { font-family: -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; margin: 24px; \
            background: #f4f5f7; color: #1f2933; }
            .grid { display: flex; flex-wrap: wrap; gap: 16px; }
            figure { margin: 0; background: #fff; border: 1px solid #d9dde3; border-radius: 6px; padding: 8px; \
            width: 360px; }
            figure img { width: 174px; border: 1px solid #d9dde3; vertical-align: top; }
            figure iframe { width: 342px; height: 480px; border: 1px solid #d9dde3; }
            figcaption { font-size: 13px; line-height: 19px; margin-top: 6px; }
            @media (prefers-color-scheme: dark) {
              body { background: #111418; color: #e4e7eb; } figure { background: #1d2127; border-color: #3e4c59; }
              a { color: #8ab4f8; }
            }
            </style>
            </head>
            <body>
            <h1>Survey '\(escape(survey.id))': every scale, language and variant</h1>
            <p>\(escape(templates))</p>

            """
        for scale in RatingScale.allCases {
            let cards = entries.filter { $0.scale == scale }
            guard !cards.isEmpty else { continue }
            let configured = scale == survey.scale ? " (the survey's scale)" : ""
            html += "<h2 id=\"\(scale.rawValue)\">\(scale.rawValue)\(configured)</h2>\n<div class=\"grid\">\n"
            for entry in cards {
                let name = entry.name
                html += "<figure id=\"\(name)\">\n"
                let light = name + "-light.png"
                let dark = name + "-dark.png"
                if screenshots.contains(light) || screenshots.contains(dark) {
                    for (file, scheme) in [(light, "light"), (dark, "dark")] where screenshots.contains(file) {
                        html +=
                            "<a href=\"\(name).html\"><img src=\"\(file)\" alt=\"\(name), \(scheme) colour scheme\"></a>\n"
                    }
                } else {
                    html += "<iframe src=\"\(name).html\" title=\"\(name)\" loading=\"lazy\"></iframe>\n"
                }
                html += """
                    <figcaption><strong>\(escape(entry.locale)) · \(escape(entry.variant))</strong><br>
                    Subject: \(escape(entry.subject))<br>
                    <a href="\(name).html">HTML</a> · <a href="\(name).txt">text</a> · <a href="\(name).eml">.eml</a>\
                    </figcaption>
                    </figure>

                    """
            }
            html += "</div>\n"
        }
        html += "</body>\n</html>\n"
        return html
    }
}
