// libFuzzer entry point for the inbound path, compiled by fuzz/run.sh (inbound) against SmileyMIME, SmileyHTML
// and SmileyInbound built with -sanitize=fuzzer,address (SmileyCore and swift-crypto come from the release
// build). Every input is read as `smiley ingest` reads it — parsed, classified, its survey and reply text found,
// its rating detected: a crash or a sanitizer report is a bug, and so is a rating given to a bounce, complaint or
// auto-reply. Bare reply bodies (`inspect --body`) have their own harness, FuzzReply.swift: reading every input
// here also as a bare body, on each of the three scales, was two thirds of the cost of an execution. The
// MIME limits are far below the defaults so that inputs of a few kilobytes reach each limit's code path.
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
    let limits = MIMELimits(maxDepth: 12, maxParts: 200, maxHeaderBytes: 4 * 1024, maxHeaderFields: 200)
    let message = ParsedMessage.parse(bytes, limits: limits)
    let meaning = interpreter.interpret(message, envelopeRecipient: "feedback+x@reply.example.com")
    if meaning.rating != nil, meaning.kind != .reply, meaning.kind != .unknown {
        fatalError("a \(meaning.kind) was given a rating")
    }
    return 0
}
