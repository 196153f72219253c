import Foundation
import SmileyCore

extension TemplateChecker {
    /// Files of the override folder that change nothing: a template no other template includes and the built-in
    /// set does not have (a misspelt name, which leaves the built-in file in use), and a template file without
    /// `.mustache`, which is never read. Warnings: the set still works, but not as the administrator meant.
    static func checkOverrideFiles(library: TemplateLibrary, templateSet: String, into findings: inout Findings) {
        guard let folder = library.setDirectories(templateSet).override,
            let enumerator = FileManager.default.enumerator(atPath: folder)
        else { return }
        let suffix = TemplateSet.fileExtension
        var included = Set<String>()
        for name in library.fileNames(inSet: templateSet, suffix: suffix) {
            guard let file = try? library.text(of: name, inSet: templateSet) else { continue }
            included.formUnion(TemplateAnalysis.partials(in: file.text).map(\.name))
        }
        let used =
            Set(["subject.txt", "preheader.txt"])
            .union(RatingScale.allCases.flatMap { ["\($0.rawValue).html", "\($0.rawValue).txt"] })
            .union(WebPageKind.allCases.map(\.templateName))
        for case let name as String in enumerator {
            let path = folder + "/" + name
            guard !TemplateLibrary.isDirectory(path), TemplateLibrary.isSafeRelativePath(name) else { continue }
            let replacesBuiltIn = (try? library.paths(of: name, inSet: templateSet).count) == 2
            if name.hasSuffix(suffix) {
                let templateName = String(name.dropLast(suffix.count))
                guard !replacesBuiltIn, !used.contains(templateName), !included.contains(templateName) else {
                    continue
                }
                findings.warning(
                    path,
                    0,
                    0,
                    "no template includes '{{> \(templateName)}}' and the built-in set has no file of this name, so this file is never used; check its name ('smiley templates copy --list' lists the built-in files)"
                )
            } else if name.hasSuffix(".html") || name.hasSuffix(".txt"),
                (try? library.path(of: name + suffix, inSet: templateSet)) != nil
            {
                findings.warning(
                    path,
                    0,
                    0,
                    "this file is never read: templates end in '\(suffix)' (rename it to \((name as NSString).lastPathComponent)\(suffix))"
                )
            }
        }
    }

    /// `"; it includes your FILE, FILE"` for the override partials a template includes (directly or through other
    /// partials), or `""`: a problem of the rendered email named on the template may come from one of them.
    static func overridesIncluded(
        by templateName: String,
        in templates: TemplateSet,
        library: TemplateLibrary
    ) -> String {
        var seen: Set<String> = [templateName]
        var queue = [templateName]
        var overrides: [String] = []
        while let name = queue.popLast() {
            guard let file = templates.files[name] else { continue }
            if name != templateName, library.isOverride(file.path) { overrides.append(file.path) }
            for partial in TemplateAnalysis.partials(in: file.text) where seen.insert(partial.name).inserted {
                queue.append(partial.name)
            }
        }
        return overrides.isEmpty ? "" : "; it includes your \(overrides.sorted().joined(separator: ", "))"
    }
}
