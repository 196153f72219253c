import Foundation

/// Takes PNG screenshots of an HTML file with headless Chromium, in light and dark colour schemes.
enum Screenshotter {
    /// The colour scheme to emulate.
    enum ColorScheme: String, CaseIterable {
        case light, dark
    }

    /// The first Chromium found on `PATH` (`chromium`, `chromium-browser`, `google-chrome`), or `nil`.
    static func findChromium() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for folder in path.split(separator: ":") {
                let candidate = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// Screenshots `html` into `png` at 700 px wide.
    static func capture(chromium: String, html: String, png: String, scheme: ColorScheme) throws(WorkflowError) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "smiley-chromium-\(getpid())-\(scheme.rawValue)"
        )
        var arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--user-data-dir=\(profile.path)", "--window-size=700,1100",
            "--screenshot=\(URL(fileURLWithPath: png).standardizedFileURL.path)",
        ]
        if scheme == .dark { arguments += ["--force-dark-mode", "--blink-settings=preferredColorScheme=0"] }
        arguments.append(URL(fileURLWithPath: html).standardizedFileURL.absoluteString)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            throw WorkflowError("cannot start \(chromium): \(error.localizedDescription)")
        }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: profile)
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: png) else {
            throw WorkflowError("Chromium could not screenshot \(html) (exit \(process.terminationStatus)).")
        }
    }
}
