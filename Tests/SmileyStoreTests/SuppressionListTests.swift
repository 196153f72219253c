import Foundation
import SmileyCore
import Testing

@testable import SmileyStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Suppression list")
struct SuppressionListTests {
    @Test("adds once per normalized address and answers contains from the file")
    func addAndContains() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let list = makeSuppressionList(scratch, synchronizes: true)
        #expect(try !list.contains(email("a@example.com")))
        #expect(try list.add(email("A@Example.com"), reason: .unsubscribed, at: day(0)))
        #expect(try list.add(email("b@example.com"), reason: .hardBounce, at: day(1), detail: "5.1.1 user unknown"))
        #expect(try !list.add(email("a@EXAMPLE.COM"), reason: .manual, at: day(2)))
        #expect(try list.contains(email("a@example.com")))
        let snapshot = try list.load()
        #expect(snapshot.entries.map(\.hash) == hashes("a@example.com", "b@example.com"))
        #expect(snapshot.entries[1].detail == "5.1.1 user unknown")
        #expect(snapshot.damagedLines == [])
        let text = try String(contentsOfFile: scratch.path + "/suppression.jsonl", encoding: .utf8)
        #expect(text.split(separator: "\n").count == 2)
        #expect(text.hasSuffix("\n"))
    }

    @Test("a torn last line is skipped, and the next add starts a fresh line")
    func tornLastLine() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let list = makeSuppressionList(scratch)
        try list.add(email("a@example.com"), reason: .complaint, at: day(0))
        try list.add(email("b@example.com"), reason: .unsubscribed, at: day(0))
        let path = scratch.path + "/suppression.jsonl"
        let handle = try FileHandle(forWritingTo: URL(filePath: path))
        try handle.seekToEnd()
        try handle.write(
            contentsOf: Data("{\"at\":\"2025-03-01T00:00:00Z\",\"hash\":\"\(hashes("c@example.com")[0])\",\"reas".utf8)
        )
        try handle.close()

        let torn = try list.load()
        #expect(torn.entries.map(\.hash) == hashes("a@example.com", "b@example.com"))
        #expect(torn.damagedLines == [3])
        #expect(!torn.contains(email("c@example.com")))

        #expect(try list.add(email("c@example.com"), reason: .hardBounce, at: day(1)))
        let repaired = try list.load()
        #expect(repaired.entries.map(\.hash) == hashes("a@example.com", "b@example.com", "c@example.com"))
        #expect(repaired.damagedLines == [3])
        #expect(repaired.contains(email("C@example.com")))
    }

    @Test("50 threads adding 10 addresses at once write each address exactly once")
    func concurrentAdds() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let list = makeSuppressionList(scratch, synchronizes: true)
        let added = ResultBox<Int>()
        added.value = 0
        let errors = ResultBox<[String]>()
        errors.value = []
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: 50) { index in
            do {
                if try list.add(email("user\(index % 10)@example.com"), reason: .unsubscribed, at: day(0)) {
                    lock.withLock { added.value! += 1 }
                }
            } catch {
                lock.withLock { errors.value!.append("\(error)") }
            }
        }
        #expect(errors.value == [])
        #expect(added.value == 10)
        let snapshot = try list.load()
        #expect(Set(snapshot.entries.map(\.hash)) == Set(hashes((0..<10).map { "user\($0)@example.com" })))
        #expect(snapshot.damagedLines == [])
        let lines = try String(contentsOfFile: scratch.path + "/suppression.jsonl", encoding: .utf8).split(
            separator: "\n"
        )
        #expect(lines.count == 10)
    }

    @Test("an add that cannot get the lock in time fails with a transient error")
    func lockTimeout() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let list = SuppressionList(
            file: scratch.url.appending(path: "list.jsonl"),
            key: testSuppressionKey,
            lockTimeout: .milliseconds(200),
            synchronizes: false
        )
        try list.add(email("a@example.com"), reason: .manual, at: day(0))
        let fd = open(scratch.path + "/list.jsonl", O_RDONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        try #require(flock(fd, LOCK_EX) == 0)  // another open file description: conflicts like another process
        let started = ContinuousClock.now
        let error = #expect(throws: StoreError.self) {
            try list.add(email("b@example.com"), reason: .manual, at: day(0))
        }
        #expect(error?.isTransient == true)
        #expect(error?.operation == "flock")
        #expect(ContinuousClock.now - started >= .milliseconds(200))
        flock(fd, LOCK_UN)
        #expect(try list.add(email("b@example.com"), reason: .manual, at: day(0)))
    }

    @Test("the file names no one: hashes only, and the address is blanked out of a bounce's detail")
    func noClearAddresses() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let list = makeSuppressionList(scratch)
        try list.add(
            email("Jane.Doe@Example.com"),
            reason: .hardBounce,
            at: day(0),
            detail: "550 5.1.1 <jane.doe@example.com>: Recipient address rejected"
        )
        let text = try String(contentsOfFile: scratch.path + "/suppression.jsonl", encoding: .utf8)
        #expect(!text.lowercased().contains("jane"))
        #expect(text.contains("<<address>>: Recipient address rejected"))
        #expect(try list.contains(email("jane.doe@EXAMPLE.com")))
        // Another installation's key finds nothing.
        let other = SuppressionList(file: list.file, key: SuppressionKey(secrets: [1: Array(repeating: 9, count: 32)]))
        #expect(try !other.contains(email("jane.doe@example.com")))
    }

    @Test("clear entries of earlier versions count, and a migration rewrites them as hashes, keeping later adds")
    func migration() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let old =
            #"{"address":"old@example.com","at":"2024-01-01T00:00:00Z","detail":"5.1.1 old@example.com unknown","reason":"hardBounce"}"#
        try Data((old + "\n").utf8).write(to: scratch.url.appending(path: "suppression.jsonl"))
        let list = makeSuppressionList(scratch)
        #expect(try list.contains(email("OLD@example.com")))
        #expect(try !list.add(email("old@example.com"), reason: .manual, at: day(0)))
        try list.add(email("new@example.com"), reason: .unsubscribed, at: day(0))
        #expect(try list.migrate() == 1)
        #expect(try list.migrate() == 0)
        let text = try String(contentsOfFile: scratch.path + "/suppression.jsonl", encoding: .utf8)
        #expect(!text.contains("@example.com"))
        let snapshot = try list.load()
        #expect(snapshot.entries.map(\.hash) == hashes("old@example.com", "new@example.com"))
        #expect(snapshot.entries[0].reason == .hardBounce && snapshot.entries[0].detail == "5.1.1 <address> unknown")
        #expect(snapshot.entries.allSatisfy { !$0.isClear })
    }

    @Test("entries hashed with a key that was removed are counted as unverifiable")
    func removedKey() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try makeSuppressionList(scratch).add(email("a@example.com"), reason: .complaint, at: day(0))
        let rotated = makeSuppressionList(scratch, key: SuppressionKey(secrets: [2: Array(repeating: 1, count: 32)]))
        let snapshot = try rotated.load()
        #expect(snapshot.unverifiable == 1)
        #expect(!snapshot.contains(email("a@example.com")))
    }

    func hashes(_ addresses: String...) -> [String] { hashes(addresses) }

    func hashes(_ addresses: [String]) -> [String] {
        addresses.map { testSuppressionKey.hash($0) }
    }
}
