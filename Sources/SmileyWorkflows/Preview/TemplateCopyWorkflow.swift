import Foundation
import SmileyCore
import SmileyStore
import SmileyTemplates

/// `smiley templates copy`: copies files of a built-in template set into an override folder, so an administrator
/// starts from the current built-in text and changes only what they copied.
///
/// All or nothing: every name is checked (inside the set, present in the built-in set, not yet in the override
/// folder) before the first file is written, and a write that fails removes the files this run wrote.
public enum TemplateCopyWorkflow {
    /// One file copied.
    public struct Copy: Sendable, Equatable {
        /// The built-in file read.
        public let source: String
        /// The file written, `FOLDER/SET/NAME`.
        public let destination: String
    }

    /// Copies `names` of the built-in set `templateSet` into `folder/templateSet/`.
    /// - Parameters:
    ///   - names: files or folders of the set, relative to it (`partials/footer.html.mustache`, `locales/de.json`,
    ///     `web`); a leading `SET/` is accepted too. A folder copies every file below it.
    ///   - folder: the override folder (what `templatesDirectory` names); created if missing.
    ///   - builtInDirectory: the built-in templates folder; `nil` finds it as every command does.
    /// - Returns: the files written, in the order of `names`.
    /// - Throws: ``WorkflowError``: 64 for a name that leaves the set, 66 for one the built-in set lacks, 73 when
    ///   a destination exists already (listing every one) or cannot be written; nothing is left half-copied.
    public static func run(
        names: [String],
        templateSet: String,
        to folder: String,
        builtInDirectory: String? = nil
    ) throws(WorkflowError) -> [Copy] {
        let library = try Installation.templateLibrary(
            builtIn: try builtIn(builtInDirectory),
            override: nil,
            exitCode: ExitStatus.configuration
        )
        guard TemplateName.isSafe(templateSet), library.hasSet(templateSet) else {
            throw WorkflowError(
                "there is no built-in template set '\(templateSet)' (available: \(library.templateSets().joined(separator: ", "))).",
                exitCode: ExitStatus.usage
            )
        }
        var plan: [Copy] = []
        for name in names {
            for file in try files(named: name, in: library, set: templateSet) {
                let source = try path(of: file, in: library, set: templateSet)
                let copy = Copy(source: source, destination: folder + "/" + templateSet + "/" + file)
                if !plan.contains(copy) { plan.append(copy) }
            }
        }
        let existing = plan.map(\.destination).filter { FileManager.default.fileExists(atPath: $0) }
        guard existing.isEmpty else {
            throw WorkflowError(
                "\(existing.joined(separator: ", ")): already there; nothing was copied. Edit the file you have, or move it away first to start again from the built-in text.",
                exitCode: ExitStatus.cannotCreate
            )
        }
        var written: [String] = []
        for copy in plan {
            var failure: String?
            if let data = FileManager.default.contents(atPath: copy.source) {
                do {
                    let outcome = try DurableFile.write(Array(data), to: copy.destination, mode: 0o644, replace: false)
                    if outcome == .stored {
                        written.append(copy.destination)
                    } else {
                        failure = "it appeared meanwhile"
                    }
                } catch {
                    failure = error.description
                }
            } else {
                failure = "\(copy.source) cannot be read"
            }
            if let failure {
                for path in written { _ = try? DurableFile.remove(path) }
                throw WorkflowError(
                    "\(copy.destination): cannot be written (\(failure)); nothing was copied.",
                    exitCode: ExitStatus.cannotCreate
                )
            }
        }
        return plan
    }

    /// Every file of a built-in set, relative to it, sorted (what `smiley templates copy --list` prints).
    public static func list(templateSet: String, builtInDirectory: String? = nil) throws(WorkflowError) -> [String] {
        let folder = try builtIn(builtInDirectory) + "/" + templateSet
        guard TemplateName.isSafe(templateSet), let enumerator = FileManager.default.enumerator(atPath: folder) else {
            throw WorkflowError("there is no built-in template set '\(templateSet)'.", exitCode: ExitStatus.usage)
        }
        var names: [String] = []
        for case let name as String in enumerator
        where TemplateLibrary.isSafeRelativePath(name) && !isDirectory(folder + "/" + name) {
            names.append(name)
        }
        return names.sorted()
    }

    /// The files a name stands for: itself, or every file below it when it is a folder of the set.
    private static func files(
        named given: String,
        in library: TemplateLibrary,
        set: String
    ) throws(WorkflowError) -> [String] {
        var name = given
        while name.hasSuffix("/") && name.count > 1 { name.removeLast() }
        guard TemplateLibrary.isSafeRelativePath(name) else {
            throw WorkflowError(
                "'\(given)' would leave the template set: give a name inside it, without '..', a leading '/' or hidden files, e.g. partials/footer.html.mustache.",
                exitCode: ExitStatus.usage
            )
        }
        let folder = library.setDirectories(set).builtIn
        if !exists(folder + "/" + name), name.hasPrefix(set + "/"), exists(folder + "/" + name.dropFirst(set.count + 1))
        {
            name = String(name.dropFirst(set.count + 1))
        }
        let path = folder + "/" + name
        guard exists(path) else {
            throw WorkflowError(
                "'\(given)' is not a file of the built-in set '\(set)'; 'smiley templates copy --list' lists them.",
                exitCode: ExitStatus.noInput
            )
        }
        guard isDirectory(path) else { return [name] }
        return try list(templateSet: set, builtInDirectory: library.builtInDirectory).filter {
            $0.hasPrefix(name + "/")
        }
    }

    /// The built-in file's real path, checked to lie inside the built-in folder.
    private static func path(of file: String, in library: TemplateLibrary, set: String) throws(WorkflowError) -> String
    {
        let found: String?
        do { found = try library.path(of: file, inSet: set) } catch {
            throw WorkflowError(error.description, exitCode: ExitStatus.usage)
        }
        guard let found else {
            throw WorkflowError("'\(file)' is not a file of the built-in set '\(set)'.", exitCode: ExitStatus.noInput)
        }
        return found
    }

    private static func builtIn(_ given: String?) throws(WorkflowError) -> String {
        guard let folder = given ?? Installation.locateBuiltInTemplates() else {
            throw .configuration(
                "The built-in templates folder was not found (looked for $SMILEY_TEMPLATES, ../share/smiley/templates beside the smiley executable, and templates/ above it). Set SMILEY_TEMPLATES to the 'templates' folder shipped with Smiley."
            )
        }
        return folder
    }

    private static func exists(_ path: some StringProtocol) -> Bool {
        FileManager.default.fileExists(atPath: String(path))
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
