import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A survey whose rating links point at a real `smiley serve` on a free loopback port, the survey emails
/// `smiley preview` rendered for the people of a small list, and the programs a browser test drives: Debian's
/// `chromium` through `chromium-driver` and Selenium (`Browser/click_and_comment.py`, run with `$SMILEY_PYTHON`),
/// and `curl` playing a mail gateway's link scanner.
///
/// Needs `chromium`, `chromium-driver`, `curl`, `faketime` and Selenium in `$SMILEY_PYTHON` (scripts/test installs
/// them all); without them the tests fail naming what is missing, unless `SMILEY_SKIP_BROWSER=1` skips the suite.
final class BrowserHarness {
    let workspace: Workspace
    /// The port `smiley serve` listens on, and the survey's `baseURL` names.
    let port: Int
    /// Per email address of ``people``: the folder `smiley preview` wrote its email to.
    let previews: [String: URL]
    private let server: SmileyProcess
    private var stopped = false

    /// The people of the survey list, in its order.
    static let people = ["ana@example.com", "ben@example.org", "cai@example.net"]
    static let chromium = "/usr/bin/chromium"
    static let chromedriver = "/usr/bin/chromedriver"
    static let curl = "/usr/bin/curl"
    static let faketime = "/usr/bin/faketime"
    static let driverScript = packageRoot.appendingPathComponent("Tests/SmileyCLITests/Browser/click_and_comment.py")

    /// Whether the suite is to be skipped (`SMILEY_SKIP_BROWSER=1`).
    static var skipRequested: Bool { ProcessInfo.processInfo.environment["SMILEY_SKIP_BROWSER"] == "1" }

    /// `$SMILEY_PYTHON` (the venv scripts/test makes), else `<package root>/.build/test-venv/bin/python`.
    static var python: String {
        ProcessInfo.processInfo.environment["SMILEY_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
            ?? packageRoot.appendingPathComponent(".build/test-venv/bin/python").path
    }

    /// Throws, naming everything missing, unless this machine can run the browser tests.
    static func requireAvailable() async throws {
        var missing: [String] = []
        for (program, package) in [
            (chromium, "chromium"), (chromedriver, "chromium-driver"), (curl, "curl"), (faketime, "faketime"),
        ]
        where !FileManager.default.isExecutableFile(atPath: program) {
            missing.append("\(program) (apt-get install -y \(package))")
        }
        let selenium = try await run(python, ["-c", "import selenium; print(selenium.__version__)"], timeout: 30)
        if selenium.status != 0 {
            missing.append(
                "Selenium in \(python) (run scripts/test, which installs it into .build/test-venv, or "
                    + "pip install selenium==4.51.0 there and set SMILEY_PYTHON): \(selenium.err)"
            )
        }
        guard missing.isEmpty else {
            throw HarnessError(
                "The browser end-to-end tests cannot run; missing: " + missing.joined(separator: "; ")
                    + ". Set SMILEY_SKIP_BROWSER=1 to skip them on purpose."
            )
        }
    }

    /// Makes the survey (links `https`, `baseURL` on a free port), previews one email per person, starts
    /// `smiley serve` and waits until it answers `/healthz`.
    init() async throws {
        try await Self.requireAvailable()
        workspace = try await Workspace.initialized()
        try workspace.write(
            "people.csv",
            "email,name,ticket_id\n" + Self.people.enumerated().map { "\($1),P\($0),T-\($0)\n" }.joined()
        )
        var lastFailure = ""
        // A free port may be taken between choosing it and binding it: then choose again.
        for _ in 0..<3 {
            let port = try freeLoopbackPort()
            try workspace.editConfig { config in
                config["baseURL"] = "http://127.0.0.1:\(port)"
                var surveys = config["surveys"] as? [[String: Any]] ?? []
                for index in surveys.indices { surveys[index]["links"] = "https" }
                config["surveys"] = surveys
            }
            var previews: [String: URL] = [:]
            for (index, person) in Self.people.enumerated() {
                let folder = workspace.path("preview-\(index + 1)")
                let result = try await workspace.run([
                    "preview", "--survey", "support", "--recipients", workspace.path("people.csv").path,
                    "--row", String(index + 1), "--out", folder.path, "--no-screenshots",
                ])
                guard result.status == 0 else { throw HarnessError("smiley preview failed: \(result)") }
                previews[person] = folder
            }
            let server = try SmileyProcess(
                ["serve", "--config", workspace.configPath, "--port", String(port)],
                in: workspace.root
            )
            if await Self.waitForHealth(port: port, while: server) {
                (self.port, self.previews, self.server) = (port, previews, server)
                return
            }
            server.signal(SIGKILL)
            lastFailure = "\(await server.wait(timeout: 5))"
        }
        throw HarnessError("smiley serve did not answer /healthz: \(lastFailure)")
    }

    deinit {
        if !stopped { server.signal(SIGKILL) }
    }

    private static func waitForHealth(port: Int, while server: SmileyProcess) async -> Bool {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline && server.isRunning {
            let answer = try? await run(curl, ["-s", "-m", "2", "http://127.0.0.1:\(port)/healthz"], timeout: 5)
            if answer?.out == "ok\n" { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// The rating links of a person's previewed email, in the order they appear (each rating once).
    func ratingLinks(of person: String) throws -> [String] {
        let folder = try #require(previews[person])
        let html = try String(contentsOf: folder.appendingPathComponent("survey-browser.html"), encoding: .utf8)
        var links: [String] = []
        for part in html.components(separatedBy: "href=\"").dropFirst() {
            let link = String(part.prefix { $0 != "\"" })
            if link.hasPrefix("http://127.0.0.1:\(port)/r/"), !links.contains(link) { links.append(link) }
        }
        return links
    }

    /// The token of a person's links.
    func token(of person: String) throws -> String {
        let link = try #require(try ratingLinks(of: person).first)
        return link.split(separator: "/").dropLast().last.map(String.init) ?? ""
    }

    /// Runs `curl` with `arguments`; fails the test unless it exits 0. Returns what it printed.
    @discardableResult
    func curl(_ arguments: [String]) async throws -> String {
        let result = try await Self.run(Self.curl, ["-s", "-S", "-m", "10"] + arguments, timeout: 30)
        guard result.status == 0 else { throw HarnessError("curl \(arguments) failed: \(result.err)") }
        return result.out
    }

    /// What `click_and_comment.py` saw.
    struct BrowserVisit {
        let report: [String: Any]

        var userAgent: String { report["userAgent"] as? String ?? "" }
        var console: [String] { (report["console"] as? [[String: Any]] ?? []).map { "\($0)" } }
        func page(_ name: String) -> [String: String] { report[name] as? [String: String] ?? [:] }
        /// `METHOD last-path-part status` of every request to a rating link, in order.
        var exchanges: [String] {
            (report["exchanges"] as? [[String: Any]] ?? []).map { exchange in
                let url = exchange["url"] as? String ?? ""
                let status = (exchange["status"] as? Int).map(String.init) ?? "none"
                return "\(exchange["method"] as? String ?? "?") \(url.split(separator: "/").last ?? "") \(status)"
            }
        }
    }

    /// A person opens their email in Chromium, clicks `rating`, types `comment` on the thank-you page and sends it.
    /// Fails unless the script, chromedriver and every browser process are gone afterwards.
    func answerInBrowser(_ person: String, rating: String, comment: String) async throws -> BrowserVisit {
        let email = try #require(previews[person]).appendingPathComponent("survey-browser.html")
        let profile = workspace.path("chromium-profile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        let result = try await Self.run(
            Self.python,
            [
                Self.driverScript.path, "--email", email.path, "--rating", rating, "--comment", comment,
                "--profile", profile.path, "--chromium", Self.chromium, "--chromedriver", Self.chromedriver,
            ],
            timeout: 120,
            processGroup: true
        )
        #expect(result.leftovers.isEmpty, "browser processes still running after the script: \(result.leftovers)")
        guard result.status == 0,
            let report = try? JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any]
        else {
            throw HarnessError("click_and_comment.py failed (\(result.status)):\n\(result.out)\n\(result.err)")
        }
        return BrowserVisit(report: report)
    }

    /// `smiley report --format json` (at `later`, e.g. `+10m`, through faketime), parsed.
    func report(later: String? = nil) async throws -> [String: Any] {
        let arguments = [
            smileyExecutable, "report", "--format", "json", "--by", "survey", "--config", workspace.configPath,
        ]
        let result =
            if let later {
                // Only the wall clock moves (reports read it); monotonic clocks stay real for the runtime.
                try await Self.run(Self.faketime, ["-f", later] + arguments, environment: ["DONT_FAKE_MONOTONIC": "1"])
            } else {
                try await Self.run(arguments[0], Array(arguments.dropFirst()))
            }
        guard result.status == 0,
            let object = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any]
        else { throw HarnessError("smiley report failed: \(result.status) \(result.err)") }
        return object
    }

    /// `smiley export --format json`, parsed.
    func export() async throws -> [[String: Any]] {
        let result = try await workspace.run(["export", "--format", "json"])
        guard result.status == 0,
            let records = try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]]
        else { throw HarnessError("smiley export failed: \(result)") }
        return records
    }

    /// Stops `smiley serve` with SIGTERM, as an init system does, and returns how it ended.
    func stop() async -> RunResult {
        stopped = true
        server.signal(SIGTERM)
        return await server.wait(timeout: 5)
    }

    /// How a helper program ended.
    struct ProgramResult {
        let status: Int32
        let out: String
        let err: String
        /// Live processes (`pid command`) left in the program's process group.
        let leftovers: [String]
    }

    /// Runs a program to the end (files, not pipes, for its output), killing it after `timeout` seconds. With
    /// `processGroup`, the program leads its own process group (the driver script calls `setsid`), which is
    /// killed whole once the program ended; what was still alive in it then is in ``ProgramResult/leftovers``.
    static func run(
        _ program: String,
        _ arguments: [String],
        environment: [String: String] = [:],
        timeout: Double = 60,
        processGroup: Bool = false
    ) async throws -> ProgramResult {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "smiley-browser-\(UUID().uuidString)"
        )
        let (outFile, errFile) = (scratch.appendingPathExtension("out"), scratch.appendingPathExtension("err"))
        for file in [outFile, errFile] where !FileManager.default.createFile(atPath: file.path, contents: nil) {
            throw HarnessError("cannot create \(file.path)")
        }
        defer { for file in [outFile, errFile] { try? FileManager.default.removeItem(at: file) } }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        let (output, errors) = (try FileHandle(forWritingTo: outFile), try FileHandle(forWritingTo: errFile))
        (process.standardOutput, process.standardError) = (output, errors)
        defer {
            try? output.close()
            try? errors.close()
        }
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        let timedOut = process.isRunning
        if timedOut { kill(processGroup ? -process.processIdentifier : process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        var leftovers: [String] = []
        if processGroup {
            // driver.quit() ends chromedriver and Chromium; give their last children a moment, then end the rest.
            let group = process.processIdentifier
            for _ in 0..<50 {
                leftovers = liveMembers(ofGroup: group)
                if leftovers.isEmpty { break }
                try? await Task.sleep(for: .milliseconds(100))
            }
            if !leftovers.isEmpty { kill(-group, SIGKILL) }
        }
        let out = String(decoding: (try? Data(contentsOf: outFile)) ?? Data(), as: UTF8.self)
        var err = String(decoding: (try? Data(contentsOf: errFile)) ?? Data(), as: UTF8.self)
        if timedOut { err += "\n[test harness: killed after \(timeout) s]" }
        return ProgramResult(status: process.terminationStatus, out: out, err: err, leftovers: leftovers)
    }

    /// The processes of a process group that have not ended (zombies waiting for their reaper do not count).
    static func liveMembers(ofGroup group: Int32) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> String? in
            guard Int32(entry) != nil,
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            // "pid (comm) state ppid pgrp …"
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, fields[0] != "Z", Int32(fields[2]) == group else { return nil }
            return entry + " " + stat[..<close].split(separator: "(", maxSplits: 1).last.map(String.init)!
        }
    }
}
