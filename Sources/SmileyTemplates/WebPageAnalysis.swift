/// Checks on one web page template's tags: names used and transforms on per-request values.
enum WebPageAnalysis {
    /// Tags that apply a text-changing transform to `token`, `form`, `nonce` or `rating`.
    static func transformsOnPerRequestValues(in text: String) -> [TemplateAnalysis.Finding] {
        var findings: [TemplateAnalysis.Finding] = []
        walk(text) { tag, _ in
            guard !tag.transforms.isEmpty, tag.transforms != ["empty"],
                WebPageModel.perRequestNames.contains(tag.name)
            else { return }
            findings.append(
                finding(
                    tag,
                    "the transform '\(tag.transforms.joined(separator: "("))' is applied to the per-request value '\(tag.name)'; only 'empty' may be"
                )
            )
        }
        return findings
    }

    /// Names that are not among the variables web pages get.
    /// - Parameters:
    ///   - words: the keys of `t` (the English `"web"` words).
    ///   - isPartial: partials may be included inside `{{#ratings}}`, so entry keys are accepted anywhere in them.
    static func unknownNames(in text: String, words: Set<String>, isPartial: Bool) -> [TemplateAnalysis.Finding] {
        var findings: [TemplateAnalysis.Finding] = []
        walk(text) { tag, stack in
            guard [.variable, .unescaped, .section, .invertedSection].contains(tag.kind) else { return }
            let name = tag.name
            if name == "." || (name.isEmpty && !tag.transforms.isEmpty) { return }
            let path = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            let insideEntry = isPartial || stack.contains { ["ratings", "others", "chosen"].contains($0) }
            if insideEntry, path.count == 1, WebPageModel.entryKeys.contains(name) { return }
            if stack.contains("scale"), path.count == 1, WebPageModel.knownNames["scale"]??.contains(name) == true {
                return
            }
            guard let children = WebPageModel.knownNames[path[0]] else {
                let hint =
                    words.contains(name)
                    ? " (did you mean 't.\(name)'?)"
                    : " (known: \(WebPageModel.knownNames.keys.sorted().joined(separator: ", ")), and inside {{#ratings}}, {{#others}}, {{#chosen}}: \(WebPageModel.entryKeys.sorted().joined(separator: ", ")))"
                findings.append(finding(tag, "unknown variable '\(name)'" + hint))
                return
            }
            guard path.count > 1 else { return }
            if path[0] == "t" {
                if path.count != 2 || !words.contains(path[1]) {
                    findings.append(
                        finding(
                            tag,
                            "unknown word '\(name)': locales/en.json has no \"\(path.dropFirst().joined(separator: "."))\" in \"web\""
                        )
                    )
                }
            } else if path.count != 2 || !(children?.contains(path[1]) ?? false) {
                let known = (children ?? []).sorted().map { "\(path[0]).\($0)" }.joined(separator: ", ")
                findings.append(
                    finding(tag, "unknown variable '\(name)'" + (known.isEmpty ? "" : " (known: \(known))"))
                )
            }
        }
        return findings
    }

    private static func finding(_ tag: TemplateScanner.Tag, _ message: String) -> TemplateAnalysis.Finding {
        TemplateAnalysis.Finding(
            name: tag.name,
            transforms: tag.transforms,
            line: tag.line,
            column: tag.column,
            message: message
        )
    }

    private static func walk(_ text: String, _ visit: (TemplateScanner.Tag, [String]) -> Void) {
        var stack: [String] = []
        for tag in TemplateScanner.tags(in: text) {
            visit(tag, stack)
            switch tag.kind {
            case .section, .invertedSection: stack.append(tag.name)
            case .closeSection: if !stack.isEmpty { stack.removeLast() }
            default: continue
            }
        }
    }
}
