import Foundation
import Testing

/// `smiley templates copy`: built-in files into the override folder, never overwriting, never leaving the set.
@Suite("templates copy")
struct TemplateCopyTests {
    static let builtInSet = packageRoot.appendingPathComponent("templates/default").resolvingSymlinksInPath().path

    static func configured() async throws -> Workspace {
        let workspace = try await Workspace.initialized()
        try workspace.editConfig { $0["templatesDirectory"] = "mytpl" }
        return workspace
    }

    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    @Test("copies built-in files into the configured folder, creating the set's folders; check then lists them")
    func copiesIntoTheConfiguredFolder() async throws {
        let workspace = try await Self.configured()
        let names = ["partials/footer.html.mustache", "locales/de.json"]
        let result = try await workspace.run(["templates", "copy"] + names)
        #expect(result.status == 0 && !result.signaled, "\(result)")
        let mytpl = workspace.root.path + "/mytpl"
        #expect(result.printed == names.map { "\(mytpl)/default/\($0)" }, "\(result)")
        for name in names {
            let copy = Self.bytes("\(mytpl)/default/\(name)")
            #expect(copy != nil && copy == Self.bytes("\(Self.builtInSet)/\(name)"), "\(name) is the built-in text")
        }
        let set = workspace.path("mytpl/default").resolvingSymlinksInPath().path
        let check = try await workspace.run(["templates", "check"])
        #expect(check.status == 0, "\(check)")
        #expect(
            check.printed == [
                "\(set) over \(Self.builtInSet): no problems found. Files from \(set): locales/de.json (merged word by word with the built-in one), partials/footer.html.mustache."
            ],
            "\(check)"
        )
    }

    @Test("refuses to overwrite: exit 73 naming the file, and the other files are not copied either")
    func refusesToOverwrite() async throws {
        let workspace = try await Self.configured()
        try workspace.write("mytpl/default/partials/footer.html.mustache", "MINE\n")
        let result = try await workspace.run([
            "templates", "copy", "partials/footer.txt.mustache", "partials/footer.html.mustache",
        ])
        let existing = workspace.root.path + "/mytpl/default/partials/footer.html.mustache"
        #expect(result.status == 73 && !result.signaled && result.out.isEmpty, "\(result)")
        #expect(
            result.err
                == "smiley: \(existing): already there; nothing was copied. Edit the file you have, or move it away first to start again from the built-in text.\n",
            "\(result)"
        )
        #expect(Self.bytes(existing) == Data("MINE\n".utf8), "the admin's file is untouched")
        #expect(
            !FileManager.default.fileExists(
                atPath: workspace.root.path + "/mytpl/default/partials/footer.txt.mustache"
            ),
            "nothing half-copied"
        )
    }

    @Test(
        "rejects names that leave the templates folder (exit 64, nothing written)",
        arguments: ["../default/smiley.html.mustache", "/etc/passwd", "partials/../../../smiley.json", ".hidden", ".."]
    )
    func rejectsEscapingNames(_ name: String) async throws {
        let workspace = try await Self.configured()
        let result = try await workspace.run(["templates", "copy", "partials/footer.html.mustache", name])
        #expect(result.status == 64 && !result.signaled && result.out.isEmpty, "\(result)")
        #expect(
            result.err
                == "smiley: '\(name)' would leave the template set: give a name inside it, without '..', a leading '/' or hidden files, e.g. partials/footer.html.mustache.\n",
            "\(result)"
        )
        #expect(!FileManager.default.fileExists(atPath: workspace.root.path + "/mytpl"), "nothing written")
    }

    @Test("a name the built-in set lacks exits 66; a folder (also as SET/folder) copies every file below it")
    func unknownNamesAndFolders() async throws {
        let workspace = try await Self.configured()
        let missing = try await workspace.run(["templates", "copy", "partials/fotter.html.mustache"])
        #expect(missing.status == 66, "\(missing)")
        #expect(
            missing.err
                == "smiley: 'partials/fotter.html.mustache' is not a file of the built-in set 'default'; 'smiley templates copy --list' lists them.\n"
        )
        let other = workspace.root.path + "/other"
        let folder = try await workspace.run(["templates", "copy", "default/web/", "--to", other])
        #expect(folder.status == 0, "\(folder)")
        let list = try await workspace.run(["templates", "copy", "--list"])
        #expect(list.status == 0, "\(list)")
        let web = list.printed.filter { $0.hasPrefix("web/") }
        #expect(web.contains("web/rated.html.mustache") && web.contains("web/partials/head.html.mustache"), "\(list)")
        #expect(folder.printed == web.map { "\(other)/default/\($0)" }, "\(folder)")
    }

    @Test("--list prints every file of the built-in set; without templatesDirectory and --to there is nowhere to copy")
    func listAndNoDestination() async throws {
        let workspace = try await Workspace.initialized()
        let list = try await workspace.run(["templates", "copy", "--list"])
        #expect(list.status == 0, "\(list)")
        #expect(list.printed == workspace.allFiles(below: URL(fileURLWithPath: Self.builtInSet)), "\(list)")
        let nowhere = try await workspace.run(["templates", "copy", "locales/de.json"])
        #expect(nowhere.status == 78 && nowhere.out.isEmpty, "\(nowhere)")
        #expect(
            nowhere.err
                == "smiley: \(workspace.configPath) names no templatesDirectory to copy into. Add \"templatesDirectory\": \"my-templates\" to it, or pass --to DIR.\n",
            "\(nowhere)"
        )
    }
}
