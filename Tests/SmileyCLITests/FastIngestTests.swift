import ArgumentParser
import Testing

@testable import smiley

/// The start-up fast path (``FastIngest``) reads `smiley ingest`'s plain forms without ArgumentParser. Whatever it
/// accepts, ArgumentParser must read the same way — same configuration, recipient and size, no other option —
/// so the fast path can only ever be faster, never different. Checked on hand-picked forms and on thousands of
/// command lines drawn from the options, their spellings and awkward values.
@Suite("ingest fast path")
struct FastIngestTests {
    /// What ArgumentParser makes of `arguments` (without the program name), when it reads them as an ingest.
    static func parsedByArgumentParser(_ arguments: [String]) -> Smiley.Ingest? {
        (try? Smiley.parseAsRoot(arguments)) as? Smiley.Ingest
    }

    /// Whether the fast path agrees with ArgumentParser on `arguments`: it declines, or both read the same values.
    static func agree(_ arguments: [String]) -> (Bool, String) {
        guard let fast = FastIngest(arguments: ["smiley"] + arguments) else { return (true, "declined") }
        guard let parsed = parsedByArgumentParser(arguments) else {
            return (false, "the fast path accepts \(arguments) but ArgumentParser rejects it")
        }
        let same =
            parsed.global.config == fast.config && parsed.recipient == fast.recipient
            && parsed.maxSize == fast.maxSize && parsed.mbox == nil && parsed.maildir == nil && !parsed.global.verbose
        return (
            same,
            "\(arguments): fast (\(fast.config ?? "nil"), \(fast.recipient ?? "nil"), \(fast.maxSize)) vs "
                + "ArgumentParser (\(parsed.global.config ?? "nil"), \(parsed.recipient ?? "nil"), \(parsed.maxSize))"
        )
    }

    @Test("the relay forms are taken by the fast path and read as ArgumentParser reads them")
    func relayForms() {
        let forms: [[String]] = [
            ["ingest"],
            [
                "ingest", "--config", "/etc/smiley/smiley.json", "--recipient",
                "feedback+abc.positive@reply.example.com",
            ],
            ["ingest", "--recipient", "bounces+abc@reply.example.com", "--config", "/etc/smiley/smiley.json"],
            ["ingest", "--config=/etc/smiley/smiley.json", "--recipient=a=b@example.com"],
            ["ingest", "--max-size", "1048576"],
            ["ingest", "--max-size=+7", "--config", "smiley.json"],
            ["ingest", "--config", "a folder/smiley.json", "--recipient", "Jöns@exämple.se"],
        ]
        for form in forms {
            #expect(FastIngest(arguments: ["smiley"] + form) != nil, "\(form) should take the fast path")
            let (same, detail) = Self.agree(form)
            #expect(same, "\(detail)")
        }
    }

    @Test("forms the fast path must leave to ArgumentParser")
    func declinedForms() {
        let forms: [[String]] = [
            ["ingest", "--help"], ["ingest", "-h"], ["ingest", "--verbose"], ["ingest", "-v"],
            ["ingest", "--mbox", "archive.mbox"], ["ingest", "--maildir", "Maildir"],
            ["ingest", "--config"], ["ingest", "--config="], ["ingest", "--config", "-v"],
            ["ingest", "--config", "a", "--config", "b"], ["ingest", "--max-size", "0"], ["ingest", "--max-size", "x"],
            ["ingest", "--max-size", "-5"], ["ingest", "extra"], ["ingest", "--", "--config"], ["inspect"],
            ["ingest", "--recipient", "a@b", "--version"], ["--version"], [],
        ]
        for form in forms {
            #expect(FastIngest(arguments: ["smiley"] + form) == nil, "\(form) is not a plain ingest")
        }
    }

    @Test("on 4,000 drawn command lines the fast path never reads anything differently from ArgumentParser")
    func drawnCommandLines() {
        let names = [
            "--config", "--recipient", "--max-size", "--mbox", "--maildir", "--verbose", "-v", "--help",
            "--version", "--", "--unknown", "-c", "--config=",
        ]
        let values = [
            "smiley.json", "/etc/smiley/smiley.json", "a=b", "=", "", " ", "-", "-x", "--", "0", "1", "-1",
            "+3", "25000000", "99999999999999999999", "0x10", "1e3", " 5", "5 ", "ä@ö.example", "${recipient}",
            "feedback+t.positive@reply.example.com", "--config", "--help",
        ]
        var generator = SystemRandomNumberGenerator()
        var taken = 0
        for _ in 0..<4_000 {
            var arguments = ["ingest"]
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                let name = names.randomElement(using: &generator)!
                let value = values.randomElement(using: &generator)!
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: arguments += [name, value]
                case 1: arguments.append(name + "=" + value)
                default: arguments.append(Bool.random(using: &generator) ? name : value)
                }
            }
            if FastIngest(arguments: ["smiley"] + arguments) != nil { taken += 1 }
            let (same, detail) = Self.agree(arguments)
            #expect(same, "\(detail)")
        }
        #expect(taken > 200, "the draw reaches the fast path often enough to mean something (\(taken))")
    }
}
