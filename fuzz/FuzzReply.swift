// libFuzzer entry point for a bare reply body, compiled by fuzz/run.sh (reply) against SmileyMIME, SmileyHTML
// and SmileyInbound built with -sanitize=fuzzer,address, like the inbound harness. Every input is read as
// `smiley inspect --body` reads a pasted reply: decoded as UTF-8, its new text split from the quoted history,
// its rating detected. The rating scale is picked by the input's length, so mutations that add or remove bytes
// visit every scale without reading each input three times. A crash or a sanitizer report is a bug; so is a
// rating on another scale than the one asked for.
import SmileyCore
import SmileyInbound

/// An interpreter as an installation has it; a bare body is read without a token, so no survey is needed.
private let interpreter: Interpreter = {
    do {
        return Interpreter(keyring: try TokenKeyring(secrets: [1: TokenKeyring.generateSecret()]), surveys: [])
    } catch {
        fatalError("cannot set up the keyring: \(error)")
    }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let body = String(decoding: bytes, as: UTF8.self)
    let scales = RatingScale.allCases
    let scale = scales[scales.index(scales.startIndex, offsetBy: size % scales.count)]
    let meaning = interpreter.interpret(bareText: body, scale: scale, locale: nil)
    if let rating = meaning.rating, rating.scale != scale || !scale.values.contains(rating.value) {
        fatalError("asked for the \(scale) scale, found \(rating.value) on the \(rating.scale) scale")
    }
    return 0
}
