import Foundation
import SmileyCore
import Testing

/// The `server` section of `smiley.json`: defaults, every key read, and bad values refused with the key named.
@Suite struct ServerSettingsTests {
    static func config(server: String?) -> String {
        let section = server.map { #", "server": \#($0)"# } ?? ""
        return #"""
            {"surveys": [{"id": "support", "fromName": "Support", "fromAddress": "support@example.com",
              "replyDomain": "example.com"}]\#(section)}
            """#
    }

    @Test func noSectionMeansNoSettingsAndAnEmptyOneMeansTheDefaults() throws {
        #expect(try SmileyConfig.parse(Data(Self.config(server: nil).utf8), path: "smiley.json").server == nil)
        let empty = try SmileyConfig.parse(Data(Self.config(server: "{}").utf8), path: "smiley.json")
        #expect(empty.server == ServerSettings())
        #expect(ServerSettings().host == "127.0.0.1")
        #expect(ServerSettings().port == 8080)
    }

    @Test func everyKeyIsReadAndWrittenBack() throws {
        let json = """
            {"host": "::1", "port": 9090, "trustedProxies": ["10.0.0.0/8"], "scannerUserAgents": ["MyGateway"],
             "scannerAddresses": ["192.0.2.0/24"], "clickBurstSeconds": 30, "clickQuietSeconds": 600,
             "maximumBodyBytes": 4096, "requestTimeoutSeconds": 5}
            """
        let config = try SmileyConfig.parse(Data(Self.config(server: json).utf8), path: "smiley.json")
        let expected = ServerSettings(
            host: "::1",
            port: 9090,
            trustedProxies: ["10.0.0.0/8"],
            scannerUserAgents: ["MyGateway"],
            scannerAddresses: ["192.0.2.0/24"],
            clickBurstSeconds: 30,
            clickQuietSeconds: 600,
            maximumBodyBytes: 4096,
            requestTimeoutSeconds: 5
        )
        #expect(config.server == expected)
        let written = try JSONEncoder().encode(config)
        #expect(try SmileyConfig.parse(written, path: "again.json").server == expected)
    }

    @Test(arguments: [
        (#"{"port": 70000}"#, "server.port 70000"),
        (#"{"host": ""}"#, "server.host is empty"),
        (#"{"clickQuietSeconds": -1}"#, "must not be negative"),
        (#"{"maximumBodyBytes": 10}"#, "server.maximumBodyBytes"),
        (#"{"requestTimeoutSeconds": 0}"#, "server.requestTimeoutSeconds"),
    ])
    func badValuesAreRefusedNamingTheKey(section: String, words: String) {
        do {
            _ = try SmileyConfig.parse(Data(Self.config(server: section).utf8), path: "smiley.json")
            Issue.record("\(section) was accepted")
        } catch {
            #expect(error.description.contains(words), "\(error.description)")
        }
    }
}
