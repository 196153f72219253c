import SmileyTemplates

extension Installation {
    /// The templates every command renders with — `send`, `preview`, `templates check` — resolved one way: the
    /// configured `templatesDirectory` in front of the built-in folder, file by file, locale files word by word.
    /// - Throws: ``WorkflowError`` (exit 78) when the built-in folder is not found or a folder does not exist.
    func templateLibrary() throws(WorkflowError) -> TemplateLibrary {
        try Self.templateLibrary(
            builtIn: try requireBuiltInTemplates(),
            override: overrideTemplatesDirectory,
            exitCode: ExitStatus.configuration
        )
    }

    /// The built-in folder with an override folder in front (see ``templateLibrary()``), for a folder given on
    /// the command line as well as a configured one.
    /// - Parameter exitCode: what a folder that does not exist exits with (78 configured, 66 given).
    static func templateLibrary(
        builtIn: String,
        override: String?,
        exitCode: Int32
    ) throws(WorkflowError) -> TemplateLibrary {
        do { return try TemplateLibrary(builtInDirectory: builtIn, overrideDirectory: override) } catch {
            throw WorkflowError(error.description, exitCode: exitCode)
        }
    }
}
