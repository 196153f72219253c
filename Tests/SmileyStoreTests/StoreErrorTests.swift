import Testing

@testable import SmileyStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Store errors")
struct StoreErrorTests {
    @Test(
        "errors that may pass later are transient, so ingest exits 75 and the relay retries",
        arguments: [
            ENOSPC, EDQUOT, EAGAIN, EINTR, EACCES, EPERM, EROFS, EMFILE, ENFILE, ENOMEM, EBUSY, ETIMEDOUT, ESTALE,
        ]
    )
    func transient(number: Int32) {
        let error = StoreError(errno: number, operation: "write", path: "/data/records/ab/x.json")
        #expect(error.isTransient)
        #expect(error.errno == number)
        #expect(error.description.contains("/data/records/ab/x.json"))
        #expect(error.description.contains(String(cString: strerror(number))))
    }

    @Test(
        "errors that will not pass by waiting are permanent",
        arguments: [EIO, ENAMETOOLONG, EINVAL, ENOTDIR, EISDIR, ELOOP]
    )
    func permanent(number: Int32) {
        #expect(!StoreError(errno: number, operation: "open", path: "/x").isTransient)
    }

    @Test("a real ENOSPC from the write helper (on /dev/full) is thrown as transient")
    func realENOSPC() throws {
        let fd = try System.open("/dev/full", O_WRONLY)
        defer { close(fd) }
        let error = #expect(throws: StoreError.self) {
            try System.writeAll(fd, [UInt8](repeating: 0x41, count: 100), "/dev/full")
        }
        #expect(error?.errno == ENOSPC)
        #expect(error?.operation == "write")
        #expect(error?.isTransient == true)
    }

    @Test("damaged files and newer schemas are permanent")
    func nonSystem() {
        #expect(!StoreError.corrupt(path: "/x", detail: "bad").isTransient)
        #expect(!StoreError.newerSchema(path: "/x", version: 2).isTransient)
        #expect(StoreError.lockTimeout(path: "/x", seconds: 1).isTransient)
        #expect(StoreError.corrupt(path: "/x", detail: "bad").errno == nil)
    }
}
