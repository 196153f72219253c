import Foundation
public import SmileyCore
public import SmileyStore

/// A Smiley installation: the configuration file, its secret, and the folders it names, all resolved.
///
/// Paths in the configuration are relative to the folder the configuration file is in.
public struct Installation: Sendable {
    /// The configuration file's path.
    public let configPath: String
    /// The parsed, checked configuration.
    public let config: SmileyConfig
    /// The token keyring from the secret file.
    public let keyring: TokenKeyring
    /// The built-in templates folder given to ``load(configPath:builtInTemplates:)``; when nil it is looked for only
    /// when a command renders (``requireBuiltInTemplates()``): `smiley ingest` neither needs nor searches for it.
    private let givenBuiltInTemplates: String?
    /// The admin's override folder, if configured.
    public let overrideTemplatesDirectory: String?
    /// Where records, journals and the suppression list live.
    public let dataDirectory: String
    /// Where `outbox:` writes messages.
    public let outboxDirectory: String
    /// Every survey of the configuration, checked.
    public let surveys: [Survey]

    /// Loads the installation whose configuration is at `configPath`.
    /// - Parameters:
    ///   - configPath: `smiley.json`; the CLI's `--config` (default `./smiley.json`, or `$SMILEY_CONFIG`).
    ///   - builtInTemplates: the built-in templates folder, if known; otherwise it is searched for
    ///     (see ``locateBuiltInTemplates(executablePath:)``) — a folder not found is an error only for the commands
    ///     that render (``requireBuiltInTemplates()``).
    /// - Throws: ``WorkflowError`` with exit 78 naming the file and what to do.
    public static func load(configPath: String, builtInTemplates: String? = nil) throws(WorkflowError) -> Installation {
        let configBytes: [UInt8]?
        do { configBytes = try FileContents.read(configPath) } catch {
            throw .configuration("\(configPath): cannot be read (\(error.description)). Fix it, or pass --config PATH.")
        }
        guard let configBytes else {
            throw .configuration("\(configPath): cannot be read. Create one with 'smiley init' or pass --config PATH.")
        }
        let config: SmileyConfig
        do { config = try SmileyConfig.parse(Data(configBytes), path: configPath) } catch {
            throw .configuration(error.description)
        }
        func resolve(_ path: String) -> String { Self.path(path, besideConfig: configPath) }
        let secretPath = resolve(config.secretFile)
        guard let secretBytes = try? FileContents.read(secretPath),
            let secretText = String(validating: secretBytes, as: UTF8.self)
        else {
            throw .configuration(
                "\(configPath): the secret file '\(secretPath)' is missing or unreadable. Run 'smiley init' to create one, or fix 'secretFile'."
            )
        }
        var info = stat()
        if stat(secretPath, &info) == 0, info.st_mode & 0o077 != 0 {
            throw .configuration(
                "\(secretPath): the secret file can be read by other users; run 'chmod 600 \(secretPath)'."
            )
        }
        let keyring: TokenKeyring
        do {
            keyring = try TokenKeyring(
                secretFileContents: secretText,
                maximumAge: TimeInterval(config.tokenMaxAgeDays) * 86_400
            )
        } catch {
            throw .configuration("\(secretPath): \(error.description)")
        }
        var surveys: [Survey] = []
        for entry in config.surveys {
            do { surveys.append(try config.survey(id: entry.id, path: configPath)) } catch {
                throw .configuration(error.description)
            }
        }
        return Installation(
            configPath: configPath,
            config: config,
            keyring: keyring,
            givenBuiltInTemplates: builtInTemplates,
            overrideTemplatesDirectory: config.templatesDirectory.map(resolve),
            dataDirectory: resolve(config.dataDirectory),
            outboxDirectory: resolve(config.outboxDirectory),
            surveys: surveys
        )
    }

    /// The store over this installation's data and outbox folders: the one home of every file about people.
    /// - Parameter synchronize: `fsync` writes (turn off only in tests).
    public func store(synchronize: Bool = true) -> DataStore {
        DataStore(
            configuration: .init(
                dataDirectory: dataDirectory,
                outboxDirectory: outboxDirectory,
                suppressionKey: SuppressionKey(keyring: keyring),
                synchronizes: synchronize
            )
        )
    }

    /// The built-in templates folder, for the commands that render surveys.
    /// - Throws: ``WorkflowError`` (exit 78) saying how to point Smiley at the folder when it was not found.
    public func requireBuiltInTemplates() throws(WorkflowError) -> String {
        guard let folder = givenBuiltInTemplates ?? Self.locateBuiltInTemplates() else {
            throw .configuration(
                "The built-in templates folder was not found (looked for $SMILEY_TEMPLATES, ../share/smiley/templates beside the smiley executable, and templates/ above it). Set SMILEY_TEMPLATES to the 'templates' folder shipped with Smiley."
            )
        }
        return folder
    }

    /// Finds the built-in `templates` folder from the running executable's own location (not from how it was
    /// called: a relay runs plain `smiley` from `PATH`); see ``locateBuiltInTemplates(executablePath:)``.
    public static func locateBuiltInTemplates() -> String? {
        locateBuiltInTemplates(executablePath: Bundle.main.executablePath ?? CommandLine.arguments.first ?? "")
    }

    /// Finds the built-in `templates` folder: `$SMILEY_TEMPLATES`, then `../share/smiley/templates` beside the
    /// executable (an installed layout: `/usr/bin/smiley` → `/usr/share/smiley/templates`), then the nearest
    /// `templates/default` above the executable (a build inside the source tree), then `./templates`.
    public static func locateBuiltInTemplates(executablePath: String) -> String? {
        let fm = FileManager.default
        if let fromEnvironment = ProcessInfo.processInfo.environment["SMILEY_TEMPLATES"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        let executable = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        let installed = folder.deletingLastPathComponent().appendingPathComponent("share/smiley/templates")
        if fm.fileExists(atPath: installed.appendingPathComponent("default").path) { return installed.path }
        for _ in 0..<6 {
            let candidate = folder.appendingPathComponent("templates")
            if fm.fileExists(atPath: candidate.appendingPathComponent("default").path) { return candidate.path }
            folder.deleteLastPathComponent()
        }
        if fm.fileExists(atPath: "templates/default") { return "templates" }
        return nil
    }
}
