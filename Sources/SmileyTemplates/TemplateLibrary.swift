import Foundation
import SmileyCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds template files by name inside template folders, with an optional override folder in front.
///
/// Both folders have the same layout: one sub-folder per template set (`default`, `acme` …), each holding
/// `*.mustache` templates, `partials/`, `locales/<lang>.json` and `images/`. A file is looked up in the
/// override folder first and falls back to the built-in one, file by file, so an administrator can replace a
/// single partial; locale files are merged word by word (``paths(of:inSet:)`` gives every copy), so an override
/// `locales/de.json` holding three words keeps every other word of the built-in one. `send`, `preview`, `serve`
/// and `templates check` all read templates through this type, so they agree on the file that is used.
///
/// Names can never leave their folder: every path component must pass ``TemplateName/isSafe(_:)`` (no `..`, no
/// `/` inside a component, no leading dot, no absolute paths), and the real path of every file found (after
/// symbolic links) must still lie inside the real path of the folder it was found in.
public struct TemplateLibrary: Sendable {
    /// The folder with the templates shipped with Smiley.
    public let builtInDirectory: String
    /// An administrator's folder searched before the built-in one, if configured.
    public let overrideDirectory: String?

    private let roots: [String]

    /// Opens the template folders.
    /// - Parameters:
    ///   - builtInDirectory: the installed `templates/` folder.
    ///   - overrideDirectory: an administrator's folder of the same layout, searched first.
    /// - Throws: ``TemplateError`` when a folder does not exist or is not a directory.
    public init(builtInDirectory: String, overrideDirectory: String? = nil) throws(TemplateError) {
        var roots: [String] = []
        for directory in [overrideDirectory, builtInDirectory].compactMap({ $0 }) {
            guard let real = Self.realPath(directory), Self.isDirectory(real) else {
                throw TemplateError(
                    file: directory,
                    message: "the template folder does not exist or is not a directory",
                    remedy: "Check 'templatesDirectory' in smiley.json, or reinstall Smiley's templates/ folder"
                )
            }
            roots.append(real)
        }
        self.builtInDirectory = builtInDirectory
        self.overrideDirectory = overrideDirectory
        self.roots = roots
    }

    /// The template sets (sub-folders) found in either folder, sorted.
    public func templateSets() -> [String] {
        var sets = Set<String>()
        for root in roots {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
            for entry in entries where TemplateName.isSafe(entry) && Self.isDirectory(root + "/" + entry) {
                sets.insert(entry)
            }
        }
        return sets.sorted()
    }

    /// Whether a relative name is acceptable: every component safe, not absolute, not empty.
    /// - Parameter relativePath: a name such as `partials/header.html.mustache`.
    public static func isSafeRelativePath(_ relativePath: String) -> Bool {
        guard !relativePath.hasPrefix("/"), !relativePath.isEmpty else { return false }
        let components = relativePath.split(separator: "/", omittingEmptySubsequences: false)
        return components.allSatisfy { TemplateName.isSafe(String($0)) }
    }

    /// The path on disk of a file of a template set: the override folder's if it has one, else the built-in one.
    /// - Parameters:
    ///   - relativePath: the file's name inside the set, e.g. `partials/header.html.mustache`.
    ///   - templateSet: the set's folder name, e.g. `default`.
    /// - Returns: the real path of the file, or `nil` when neither folder has it.
    /// - Throws: ``TemplateError`` when the name is unsafe or the file found resolves outside its folder.
    public func path(of relativePath: String, inSet templateSet: String) throws(TemplateError) -> String? {
        try layers(of: relativePath, inSet: templateSet, firstOnly: true).first
    }

    /// Every copy of a file of a template set, the override folder's first, then the built-in one: what a file
    /// merged key by key (the locale files) is made of.
    /// - Returns: real paths, most specific first; empty when neither folder has the file.
    /// - Throws: ``TemplateError`` when the name is unsafe or a file found resolves outside its folder.
    public func paths(of relativePath: String, inSet templateSet: String) throws(TemplateError) -> [String] {
        try layers(of: relativePath, inSet: templateSet, firstOnly: false)
    }

    /// Whether a real path (as ``path(of:inSet:)`` returns it) lies in the override folder.
    public func isOverride(_ realPath: String) -> Bool {
        overrideDirectory != nil && roots.count > 1 && realPath.hasPrefix(roots[0] + "/")
    }

    /// The real path of a set's folder in the override folder and in the built-in one (either may not exist).
    public func setDirectories(_ templateSet: String) -> (override: String?, builtIn: String) {
        (roots.count > 1 ? roots[0] + "/" + templateSet : nil, roots[roots.count - 1] + "/" + templateSet)
    }

    private func layers(
        of relativePath: String,
        inSet templateSet: String,
        firstOnly: Bool
    ) throws(TemplateError) -> [String] {
        guard TemplateName.isSafe(templateSet) else {
            throw TemplateError(
                file: templateSet,
                message: "the template set name '\(templateSet)' is not a plain folder name",
                remedy: "Use a folder name without '/', '..' or a leading dot"
            )
        }
        guard Self.isSafeRelativePath(relativePath) else {
            throw TemplateError(
                file: relativePath,
                message: "the template name '\(relativePath)' would leave the template folder",
                remedy: "Use names inside the set's folder, without '..', absolute paths or hidden files"
            )
        }
        var found: [String] = []
        for root in roots {
            let candidate = root + "/" + templateSet + "/" + relativePath
            guard FileManager.default.fileExists(atPath: candidate) else { continue }
            guard let real = Self.realPath(candidate), real.hasPrefix(root + "/") else {
                throw TemplateError(
                    file: candidate,
                    message: "the file resolves to a place outside the template folder '\(root)'",
                    remedy: "Replace the symbolic link with a regular file inside the template folder"
                )
            }
            found.append(real)
            if firstOnly { break }
        }
        return found
    }

    /// Reads a file of a template set as UTF-8 text.
    /// - Returns: the file's path and text, or `nil` when neither folder has it.
    /// - Throws: ``TemplateError`` for unsafe names, unreadable files, or text that is not valid UTF-8 (with the line).
    public func text(
        of relativePath: String,
        inSet templateSet: String
    ) throws(TemplateError) -> (path: String, text: String)? {
        guard let bytes = try data(of: relativePath, inSet: templateSet) else { return nil }
        return (bytes.path, try Self.decodeUTF8(bytes.data, file: bytes.path))
    }

    /// Reads a file of a template set as bytes (images).
    /// - Returns: the file's path and bytes, or `nil` when neither folder has it.
    public func data(
        of relativePath: String,
        inSet templateSet: String
    ) throws(TemplateError) -> (path: String, data: [UInt8])? {
        guard let path = try path(of: relativePath, inSet: templateSet) else { return nil }
        return (path, try Self.read(path))
    }

    /// Reads every copy of a file of a set as UTF-8 text, the override folder's first (see ``paths(of:inSet:)``).
    public func texts(
        of relativePath: String,
        inSet templateSet: String
    ) throws(TemplateError) -> [(path: String, text: String)] {
        var texts: [(path: String, text: String)] = []
        for path in try paths(of: relativePath, inSet: templateSet) {
            texts.append((path, try Self.decodeUTF8(try Self.read(path), file: path)))
        }
        return texts
    }

    private static func read(_ path: String) throws(TemplateError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TemplateError(file: path, message: "the file cannot be read", remedy: "Check its permissions")
        }
        return Array(data)
    }

    /// The names of the files with `suffix` in a folder of a set, from both folders (override first), sorted.
    /// - Parameters:
    ///   - templateSet: the set.
    ///   - folder: a sub-folder such as `locales`, or `nil` for the whole set (searched recursively).
    ///   - suffix: a name ending such as `.mustache` or `.json`.
    /// - Returns: names relative to the set, e.g. `partials/header.html.mustache`.
    public func fileNames(inSet templateSet: String, folder: String? = nil, suffix: String) -> [String] {
        guard TemplateName.isSafe(templateSet) else { return [] }
        var names = Set<String>()
        for root in roots {
            let base = root + "/" + templateSet
            let start = folder.map { base + "/" + $0 } ?? base
            guard let enumerator = FileManager.default.enumerator(atPath: start) else { continue }
            for case let path as String in enumerator where path.hasSuffix(suffix) {
                let name = folder.map { $0 + "/" + path } ?? path
                if Self.isSafeRelativePath(name) { names.insert(name) }
            }
        }
        return names.sorted()
    }

    /// Whether a set exists in either folder.
    public func hasSet(_ templateSet: String) -> Bool {
        TemplateName.isSafe(templateSet) && roots.contains { Self.isDirectory($0 + "/" + templateSet) }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Strict UTF-8 decoding that names the line and byte of the first bad sequence.
    static func decodeUTF8(_ bytes: [UInt8], file: String) throws(TemplateError) -> String {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var line = 1
        var column = 1
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                offset += encoded.count
                if encoded.count == 1, encoded.first == 0x0A {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .error:
                let byte = bytes[offset]
                throw TemplateError(
                    file: file,
                    line: line,
                    column: column,
                    message:
                        "the file is not valid UTF-8 (byte 0x\(String(byte, radix: 16, uppercase: true)) at offset \(offset))",
                    remedy: "Save the file as UTF-8, e.g. 'iconv -f WINDOWS-1252 -t UTF-8'"
                )
            case .emptyInput:
                return String(decoding: bytes, as: UTF8.self)
            }
        }
    }
}
