import Logging
import Testing

@testable import SmileyServer

/// The server's log lines read as swift-log's StreamLogHandler writes them: level, label, the metadata sorted by
/// key (the logger's, the provider's, the line's, an error's), source and message.
struct ServerLogHandlerTests {
    struct Refused: Error, CustomStringConvertible {
        var description: String { "no such token" }
    }

    @Test func aLineHoldsLevelLabelSortedMetadataSourceAndMessage() {
        var handler = ServerLogHandler(label: "smiley.serve", level: .warning)
        handler[metadataKey: "hb.request.id"] = "7"
        handler[metadataKey: "a"] = "first"
        let event = LogEvent(
            level: .warning,
            message: "link refused",
            metadata: ["hb.request.id": "8", "route": "/r/{token}"],
            source: "SmileyServer",
            file: #fileID,
            function: #function,
            line: #line
        )
        #expect(
            ServerLogHandler.text(event, label: handler.label, metadata: handler.metadata, provided: ["b": "provided"])
                == "warning smiley.serve: a=first b=provided hb.request.id=8 route=/r/{token} [SmileyServer] link refused"
        )
        var failed = event
        failed.metadata = nil
        failed.error = Refused()
        #expect(
            ServerLogHandler.text(failed, label: "smiley.serve", metadata: [:], provided: [:])
                == "warning smiley.serve: error.message=no such token error.type=SmileyServerTests.ServerLogHandlerTests.Refused [SmileyServer] link refused"
        )
        #expect(handler.logLevel == .warning && handler[metadataKey: "a"] == "first")
    }
}
