import Foundation
import SmileyCore
import SmileyTemplates

/// `smiley templates check`: the template checks as printable lines, over the set `send` and `preview` would use.
public enum TemplateCheckWorkflow {
    /// Which templates to check.
    public enum Target: Sendable {
        /// The built-in folder alone (`--builtin`).
        case builtIn
        /// A folder given on the command line, in front of the built-in one, as if it were `templatesDirectory`.
        case folder(String)
        /// The installation's `templatesDirectory` in front of the built-in folder (the built-in one alone when
        /// none is configured): exactly what `send` and `preview` use.
        case configured(Installation)
    }

    /// What the check found.
    public struct Report: Sendable {
        /// One line per finding (`FILE:LINE:COLUMN: error|warning: MESSAGE`, FILE being the file that is used,
        /// override or built-in), then one summary line per set checked.
        public let lines: [String]
        /// How many findings are errors, over every set.
        public let errorCount: Int
    }

    /// Checks the sets of `target`.
    /// - Parameters:
    ///   - templateSet: the one set to check; `nil` checks every set the configured surveys use (`.configured`),
    ///     every set folder of the given folder (`.folder`, `default` when it has none), or `default` (`.builtIn`).
    ///   - builtInDirectory: the built-in folder; `nil` finds it as every command does.
    public static func run(
        _ target: Target,
        templateSet: String? = nil,
        builtInDirectory: String? = nil
    ) throws(WorkflowError) -> Report {
        let library: TemplateLibrary
        let sets: [String]
        switch target {
        case .configured(let installation):
            library = try installation.templateLibrary()
            sets = templateSet.map { [$0] } ?? Array(Set(installation.surveys.map(\.template))).sorted()
        case .folder(let folder):
            let builtIn = try locateBuiltIn(builtInDirectory)
            // The built-in folder given as DIR is the built-in set alone, not an override of itself.
            let isBuiltIn =
                URL(fileURLWithPath: folder).resolvingSymlinksInPath().standardizedFileURL.path
                == URL(fileURLWithPath: builtIn).resolvingSymlinksInPath().standardizedFileURL.path
            library = try Installation.templateLibrary(
                builtIn: builtIn,
                override: isBuiltIn ? nil : folder,
                exitCode: ExitStatus.noInput
            )
            let found = setFolders(in: folder)
            sets = templateSet.map { [$0] } ?? (found.isEmpty ? ["default"] : found)
        case .builtIn:
            library = try Installation.templateLibrary(
                builtIn: try locateBuiltIn(builtInDirectory),
                override: nil,
                exitCode: ExitStatus.configuration
            )
            sets = [templateSet ?? "default"]
        }
        var lines: [String] = []
        var errorCount = 0
        for set in sets.isEmpty ? ["default"] : sets {
            let diagnostics = TemplateChecker.check(library: library, templateSet: set)
            let errors = diagnostics.filter(\.isError).count
            errorCount += errors
            lines += diagnostics.map(\.description)
            lines.append(summary(library: library, set: set, errors: errors, warnings: diagnostics.count - errors))
        }
        return Report(lines: lines, errorCount: errorCount)
    }

    /// `OVERRIDE/SET over BUILTIN/SET: N error(s), M warning(s). Used from OVERRIDE/SET: a, b (…).`
    private static func summary(library: TemplateLibrary, set: String, errors: Int, warnings: Int) -> String {
        let folders = library.setDirectories(set)
        let result = errors + warnings == 0 ? "no problems found" : "\(errors) error(s), \(warnings) warning(s)"
        guard let override = folders.override else { return "\(folders.builtIn): \(result)." }
        let used = overrideFiles(library: library, set: set, folder: override)
        guard !used.isEmpty else {
            return "\(folders.builtIn): \(result) (\(override) has no files for this set, so all are built-in)."
        }
        return
            "\(override) over \(folders.builtIn): \(result). Files from \(override): \(used.joined(separator: ", "))."
    }

    /// The files of an override set that replace or add to the built-in set, sorted; a locale file that is
    /// merged word by word with a built-in one says so.
    static func overrideFiles(library: TemplateLibrary, set: String, folder: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var names: [String] = []
        for case let name as String in enumerator where isRead(name) {
            let copies = (try? library.paths(of: name, inSet: set).count) ?? 0
            if copies == 2, name.hasPrefix("locales/") {
                names.append(name + " (merged word by word with the built-in one)")
            } else if copies > 0 {
                names.append(name)
            }
        }
        return names.sorted()
    }

    /// Whether Smiley reads a file of this name in a set: templates, locale files, images.
    private static func isRead(_ name: String) -> Bool {
        name.hasSuffix(".mustache") || (name.hasPrefix("locales/") && name.hasSuffix(".json"))
            || (name.hasPrefix("images/") && name.hasSuffix(".png"))
    }

    /// The set folders (plain-named sub-folders) of a templates folder, sorted.
    private static func setFolders(in folder: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return entries.filter { entry in
            var isDirectory: ObjCBool = false
            return TemplateName.isSafe(entry)
                && FileManager.default.fileExists(atPath: folder + "/" + entry, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }

    private static func locateBuiltIn(_ given: String?) throws(WorkflowError) -> String {
        guard let folder = given ?? Installation.locateBuiltInTemplates() else {
            throw .configuration(
                "The built-in templates folder was not found (looked for $SMILEY_TEMPLATES, ../share/smiley/templates beside the smiley executable, and templates/ above it). Set SMILEY_TEMPLATES to the 'templates' folder shipped with Smiley."
            )
        }
        return folder
    }
}
