#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A `flock(2)` on an open file, exclusive or shared, waited for up to a timeout.
///
/// `flock` itself either blocks forever or not at all, so the lock is tried without blocking and retried with
/// short, growing pauses (1 ms up to 20 ms) until the deadline. The lock belongs to the open file description and
/// is released by ``unlock()`` or when the descriptor is closed, also when the process dies.
struct FileLock {
    let fd: Int32
    let path: String

    /// Waits for the lock; throws a transient ``StoreError`` when `timeout` passes first.
    static func acquire(fd: Int32, path: String, timeout: Duration, shared: Bool = false) throws(StoreError) -> FileLock
    {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var pause: UInt32 = 1_000
        while true {
            if flock(fd, (shared ? LOCK_SH : LOCK_EX) | LOCK_NB) == 0 { return FileLock(fd: fd, path: path) }
            let number = errno
            guard number == EWOULDBLOCK || number == EINTR else {
                throw StoreError(errno: number, operation: "flock", path: path)
            }
            if clock.now >= deadline {
                let parts = timeout.components
                throw StoreError.lockTimeout(
                    path: path,
                    seconds: Double(parts.seconds) + Double(parts.attoseconds) / 1e18
                )
            }
            usleep(pause)
            pause = min(pause * 2, 20_000)
        }
    }

    /// Releases the lock.
    func unlock() throws(StoreError) {
        try System.call("flock", path) { flock(fd, LOCK_UN) }
    }
}
