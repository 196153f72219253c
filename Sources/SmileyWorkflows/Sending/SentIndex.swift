import Foundation
import SmileyCore

/// Who a survey went to, by recipient id: `data/sent/<survey>/<recipient-id>.json`.
///
/// Written when a survey email is composed (before it is sent), read by ingest to attach the address, ticket and
/// agent to a reply that only carries a token. One small file per recipient makes a lookup one `open`, however
/// many surveys were sent; the files are written without fsync because the send journal can rebuild them.
struct SentIndex {
    /// What is remembered about one recipient.
    struct Entry: Codable, Sendable, Hashable {
        var email: String
        var name: String
        var ticketID: String
        var agent: String
        var company: String
        var messageID: String
        var sentAt: Date
    }

    let directory: String

    init(dataDirectory: String) {
        directory = dataDirectory + "/sent"
    }

    private func path(survey: String, recipient: RecipientID) -> String {
        "\(directory)/\(survey)/\(recipient).json"
    }

    /// Remembers a recipient (replacing an earlier entry for the same id).
    func remember(survey: String, recipient: Recipient, messageID: String, at date: Date) throws(WorkflowError) {
        let id = recipient.id(inSurvey: survey)
        let entry = Entry(email: recipient.email.description, name: recipient.displayName, ticketID: recipient.ticketID,
                          agent: recipient.agent, company: recipient.company, messageID: messageID, sentAt: date)
        let folder = "\(directory)/\(survey)"
        if !FileManager.default.fileExists(atPath: folder) { try DurableFile.makeDirectory(folder) }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(entry) else { throw WorkflowError("cannot encode the sent-index entry for \(recipient.email)") }
        let target = path(survey: survey, recipient: id)
        let temp = target + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temp, contents: data), rename(temp, target) == 0 else {
            unlink(temp)
            throw WorkflowError.file(target, "cannot be written: \(String(cString: strerror(errno)))", exitCode: ExitStatus.cannotCreate)
        }
    }

    /// The entry for a recipient, or `nil` when the survey was not sent from this installation.
    func lookup(survey: String, recipient: RecipientID) -> Entry? {
        guard let data = FileManager.default.contents(atPath: path(survey: survey, recipient: recipient)) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(Entry.self, from: data)
    }
}
