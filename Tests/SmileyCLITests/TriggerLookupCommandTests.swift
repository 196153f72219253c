import Foundation
import Testing

/// `smiley trigger` for a source with a help-desk API (`lookup`): reading a capture asks the network nothing
/// unless `--lookup` says so. The API here is a loopback port nothing listens on, so any fetch would fail (75).
@Suite("smiley trigger with a lookup")
struct TriggerLookupCommandTests {
    static let callback = #"""
        {"MessageId":"m-1","Action":"updated","Type":"ticket","ID":1042,"Entity":"{\"id\":1042,\"summary\":\"Printer offline\",\"status\":{\"name\":\"Closed\"},\"contactName\":\"Ann Example\",\"contactEmailAddress\":\"ann@example.com\"}","Metadata":{"key_url":"http://127.0.0.1:1/v4_6_release/system/callbackkey/index.rails?id=7"}}
        """#

    static func workspace() async throws -> Workspace {
        let workspace = try await Workspace.initialized()
        try workspace.editConfig {
            $0["triggers"] = [
                "sources": [
                    "connectwise": [
                        "format": "connectwise",
                        "signature": ["scheme": "connectwise"],
                        "survey": "support",
                        "fields": [
                            "ticketID": "id", "email": "contactEmailAddress", "name": "contactName",
                            "subject": "summary",
                        ],
                        "when": ["path": "status.name", "equals": "Closed"],
                        "lookup": [
                            "api": "connectwise", "baseURL": "http://127.0.0.1:1/v4_6_release/apis/3.0",
                            "credentialFile": "cw.credentials", "clientId": "client", "timeoutSeconds": 2,
                        ],
                    ]
                ]
            ]
        }
        let credentials = try workspace.write("cw.credentials", "acme+pub:priv\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: credentials.path)
        return workspace
    }

    @Test func readingFetchesNothingUnlessAskedAndVerifyingRetriesLater() async throws {
        let workspace = try await Self.workspace()
        let file = try workspace.write("callback.json", Self.callback).path
        let read = try await workspace.run(["trigger", "--provider", "connectwise", file])
        #expect(read.status == 0, "\(read)")
        #expect(read.out.contains("ticket: 1042") && read.out.contains("email: ann@example.com"), "\(read)")

        let lookup = try await workspace.run(["trigger", "--provider", "connectwise", "--lookup", file])
        #expect(lookup.status == 75, "the ticket is fetched, and the API is not there: \(lookup)")
        #expect(lookup.err.contains("127.0.0.1:1/v4_6_release/apis/3.0/service/tickets/1042"), "\(lookup)")

        let verify = try await workspace.run([
            "trigger", "--provider", "connectwise", "--verify", "-H", "x-content-signature: AAAA", file,
        ])
        #expect(verify.status == 75, "the signing key cannot be fetched: try again later. \(verify)")
        #expect(!FileManager.default.fileExists(atPath: workspace.data.appendingPathComponent("triggers/pending").path))
    }
}
