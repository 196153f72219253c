import Foundation
import SmileyCore
import SmileyStore

/// `smiley init`: creates `smiley.json` with one example survey and a fresh random secret readable only by its owner.
public enum InitWorkflow {
    /// What `init` created.
    public struct Result: Sendable {
        /// The configuration file written.
        public let configPath: String
        /// The secret file written (mode 0600).
        public let secretPath: String
    }

    /// Creates the configuration and secret in `directory`; refuses to overwrite either.
    /// - Parameters:
    ///   - directory: where to put `smiley.json` and `smiley.secret`.
    ///   - fromAddress: the sender address of the example survey.
    ///   - replyDomain: the domain that receives `feedback+TOKEN@` replies.
    public static func run(
        directory: String,
        fromName: String,
        fromAddress: String,
        replyDomain: String
    ) throws(WorkflowError) -> Result {
        do { _ = try EmailAddress(fromAddress) } catch {
            throw WorkflowError(error.description + "; pass --from ADDRESS", exitCode: ExitStatus.usage)
        }
        guard (try? EmailAddress("feedback@" + replyDomain)) != nil else {
            throw WorkflowError(
                "'\(replyDomain)' is not a domain name; pass --reply-domain DOMAIN",
                exitCode: ExitStatus.usage
            )
        }
        try stored { () throws(StoreError) in try DurableFile.makeDirectory(directory) }
        let configPath = directory + "/smiley.json"
        let secretPath = directory + "/smiley.secret"
        if FileManager.default.fileExists(atPath: configPath) {
            throw WorkflowError.file(
                configPath,
                "already exists; 'smiley init' never overwrites a configuration",
                exitCode: ExitStatus.cannotCreate
            )
        }
        let secret = TokenKeyring.render(secrets: [1: TokenKeyring.generateSecret()])
        try createOnce(Array(secret.utf8), at: secretPath, mode: 0o600)
        let config = SmileyConfig(surveys: [
            .init(
                id: "support",
                scale: .smiley,
                template: "default",
                locale: "en",
                fromName: fromName,
                fromAddress: fromAddress,
                replyDomain: replyDomain,
                links: "mailto"
            )
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json: Data
        do { json = try encoder.encode(config) } catch {
            throw WorkflowError("cannot encode the configuration: \(error)")
        }
        try createOnce(Array(json) + [10], at: configPath, mode: 0o644)
        return Result(configPath: configPath, secretPath: secretPath)
    }

    /// Writes a new file, refusing to replace one that is there.
    private static func createOnce(_ bytes: [UInt8], at path: String, mode: Int) throws(WorkflowError) {
        let outcome = try stored { () throws(StoreError) in
            try DurableFile.write(bytes, to: path, mode: mode, replace: false)
        }
        if outcome == .duplicate {
            throw WorkflowError.file(
                path,
                "already exists; move it away or choose another folder",
                exitCode: ExitStatus.cannotCreate
            )
        }
    }
}
