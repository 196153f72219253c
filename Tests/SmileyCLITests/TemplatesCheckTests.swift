import Foundation
import Testing

/// `smiley templates check` on the built-in set and on broken copies of it.
@Suite("templates check")
struct TemplatesCheckTests {
    static let builtIn = packageRoot.appendingPathComponent("templates")

    @Test("the built-in templates pass (exit 0); without DIR and without smiley.json there is nothing to check (78)")
    func builtInTemplatesPass() async throws {
        let folder = try Workspace()
        // --builtin finds the built-in folder from the executable's location.
        let found = try await smiley(["templates", "check", "--builtin"], in: folder.root)
        #expect(found.status == 0 && !found.signaled, "\(found)")
        #expect(found.printed == [Self.builtIn.path + "/default: no problems found."], "\(found)")
        let named = try await smiley(["templates", "check", Self.builtIn.path], in: folder.root)
        #expect(named.status == 0, "\(named)")
        #expect(named.printed == [Self.builtIn.path + "/default: no problems found."], "not an override of itself")
        // Without DIR the check is of the configured templatesDirectory: no smiley.json, no guess.
        let unconfigured = try await smiley(["templates", "check"], in: folder.root)
        #expect(unconfigured.status == 78 && unconfigured.out.isEmpty, "\(unconfigured)")
        #expect(
            unconfigured.err
                == "smiley: smiley.json: not found, so there is no templatesDirectory to check. Pass DIR (an override folder), --builtin for the built-in templates, or --config PATH.\n",
            "\(unconfigured)"
        )
    }

    /// One defect written into a copy of the built-in set.
    struct Defect: CustomTestStringConvertible, Sendable {
        let name: String
        /// The file (inside `default/`) that gets the defect as a new line 3.
        let file: String
        let line: String
        /// Words the diagnostic must contain.
        let mentions: [String]
        /// Whether the diagnostic must point at line 3 of the file (else: any line/column).
        let pointsAtLine: Bool
        var testDescription: String { name }
    }

    static let defects: [Defect] = [
        Defect(
            name: "unknown variable",
            file: "smiley.txt.mustache",
            line: "Your size: {{recipient.shoe_size}}",
            mentions: ["recipient.shoe_size"],
            pointsAtLine: true
        ),
        Defect(
            name: "unclosed section",
            file: "smiley.html.mustache",
            line: "<p>{{#agent}}Handled by {{agent}}</p>",
            mentions: ["agent"],
            pointsAtLine: true
        ),
        Defect(
            name: "img without alt",
            file: "smiley.html.mustache",
            line: "<p><img src=\"https://example.com/logo.png\" width=\"10\" height=\"10\"></p>",
            mentions: ["alt", "logo.png"],
            pointsAtLine: false
        ),
    ]

    @Test("a broken copy exits 65 with a file:line:col diagnostic naming the problem", arguments: defects)
    func brokenCopy(_ defect: Defect) async throws {
        let folder = try Workspace()
        let copy = folder.path("templates")
        try FileManager.default.copyItem(at: Self.builtIn, to: copy)
        let target = copy.appendingPathComponent("default").appendingPathComponent(defect.file)
        var lines = try String(contentsOf: target, encoding: .utf8).components(separatedBy: "\n")
        lines.insert(defect.line, at: 2)
        try lines.joined(separator: "\n").write(to: target, atomically: true, encoding: .utf8)

        let result = try await smiley(["templates", "check", copy.path], in: folder.root)
        #expect(result.status == 65 && !result.signaled, "\(result)")
        let diagnostics = result.out.split(separator: "\n").map(String.init).filter { $0.contains(": error:") }
        let matching = diagnostics.filter { line in defect.mentions.allSatisfy { line.contains($0) } }
        #expect(!matching.isEmpty, "no error mentions \(defect.mentions): \(result)")
        for line in matching {
            // FILE:LINE:COLUMN: error: MESSAGE, FILE being the template with the defect.
            let parts = line.components(separatedBy: ":")
            #expect(parts.count >= 5, "\(line)")
            guard parts.count >= 5 else { continue }
            #expect(parts[0].hasSuffix("default/" + defect.file), "names the file: \(line)")
            #expect(Int(parts[1]) != nil && Int(parts[2]) != nil, "line and column are numbers: \(line)")
            #expect(parts[1] == "3", "points at line 3: \(line)")
        }
    }

    @Test(
        "a --set that leaves the templates folder is refused",
        arguments: ["../", "..", "../templates", "default/../../etc"]
    )
    func setOutsideFolderRefused(_ set: String) async throws {
        let folder = try Workspace()
        let result = try await smiley(["templates", "check", Self.builtIn.path, "--set", set], in: folder.root)
        #expect(result.status != 0 && !result.signaled, "\(result)")
        #expect(!result.out.contains("no problems found"), "\(result)")
        let text = result.out + result.err
        #expect(text.contains("'\(set)'"), "the refusal quotes the set name: \(result)")
    }
}

extension RunResult {
    /// Every line of standard output, in order (the newline ending the last one does not make an empty line).
    var printed: [String] {
        var lines = out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
