import Foundation
import SmileyCore
import SmileyInbound
import SmileyMIME

/// `smiley inspect`: the interpretation of one message as pretty JSON.
public enum InspectWorkflow {
    /// Interprets `bytes` without storing anything.
    /// - Parameters:
    ///   - installation: the installation whose keys verify tokens; without one, tokens are reported but not verified.
    ///   - bareBody: the input is a reply text with no headers.
    ///   - surveyID: for a bare body, the survey whose scale and language to use.
    public static func run(
        installation: Installation?,
        bytes: [UInt8],
        bareBody: Bool,
        envelopeRecipient: String?,
        surveyID: String?
    ) throws(WorkflowError) -> String {
        let surveys = installation?.surveys ?? []
        let keyring = installation?.keyring ?? (try? TokenKeyring(secrets: [0: TokenKeyring.generateSecret()]))!
        let interpreter = Interpreter(keyring: keyring, surveys: surveys)
        let interpretation: Interpretation
        if bareBody {
            let text = String(decoding: bytes, as: UTF8.self)
            let survey = surveyID.flatMap { id in surveys.first { $0.id == id } }
            interpretation = interpreter.interpret(
                bareText: text,
                scale: survey?.scale ?? .smiley,
                locale: survey?.locale
            )
        } else {
            interpretation = interpreter.interpret(ParsedMessage.parse(bytes), envelopeRecipient: envelopeRecipient)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        do { return String(decoding: try encoder.encode(interpretation), as: UTF8.self) } catch {
            throw WorkflowError("cannot encode the interpretation: \(error)")
        }
    }
}
