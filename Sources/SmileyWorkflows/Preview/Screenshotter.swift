import Foundation

/// Takes PNG screenshots of an HTML file with headless Chromium, in light and dark colour schemes.
enum Screenshotter {
    /// The colour scheme to emulate.
    enum ColorScheme: String, CaseIterable {
        case light, dark
    }

    /// One screenshot to take.
    struct Job {
        let html: String
        let png: String
        let scheme: ColorScheme
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
        if let failure = capture(chromium: chromium, jobs: [Job(html: html, png: png, scheme: scheme)]).first {
            throw failure
        }
    }

    /// Takes the screenshots, `parallel` Chromium processes at a time (each has its own profile folder).
    /// - Returns: one error per screenshot that failed, in the order of `jobs`.
    static func capture(chromium: String, jobs: [Job], parallel: Int = 2) -> [WorkflowError] {
        var failures: [WorkflowError] = []
        var start = 0
        while start < jobs.count {
            let batch = jobs[start..<min(start + max(parallel, 1), jobs.count)]
            var running: [(job: Job, process: Process, profile: URL)] = []
            for job in batch {
                let profile = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "smiley-chromium-\(getpid())-\(UUID().uuidString)"
                )
                let process = Process()
                process.executableURL = URL(fileURLWithPath: chromium)
                var arguments = [
                    "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                    "--user-data-dir=\(profile.path)", "--window-size=700,1100",
                    "--screenshot=\(URL(fileURLWithPath: job.png).standardizedFileURL.path)",
                ]
                if job.scheme == .dark {
                    arguments += ["--force-dark-mode", "--blink-settings=preferredColorScheme=0"]
                }
                arguments.append(URL(fileURLWithPath: job.html).standardizedFileURL.absoluteString)
                process.arguments = arguments
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                do { try process.run() } catch {
                    failures.append(WorkflowError("cannot start \(chromium): \(error.localizedDescription)"))
                    continue
                }
                running.append((job, process, profile))
            }
            for (job, process, profile) in running {
                process.waitUntilExit()
                try? FileManager.default.removeItem(at: profile)
                if process.terminationStatus != 0 || !FileManager.default.fileExists(atPath: job.png) {
                    failures.append(
                        WorkflowError(
                            "Chromium could not screenshot \(job.html) (exit \(process.terminationStatus))."
                        )
                    )
                }
            }
            start += batch.count
        }
        return failures
    }
}
