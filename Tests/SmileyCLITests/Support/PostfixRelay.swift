import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A real Postfix, started by a test (its master under the test's child `setsid`), in its own configuration and queue
/// folders under a workspace, listening on a free loopback port, and piping mail for the reply domain to
/// `smiley ingest` through the service and transport map shipped in `examples/relay/`.
///
/// The example files are used as they ship: only the binary path, the configuration path and the pipe's user are
/// replaced. The instance delivers nothing else (no local delivery, no outbound mail) and logs to a file the test
/// reads. ``stop()`` (also run on deinit) ends the master and every process of its process group; the master is also
/// started with `-e`, so it ends by itself should the test runner die before stopping it.
final class PostfixRelay {
    /// The account the pipe runs `smiley ingest` as (pipe(8) refuses root).
    static let pipeUser = "nobody"
    /// The longest a relay may live: the master exits by itself after this many seconds.
    static let lifetimeSeconds = 180

    let workspace: Workspace
    let folder: URL
    let configDirectory: URL
    let queueDirectory: URL
    let logFile: URL
    /// The `smiley` executable the pipe service runs.
    let ingestBinary: String
    private(set) var port = 0
    private var master: Process?

    /// Whether the suite is to be skipped (`SMILEY_SKIP_POSTFIX=1`).
    static var skipRequested: Bool { ProcessInfo.processInfo.environment["SMILEY_SKIP_POSTFIX"] == "1" }

    /// Postfix's daemon folder (`master`, `pipe`), from `postconf`, else Debian's.
    static let daemonDirectory: String = {
        (try? run("/usr/sbin/postconf", ["-d", "-h", "daemon_directory"]))
            .flatMap { $0.status == 0 ? $0.out.trimmingCharacters(in: .whitespacesAndNewlines) : nil }
            .flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/lib/postfix/sbin"
    }()

    /// What this machine lacks for a real Postfix (empty when nothing).
    static func missingRequirements() -> [String] {
        var missing: [String] = []
        if geteuid() != 0 {
            missing.append("root (Postfix's master and its queue folders need it): run the tests as root or with sudo")
        }
        for program in [
            "/usr/sbin/postconf", "/usr/sbin/postqueue", daemonDirectory + "/master", daemonDirectory + "/pipe",
        ]
        where !FileManager.default.isExecutableFile(atPath: program) {
            missing.append("\(program) (apt-get install -y postfix; the tests start their own instance, not the MTA)")
        }
        if !FileManager.default.isExecutableFile(atPath: "/usr/bin/setsid") {
            missing.append("/usr/bin/setsid (apt-get install -y util-linux)")
        }
        if !FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") {
            missing.append("/usr/bin/python3 (the tests' SMTP client: apt-get install -y python3)")
        }
        if getpwnam("postfix") == nil { missing.append("the 'postfix' user (installed with the postfix package)") }
        if getgrnam("postdrop") == nil { missing.append("the 'postdrop' group (installed with the postfix package)") }
        if getpwnam(pipeUser) == nil { missing.append("the '\(pipeUser)' user the pipe service runs smiley as") }
        return missing
    }

    /// Throws, naming what is missing, unless this machine can run a real Postfix.
    static func requireAvailable() throws {
        let missing = missingRequirements()
        guard missing.isEmpty else {
            throw HarnessError(
                "The Postfix end-to-end tests cannot run; missing: " + missing.joined(separator: "; ")
                    + ". Set SMILEY_SKIP_POSTFIX=1 to skip them on purpose."
            )
        }
    }

    /// Sets up and starts Postfix for `workspace`, whose data folder and secret it hands over to the pipe's user.
    init(serving workspace: Workspace) throws {
        try Self.requireAvailable()
        self.workspace = workspace
        folder = workspace.path("postfix")
        configDirectory = folder.appendingPathComponent("etc")
        queueDirectory = folder.appendingPathComponent("queue")
        logFile = folder.appendingPathComponent("maillog")
        try FileManager.default.createDirectory(at: configDirectory, withIntermediateDirectories: true)
        ingestBinary = try Self.installBinary(in: folder)
        try handOver(workspace)
        try makeQueueFolders()
        let transport = try Self.example("postfix-transport")
        try Data(transport.utf8).write(to: configDirectory.appendingPathComponent("transport"))
        let domains = Self.transportDomains(transport)
        guard domains == [Workspace.replyDomain] else {
            throw HarnessError("examples/relay/postfix-transport routes \(domains), not \(Workspace.replyDomain)")
        }
        try writeMainCF(relayDomains: domains)
        var lastFailure = ""
        for _ in 0..<3 {
            port = try freeLoopbackPort()
            try writeMasterCF()
            try backdateConfiguration()
            let process = try startMaster()
            // A master that could not bind the port has exited: a greeting then came from someone else's server.
            if waitForSMTPGreeting(port: port, seconds: 10), process.isRunning {
                master = process
                return
            }
            master = process
            stop()
            lastFailure = tailOfLog()
        }
        throw HarnessError("Postfix did not start on 127.0.0.1. Its log ends with:\n\(lastFailure)")
    }

    deinit { stop() }

    /// One of the shipped example files, `examples/relay/NAME`.
    static func example(_ name: String) throws -> String {
        try String(contentsOf: packageRoot.appendingPathComponent("examples/relay/\(name)"), encoding: .utf8)
    }

    /// The domains a transport map routes (first field of each line that is not a comment).
    static func transportDomains(_ map: String) -> [String] {
        map.split(whereSeparator: \.isNewline).compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return nil }
            return trimmed.split(whereSeparator: \.isWhitespace).first.map(String.init)
        }
    }

    /// `$SMILEY_BINARY` when set (an installed `/usr/bin/smiley`), else a copy of the built binary in `folder/bin`
    /// (the build folder may not be reachable by the pipe's user).
    private static func installBinary(in folder: URL) throws -> String {
        if let named = ProcessInfo.processInfo.environment["SMILEY_BINARY"], !named.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: named) else {
                throw HarnessError("SMILEY_BINARY names \(named), which is not an executable file")
            }
            return named
        }
        guard FileManager.default.isExecutableFile(atPath: smileyExecutable) else {
            throw HarnessError("\(smileyExecutable) is missing: run 'swift build --build-tests' first")
        }
        let bin = folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let copy = bin.appendingPathComponent("smiley")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: smileyExecutable), to: copy)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: copy.path)
        return copy.path
    }

    /// The pipe's user reads the configuration, owns the secret (mode 0600) and the data folder.
    private func handOver(_ workspace: Workspace) throws {
        guard let user = getpwnam(Self.pipeUser) else { throw HarnessError("no user \(Self.pipeUser)") }
        let (uid, gid) = (user.pointee.pw_uid, user.pointee.pw_gid)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: workspace.root.path)
        try FileManager.default.createDirectory(at: workspace.data, withIntermediateDirectories: true)
        var paths = [workspace.secretPath, workspace.data.path]
        if let walker = FileManager.default.enumerator(atPath: workspace.data.path) {
            while let name = walker.nextObject() as? String {
                paths.append(workspace.data.appendingPathComponent(name).path)
            }
        }
        for path in Set(paths) where lchown(path, uid, gid) != 0 {
            throw HarnessError("chown \(Self.pipeUser) \(path) failed: \(String(cString: strerror(errno)))")
        }
    }

    /// Makes the data folder writable (0755) or not (0555) for the pipe's user, which owns it.
    func setDataWritable(_ writable: Bool) throws {
        try FileManager.default.setAttributes(
            [.posixPermissions: writable ? 0o755 : 0o555],
            ofItemAtPath: workspace.data.path
        )
    }

    /// The queue folders `postfix check` would create, owned as Postfix requires.
    private func makeQueueFolders() throws {
        guard let postfix = getpwnam("postfix"), let postdrop = getgrnam("postdrop") else {
            throw HarnessError("the postfix user or the postdrop group is missing")
        }
        let (owner, drop) = (postfix.pointee.pw_uid, postdrop.pointee.gr_gid)
        let ownedByPostfix = [
            "active", "bounce", "corrupt", "defer", "deferred", "flush", "hold", "incoming", "private",
        ]
        var folders: [(String, uid_t, gid_t, Int)] = [("", 0, 0, 0o755), ("pid", 0, 0, 0o755)]
        folders += (ownedByPostfix + ["saved", "trace"]).map { ($0, owner, 0, 0o700) }
        folders += [("maildrop", owner, drop, 0o730), ("public", owner, drop, 0o710)]
        for (name, uid, gid, mode) in folders {
            try makeFolder(name.isEmpty ? queueDirectory : queueDirectory.appendingPathComponent(name), uid, gid, mode)
        }
        try makeFolder(folder.appendingPathComponent("data"), owner, 0, 0o700)
    }

    private func makeFolder(_ url: URL, _ uid: uid_t, _ gid: gid_t, _ mode: Int) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        guard chown(url.path, uid, gid) == 0, chmod(url.path, mode_t(mode)) == 0 else {
            throw HarnessError("cannot set the owner or mode of \(url.path): \(String(cString: strerror(errno)))")
        }
    }

    private func writeMainCF(relayDomains: [String]) throws {
        let text = """
            # One Postfix instance for one Smiley test: loopback only, no local or outbound delivery.
            compatibility_level = 3.6
            queue_directory = \(queueDirectory.path)
            data_directory = \(folder.appendingPathComponent("data").path)
            myhostname = relay.smiley.test
            mydestination =
            inet_interfaces = 127.0.0.1
            inet_protocols = ipv4
            mynetworks = 127.0.0.0/8
            smtpd_peername_lookup = no
            relay_domains = \(relayDomains.joined(separator: ", "))
            transport_maps = texthash:\(configDirectory.appendingPathComponent("transport").path)
            smiley_destination_recipient_limit = 1
            local_transport = error:5.1.1 no local delivery in this test relay
            default_transport = error:5.7.1 no outbound mail from this test relay
            alias_maps =
            alias_database =
            biff = no
            maillog_file = \(logFile.path)
            maillog_file_prefixes = \(folder.path)
            queue_run_delay = 1s
            minimal_backoff_time = 5s
            maximal_backoff_time = 10s

            """
        try Data(text.utf8).write(to: configDirectory.appendingPathComponent("main.cf"))
    }

    /// The services this instance needs (none chrooted), then the shipped `smiley` service with its binary,
    /// configuration and user replaced; comment lines of the example are kept as they are.
    private func writeMasterCF() throws {
        let replacements = [
            ("argv=/usr/bin/smiley ", "argv=\(ingestBinary) "),
            ("--config /etc/smiley/smiley.json", "--config \(workspace.configPath)"),
            ("user=smiley ", "user=\(Self.pipeUser) "),
        ]
        var service = try Self.example("postfix-master.cf").split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        for (old, new) in replacements {
            let hits = service.indices.filter { !service[$0].hasPrefix("#") && service[$0].contains(old) }
            guard hits.count == 1 else {
                throw HarnessError(
                    "examples/relay/postfix-master.cf holds '\(old)' \(hits.count) times outside comments, not once: "
                        + "update the substitutions in PostfixRelay.writeMasterCF"
                )
            }
            service[hits[0]] = service[hits[0]].replacingOccurrences(of: old, with: new)
        }
        let base = """
            127.0.0.1:\(port) inet n - n - - smtpd
            pickup    unix  n - n 60  1 pickup
            cleanup   unix  n - n -   0 cleanup
            qmgr      unix  n - n 300 1 qmgr
            rewrite   unix  - - n -   - trivial-rewrite
            bounce    unix  - - n -   0 bounce
            defer     unix  - - n -   0 bounce
            trace     unix  - - n -   0 bounce
            flush     unix  n - n 1000? 0 flush
            proxymap  unix  - - n -   - proxymap
            showq     unix  n - n -   - showq
            error     unix  - - n -   - error
            retry     unix  - - n -   - error
            discard   unix  - - n -   - discard
            anvil     unix  - - n -   1 anvil
            scache    unix  - - n -   1 scache
            postlog   unix-dgram n - n - 1 postlogd

            """
        try Data((base + service.joined(separator: "\n")).utf8).write(
            to: configDirectory.appendingPathComponent("master.cf")
        )
    }

    /// Dates the configuration files a minute back: Postfix waits (in 300 ms steps, up to 2 s) for a file changed
    /// within the last second to settle before reading it.
    private func backdateConfiguration() throws {
        for name in ["main.cf", "master.cf", "transport"] {
            try FileManager.default.setAttributes(
                [.modificationDate: Date().addingTimeInterval(-60)],
                ofItemAtPath: configDirectory.appendingPathComponent(name).path
            )
        }
    }

    /// Starts `setsid --wait master -c DIR -e SECONDS`: the master runs in the foreground under this process's child
    /// `setsid`, leading its own session and process group, as it insists on (Foundation starts every child as a
    /// process group leader, where the master's own `setsid()` fails).
    private func startMaster() throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
        process.arguments = [
            "--wait", Self.daemonDirectory + "/master", "-c", configDirectory.path, "-e", String(Self.lifetimeSeconds),
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        // A dispatch worker thread blocks signals and a child inherits the mask: spawn with none blocked. The master
        // needs SIGCHLD to reap its children (blocked, it never restarts a service whose process ended, and Postfix
        // stalls) and SIGTERM to stop.
        var none = sigset_t()
        var previous = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        try process.run()
        return process
    }

    /// The master's process id, from the pid file it writes once started (its process group has the same id).
    private var masterPID: pid_t? {
        let file = queueDirectory.appendingPathComponent("pid/master.pid")
        guard let text = try? String(contentsOf: file, encoding: .utf8),
            let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1
        else { return nil }
        return pid
    }

    /// Stops the master and every process of its group (SIGTERM, then SIGKILL after 5 s) and waits until none is
    /// left running.
    func stop() {
        guard let launcher = master else { return }
        master = nil
        let group = masterPID
        func running() -> Bool { launcher.isRunning || group.map { !Self.liveMembers(ofGroup: $0).isEmpty } == true }
        if let group { kill(group, SIGTERM) } else if launcher.isRunning { kill(launcher.processIdentifier, SIGTERM) }
        var deadline = Date().addingTimeInterval(5)
        while running() && Date() < deadline { usleep(10_000) }
        if running() {
            if let group { kill(-group, SIGKILL) }
            if launcher.isRunning { kill(launcher.processIdentifier, SIGKILL) }
            deadline = Date().addingTimeInterval(5)
            while running() && Date() < deadline { usleep(10_000) }
        }
        launcher.waitUntilExit()
    }

    /// The processes of a process group that have not ended, from `/proc` (the master's children end as zombies
    /// of whichever process adopts them, which may reap them only seconds later: those count as ended).
    static func liveMembers(ofGroup group: pid_t) -> [pid_t] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { name -> pid_t? in
            guard let pid = pid_t(name),
                let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            // "PID (COMMAND) STATE PPID PGRP …"; the command may hold spaces and parentheses.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, pid_t(fields[2]) == group, fields[0] != "Z", fields[0] != "X" else { return nil }
            return pid
        }
    }

    /// The last lines of the log, for messages.
    func tailOfLog(lines: Int = 15) -> String {
        let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? "(no log at \(logFile.path))"
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }
}
