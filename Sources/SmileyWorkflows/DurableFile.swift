import Foundation

/// Writes files the way Smiley writes everything that must survive a crash: a temp file in the same folder,
/// fsync, rename over the target, fsync the folder. A reader sees the old file or the new one, never half.
enum DurableFile {
    /// Writes `bytes` to `path` atomically and durably.
    /// - Parameters:
    ///   - permissions: the new file's mode (e.g. `0o600` for secrets).
    ///   - replace: when false, an existing file at `path` is an error instead of being replaced.
    static func write(_ bytes: [UInt8], to path: String, permissions: mode_t = 0o644, replace: Bool = true) throws(WorkflowError) {
        let folder = (path as NSString).deletingLastPathComponent
        let directory = folder.isEmpty ? "." : folder
        let temp = "\(directory)/.\((path as NSString).lastPathComponent).\(getpid()).\(UInt32.random(in: 0 ... .max)).tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard fd >= 0 else { throw failure("create", temp) }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                let error = failure("write", temp)
                close(fd)
                unlink(temp)
                throw error
            }
            written += n
        }
        guard fsync(fd) == 0 else {
            let error = failure("fsync", temp)
            close(fd)
            unlink(temp)
            throw error
        }
        close(fd)
        if replace {
            guard rename(temp, path) == 0 else {
                let error = failure("rename", path)
                unlink(temp)
                throw error
            }
        } else {
            // link() fails with EEXIST instead of replacing: nothing already there is ever overwritten.
            guard link(temp, path) == 0 else {
                let error = errno == EEXIST
                    ? WorkflowError.file(path, "already exists; move it away or choose another folder", exitCode: ExitStatus.cannotCreate)
                    : failure("create", path)
                unlink(temp)
                throw error
            }
            unlink(temp)
        }
        let dirfd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirfd >= 0 {
            _ = fsync(dirfd)
            close(dirfd)
        }
    }

    /// Creates a folder and its parents (mode 0755 unless given).
    static func makeDirectory(_ path: String, permissions: Int = 0o755) throws(WorkflowError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: permissions])
        } catch {
            throw WorkflowError.file(path, "cannot be created (\(error.localizedDescription)); check the permissions of its parent", exitCode: ExitStatus.cannotCreate)
        }
    }

    private static func failure(_ operation: String, _ path: String) -> WorkflowError {
        let code = errno
        let transient = [ENOSPC, EDQUOT, EAGAIN, EINTR, EIO].contains(code)
        return WorkflowError.file(path, "\(operation) failed: \(String(cString: strerror(code)))",
                                  exitCode: transient ? ExitStatus.temporaryFailure : ExitStatus.cannotCreate)
    }
}
