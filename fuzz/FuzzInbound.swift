// libFuzzer entry point for the inbound path, compiled by fuzz/run.sh (inbound) against SmileyMIME, SmileyHTML
// and SmileyInbound built with -sanitize=fuzzer,address (SmileyCore and swift-crypto come from the release
// build). Every input is read as `smiley ingest` reads it — parsed, classified, its survey and reply text found,
// its rating detected — and also as a bare reply body (`inspect --body`): a crash or a sanitizer report is a bug.
import Foundation
import SmileyCore
import SmileyInbound
import SmileyMIME

/// A real keyring and survey, as an installation has them (fuzzed input carries no valid token).
private let interpreter: Interpreter = {
    do {
        let keyring = try TokenKeyring(secrets: [1: TokenKeyring.generateSecret()])
        let survey = Survey(
            id: "support",
            sender: Sender(name: "Support", address: try EmailAddress("support@example.com")),
            replyDomain: "reply.example.com",
            linkMode: .mailto
        )
        return Interpreter(keyring: keyring, surveys: [survey])
    } catch {
        fatalError("cannot set up the keyring: \(error)")
    }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let limits = MIMELimits(maxDepth: 20, maxParts: 2_000, maxHeaderBytes: 64 * 1024)
    let message = ParsedMessage.parse(bytes, limits: limits)
    let meaning = interpreter.interpret(message, envelopeRecipient: "feedback+x@reply.example.com")
    if meaning.rating != nil, meaning.kind != .reply, meaning.kind != .unknown {
        fatalError("a \(meaning.kind) was given a rating")
    }
    let body = String(decoding: bytes, as: UTF8.self)
    for scale in RatingScale.allCases {
        _ = interpreter.interpret(bareText: body, scale: scale, locale: nil)
    }
    return 0
}
