import Foundation
import SmileyCore

@testable import SmileyStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fresh directory under the system's temporary directory, removed by `remove()`.
struct ScratchDirectory {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory().removingTrailingSlashes + "/smiley-store-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw ScratchError(text: "mkdtemp failed: errno \(errno)") }
        path = String(cString: made)
    }

    var url: URL { URL(filePath: path, directoryHint: .isDirectory) }

    func remove() {
        _ = chmodRecursively(path)
        try? FileManager.default.removeItem(atPath: path)
    }

    private func chmodRecursively(_ path: String) -> Bool {
        chmod(path, 0o755)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isDirectory),
                isDirectory.boolValue
            {
                _ = chmodRecursively(path + "/" + name)
            }
        }
        return true
    }

    /// Every file below the directory, as paths relative to it, sorted.
    func allFiles() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: path)
        var files: [String] = []
        while let name = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                files.append(name)
            }
        }
        return files.sorted()
    }
}

struct ScratchError: Error, CustomStringConvertible {
    let text: String
    var description: String { text }
}

/// A store in a scratch directory, without fsync unless asked.
func makeStore(_ scratch: ScratchDirectory, synchronizes: Bool = false) -> JSONFileStore {
    JSONFileStore(configuration: .init(directory: scratch.url, lockTimeout: .seconds(2), synchronizes: synchronizes))
}

/// A data store over `<scratch>/data` and `<scratch>/outbox`, hashing with the fixed test key; `synchronizes` for
/// tests about the real flushes.
func makeDataStore(_ scratch: ScratchDirectory, synchronizes: Bool = false) -> DataStore {
    DataStore(
        configuration: .init(
            dataDirectory: scratch.path + "/data",
            outboxDirectory: scratch.path + "/outbox",
            suppressionKey: testSuppressionKey,
            synchronizes: synchronizes,
            lockTimeout: .seconds(synchronizes ? 5 : 2)
        )
    )
}

/// A suppression list in a scratch folder, hashed with a fixed test key.
func makeSuppressionList(
    _ scratch: ScratchDirectory,
    synchronizes: Bool = false,
    key: SuppressionKey = testSuppressionKey
) -> SuppressionList {
    SuppressionList(
        file: scratch.url.appending(path: "suppression.jsonl"),
        key: key,
        lockTimeout: .seconds(2),
        synchronizes: synchronizes
    )
}

/// The key test suppression lists hash with.
let testSuppressionKey = SuppressionKey(secrets: [1: Array(repeating: 7, count: 32)])

/// A new empty folder under the system's temporary folder.
func makeTemporaryDirectory() throws -> URL {
    URL(fileURLWithPath: try ScratchDirectory().path)
}

/// 2025-03-01T00:00:00Z plus some days.
func day(_ offset: Double, hours: Double = 0) -> Date {
    Date(timeIntervalSince1970: 1_740_787_200 + offset * 86_400 + hours * 3600)
}

func email(_ text: String) -> EmailAddress {
    // Test inputs are literals known to be valid; a typo should fail loudly in the test that uses it.
    do { return try EmailAddress(text) } catch { preconditionFailure("bad test address \(text): \(error)") }
}

/// A reply record with the fields reports look at.
func reply(
    messageID: String,
    survey: String? = "s1",
    person: String? = nil,
    address: String? = nil,
    agent: String = "",
    rating: Rating? = nil,
    comment: String? = nil,
    classification: FeedbackRecord.Classification = .surveyReply,
    at: Date = day(0)
) -> FeedbackRecord {
    let recipient = person.map { Recipient(email: email($0), ticketID: "T-1").id(inSurvey: survey ?? "none") }
    return FeedbackRecord(
        id: RecordID(messageID: messageID),
        surveyID: survey,
        recipientID: recipient,
        recipientEmail: address.map(email),
        ticketID: "T-1",
        agent: agent,
        rating: rating,
        comment: comment,
        source: .reply,
        classification: classification,
        receivedAt: at,
        messageID: "<\(messageID)>"
    )
}

func smiley(_ code: String) -> Rating { Rating(scale: .smiley, code: code)! }
func csat(_ value: Int) -> Rating { Rating(scale: .csat5, value: value)! }
func nps(_ value: Int) -> Rating { Rating(scale: .nps, value: value)! }

/// Runs `body` on a new thread whose file-system identity is an unprivileged user when the tests run as root,
/// so permission checks apply (root passes them all). `setfsuid` changes only the calling thread.
func withoutRootPrivileges<T: Sendable>(_ body: @escaping @Sendable () -> T) throws -> T {
    guard geteuid() == 0 else { return body() }
    // glibc declares setfsuid/setfsgid in <sys/fsuid.h>, which the Glibc module does not export.
    typealias SetID = @convention(c) (UInt32) -> Int32
    guard let uidSymbol = dlsym(nil, "setfsuid"), let gidSymbol = dlsym(nil, "setfsgid") else {
        throw ScratchError(text: "running as root, and setfsuid is not available to drop privileges")
    }
    let setfsuid = unsafeBitCast(uidSymbol, to: SetID.self)
    let setfsgid = unsafeBitCast(gidSymbol, to: SetID.self)
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        _ = setfsuid(65534)
        _ = setfsgid(65534)
        box.value = body()
        _ = setfsuid(0)
        _ = setfsgid(0)
        done.signal()
    }
    thread.start()
    done.wait()
    guard let value = box.value else { throw ScratchError(text: "the unprivileged thread produced nothing") }
    return value
}

final class ResultBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T?
    var value: T? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
