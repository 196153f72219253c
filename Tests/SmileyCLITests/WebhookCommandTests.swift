import Foundation
import SmileyCore
import Testing

/// `smiley webhook`, the offline twin of `POST /hooks/{provider}`: reading a captured payload stores nothing;
/// `--verify` checks it against `server.webhooks` as the server does and ingests it; `webhook key` prints the key
/// a sender signs the raw route with.
@Suite("smiley webhook")
struct WebhookCommandTests {
    @Test("a captured SendGrid post is read (charsets applied) and nothing is stored")
    func readsACapturedPost() async throws {
        let workspace = try await Workspace.initialized()
        let capture = try sharedData().appendingPathComponent("payloads/sendgrid/multimail_encoding.http").path
        let result = try await workspace.run(["webhook", "--provider", "sendgrid", "--http", capture])
        #expect(result.status == 0, "\(result)")
        #expect(result.out.hasPrefix("// sendgrid: rebuilt from the provider's parsed fields"))
        #expect(result.out.contains("\"bodySource\""), "the inspect JSON follows")
        #expect(try workspace.records().isEmpty && workspace.allFiles(below: workspace.data).isEmpty)
    }

    @Test(
        "--verify: a raw post signed with the printed key is ingested (here quarantined: no survey token); a forged one exits 77 and keeps nothing"
    )
    func verifiesAndIngests() async throws {
        let workspace = try await Workspace.initialized()
        try workspace.editConfig { $0["server"] = ["webhooks": ["raw": true]] }
        let printed = try await workspace.run(["webhook", "key"])
        #expect(printed.status == 0, "\(printed)")
        let line = printed.out.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = Dictionary(
            uniqueKeysWithValues: line.split(separator: " ").map {
                let pair = $0.split(separator: "=", maxSplits: 1)
                return (String(pair[0]), String(pair.count == 2 ? pair[1] : ""))
            }
        )
        let keyHex = try #require(parts["key"])
        let keyID = try #require(parts["k"])
        #expect(keyHex.count == 64)
        var key: [UInt8] = []
        var index = keyHex.startIndex
        while index < keyHex.endIndex {
            let next = keyHex.index(index, offsetBy: 2)
            key.append(try #require(UInt8(keyHex[index..<next], radix: 16)))
            index = next
        }
        let message = try Data(
            contentsOf: sharedData().appendingPathComponent("payloads/autoreply/sisimai_is-not-bounce-01.eml")
        )
        let time = Int(Date().timeIntervalSince1970)
        let mac = HMACSignature.hex(
            HMACSignature.code(.sha256, key: key, message: Array("\(time).".utf8) + Array(message))
        )
        let file = workspace.path("post.eml")
        try message.write(to: file)

        let forged = try await workspace.run([
            "webhook", "--provider", "raw", "--verify", "-H",
            "Smiley-Signature: t=\(time),k=\(keyID),v1=\(String(repeating: "0", count: 64))", file.path,
        ])
        #expect(forged.status == 77 && forged.err.contains("signature does not match"), "\(forged)")
        #expect(
            workspace.allFiles(below: workspace.data).filter { !$0.hasPrefix(".") && !$0.hasSuffix(".lock") }.isEmpty
        )

        let signed = try await workspace.run([
            "webhook", "--provider", "raw", "--verify", "-H", "Smiley-Signature: t=\(time),k=\(keyID),v1=\(mac)",
            file.path,
        ])
        #expect(signed.status == 0 && signed.out.hasPrefix("quarantine"), "\(signed)")
        #expect(workspace.allFiles(below: workspace.data.appendingPathComponent("quarantine")).count == 2)
    }
}
