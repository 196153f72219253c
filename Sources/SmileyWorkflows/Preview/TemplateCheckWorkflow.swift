import Foundation
import SmileyTemplates

/// `smiley templates check`: the template checks as printable lines.
public enum TemplateCheckWorkflow {
    /// What the check found.
    public struct Report: Sendable {
        /// One line per finding: `FILE:LINE:COLUMN: error|warning: MESSAGE`.
        public let lines: [String]
        /// How many findings are errors.
        public let errorCount: Int
        /// A closing line with the counts.
        public let summary: String
    }

    /// Checks `templateSet` in `directory` (or the built-in templates when `nil`).
    public static func run(directory: String?, templateSet: String) throws(WorkflowError) -> Report {
        guard
            let folder = directory
                ?? Installation.locateBuiltInTemplates()
        else {
            throw .configuration(
                "No templates folder given and the built-in one was not found; pass DIR or set SMILEY_TEMPLATES."
            )
        }
        let library: TemplateLibrary
        do { library = try TemplateLibrary(builtInDirectory: folder) } catch {
            throw WorkflowError(error.description, exitCode: ExitStatus.noInput)
        }
        let diagnostics = TemplateChecker.check(library: library, templateSet: templateSet)
        let errors = diagnostics.filter(\.isError).count
        let warnings = diagnostics.count - errors
        let summary =
            diagnostics.isEmpty
            ? "\(folder)/\(templateSet): no problems found."
            : "\(folder)/\(templateSet): \(errors) error(s), \(warnings) warning(s)."
        return Report(lines: diagnostics.map(\.description), errorCount: errors, summary: summary)
    }
}
