// libFuzzer entry point for SmileyMIME, compiled together with Sources/SmileyMIME/*.swift by fuzz/run.sh
// (swiftc -sanitize=fuzzer,address -parse-as-library). Every input is parsed and every derived view is
// touched; then the decoded pieces are composed again and the composed message parsed back, which must
// always succeed with the same subject.
//
// The limits are far below the defaults so that inputs of a few kilobytes (run.sh's -max_len) reach every
// limit's code path: the depth, part, header-size and header-count cut-offs are exercised, not just the
// ordinary paths.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let limits = MIMELimits(maxDepth: 12, maxParts: 200, maxHeaderBytes: 4 * 1024, maxHeaderFields: 200)
    let message = ParsedMessage.parse(bytes, limits: limits)
    _ = message.textBody
    _ = message.htmlBody
    _ = message.attachments
    for field in message.headers.fields {
        _ = field.decodedValue
    }
    let from = AddressParser.parse(message.headers.raw("from") ?? "")
    _ = message.headers.raw("date").flatMap(RFC5322Date.parse)

    // Whatever we read must be writable again and read back the same.
    var outgoing = OutgoingMessage()
    let subject = message.headers["subject"] ?? ""
    if (try? outgoing.setText("Subject", subject)) != nil {
        let mailboxes = from.filter { !$0.address.isEmpty }
        _ = try? outgoing.setAddresses("From", mailboxes)
        outgoing.textBody = message.textBody ?? ""
        let reparsed = ParsedMessage.parse(outgoing.serialize(boundarySeed: "fuzz"))
        let normalized = String(
            String.UnicodeScalarView(subject.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 })
        )
        if reparsed.headers["subject"] != normalized {
            fatalError(
                "round trip changed the subject: \(subject.debugDescription) → \(String(describing: reparsed.headers["subject"]).debugDescription)"
            )
        }
    }
    return 0
}
