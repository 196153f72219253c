import Foundation
import Testing

@testable import SmileyWorkflows

/// Paths the configuration names are resolved beside `smiley.json`, with its folder found on the path's bytes (it
/// was `NSString.deletingLastPathComponent`, which every relay process paid a bridge for): held to that.
@Suite("Paths beside smiley.json")
struct InstallationPathTests {
    static let configPaths = [
        "/etc/smiley/smiley.json", "smiley.json", "/smiley.json", "/", "conf/smiley.json", "conf/smiley.json/",
        "./smiley.json", "../etc/smiley.json", "/etc//smiley/smiley.json", "/etc/smiley//smiley.json",
        "/srv/ünïcode folder/smiley.json", "/a/b/c/", "relative/deeper/smiley.json",
    ]

    @Test("the folder of a path is NSString's deletingLastPathComponent", arguments: configPaths)
    func folder(_ path: String) {
        #expect(Installation.folder(of: path) == (path as NSString).deletingLastPathComponent)
    }

    /// Where this Foundation's `deletingLastPathComponent` stops the process ("a", "a/") or answers "" ("//").
    @Test("one-component and slash-only paths")
    func shortPaths() {
        #expect(Installation.folder(of: "a") == "")
        #expect(Installation.folder(of: "a/") == "")
        #expect(Installation.folder(of: "//") == "/")
        #expect(Installation.folder(of: "") == "")
    }

    @Test("an absolute path stays; a relative one goes beside smiley.json")
    func paths() {
        #expect(Installation.path("/var/lib/smiley", besideConfig: "/etc/smiley/smiley.json") == "/var/lib/smiley")
        #expect(Installation.path("data", besideConfig: "/etc/smiley/smiley.json") == "/etc/smiley/data")
        #expect(Installation.path("data", besideConfig: "smiley.json") == "data")
        #expect(Installation.path("smiley.secret", besideConfig: "conf/smiley.json") == "conf/smiley.secret")
    }
}
