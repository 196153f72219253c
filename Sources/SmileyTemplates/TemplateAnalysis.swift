/// Checks on one template file's tags: names used, sections, partials, transforms.
enum TemplateAnalysis {
    struct Finding: Hashable {
        let name: String
        let transforms: [String]
        let line: Int
        let column: Int
        let message: String
    }

    /// Tags that apply a text-changing transform to a per-recipient value.
    static func textTransformsOnRecipientValues(in text: String) -> [Finding] {
        var findings: [Finding] = []
        walk(text) { tag, stack in
            guard !tag.transforms.isEmpty, tag.transforms != ["empty"] else { return }
            let insideLinks = stack.contains("links")
            let perRecipientSection = stack.contains { SurveyModel.isPerRecipient($0, insideLinks: insideLinks) }
            if SurveyModel.isPerRecipient(tag.name, insideLinks: insideLinks)
                || (tag.name == "." && perRecipientSection)
            {
                findings.append(
                    Finding(name: tag.name, transforms: tag.transforms, line: tag.line, column: tag.column, message: "")
                )
            }
        }
        return findings
    }

    /// Names that are not among the variables templates get.
    /// - Parameters:
    ///   - words: the keys of `t` (the English words).
    ///   - isPartial: partials may be included inside `{{#links}}`, so link keys are accepted anywhere in them.
    static func unknownNames(in text: String, words: Set<String>, isPartial: Bool) -> [Finding] {
        var findings: [Finding] = []
        walk(text) { tag, stack in
            guard [.variable, .unescaped, .section, .invertedSection].contains(tag.kind) else { return }
            let name = tag.name
            if name == "." || (name.isEmpty && !tag.transforms.isEmpty) { return }
            let path = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            let insideLinks = isPartial || stack.contains("links")
            if insideLinks, path.count == 1, SurveyModel.linkKeys.contains(name) { return }
            // inside a section over a value, the value's own keys are reachable without prefix
            if stack.contains(where: { $0 == "recipient" }), path.count == 1,
                SurveyModel.knownNames["recipient"]??.contains(name) == true
            {
                return
            }
            if stack.contains(where: { $0 == "ticket" }), path.count == 1,
                SurveyModel.knownNames["ticket"]??.contains(name) == true
            {
                return
            }
            guard let children = SurveyModel.knownNames[path[0]] else {
                findings.append(
                    Finding(
                        name: name,
                        transforms: tag.transforms,
                        line: tag.line,
                        column: tag.column,
                        message: "unknown variable '\(name)'" + suggestion(for: name, words: words)
                    )
                )
                return
            }
            guard path.count > 1 else { return }
            switch path[0] {
            case "custom":
                if path.count != 2 || !RecipientField.isUsableCustomName(path[1]) {
                    findings.append(
                        Finding(
                            name: name,
                            transforms: tag.transforms,
                            line: tag.line,
                            column: tag.column,
                            message: "'\(name)' is not a usable column name (letters, digits, '_' and '-' only)"
                        )
                    )
                }
            case "t":
                if path.count != 2 || !words.contains(path[1]) {
                    findings.append(
                        Finding(
                            name: name,
                            transforms: tag.transforms,
                            line: tag.line,
                            column: tag.column,
                            message:
                                "unknown word '\(name)': locales/en.json has no \"\(path.dropFirst().joined(separator: "."))\" in \"words\""
                        )
                    )
                }
            default:
                if path.count != 2 || !(children?.contains(path[1]) ?? false) {
                    let known = (children ?? []).sorted().map { "\(path[0]).\($0)" }.joined(separator: ", ")
                    findings.append(
                        Finding(
                            name: name,
                            transforms: tag.transforms,
                            line: tag.line,
                            column: tag.column,
                            message: "unknown variable '\(name)'" + (known.isEmpty ? "" : " (known: \(known))")
                        )
                    )
                }
            }
        }
        return findings
    }

    /// Sections opened and never closed, or closed without being open.
    static func sectionProblems(in text: String) -> [Finding] {
        var findings: [Finding] = []
        var open: [TemplateScanner.Tag] = []
        for tag in TemplateScanner.tags(in: text) {
            switch tag.kind {
            case .section, .invertedSection, .block:
                open.append(tag)
            case .closeSection:
                if let last = open.last, last.name == tag.name || last.kind == .block {
                    open.removeLast()
                } else if let last = open.last {
                    findings.append(
                        Finding(
                            name: tag.name,
                            transforms: [],
                            line: tag.line,
                            column: tag.column,
                            message: "'{{/\(tag.name)}}' closes the section '\(last.name)' opened at line \(last.line)"
                        )
                    )
                    open.removeLast()
                } else {
                    findings.append(
                        Finding(
                            name: tag.name,
                            transforms: [],
                            line: tag.line,
                            column: tag.column,
                            message: "'{{/\(tag.name)}}' closes a section that was never opened"
                        )
                    )
                }
            default:
                continue
            }
        }
        for tag in open {
            findings.append(
                Finding(
                    name: tag.name,
                    transforms: [],
                    line: tag.line,
                    column: tag.column,
                    message: "the section '\(tag.name)' is never closed (add {{/\(tag.name)}})"
                )
            )
        }
        return findings
    }

    /// The partials a file includes, with where.
    static func partials(in text: String) -> [Finding] {
        TemplateScanner.tags(in: text).filter { $0.kind == .partial }.map {
            Finding(name: $0.name, transforms: [], line: $0.line, column: $0.column, message: "")
        }
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

    private static func suggestion(for name: String, words: Set<String>) -> String {
        if words.contains(name) { return " (did you mean 't.\(name)'?)" }
        let top = SurveyModel.knownNames.keys.sorted().joined(separator: ", ")
        return " (known: \(top), and inside {{#links}}: \(SurveyModel.linkKeys.sorted().joined(separator: ", ")))"
    }
}
