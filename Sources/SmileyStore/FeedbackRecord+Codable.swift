import Foundation
import SmileyCore

extension FeedbackRecord: Codable {
    private enum CodingKeys: String, CodingKey {
        case schemaVersion, id, surveyID, recipientID, recipientEmail, ticketID, agent, company, rating, comment
        case source, classification, receivedAt, messageID, inReplyTo, parserWarnings, bounce, writer
        case confirmation
    }

    private struct StoredRating: Codable {
        var scale: RatingScale
        var value: Int
    }

    /// Reads a record, refusing a newer schema version and a rating outside its scale.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decode(Int.self, forKey: .schemaVersion)
        guard version <= Self.schemaVersion else { throw NewerSchemaError(version: version) }
        guard version >= 1 else {
            throw DecodingError.dataCorruptedError(
                forKey: .schemaVersion,
                in: container,
                debugDescription: "schema version \(version) does not exist"
            )
        }
        var rating: Rating?
        if let stored = try container.decodeIfPresent(StoredRating.self, forKey: .rating) {
            guard let valid = Rating(scale: stored.scale, value: stored.value) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .rating,
                    in: container,
                    debugDescription: "rating \(stored.value) is outside the \(stored.scale.rawValue) scale"
                )
            }
            rating = valid
        }
        self.init(
            id: try container.decode(RecordID.self, forKey: .id),
            surveyID: try container.decodeIfPresent(String.self, forKey: .surveyID),
            recipientID: try container.decodeIfPresent(RecipientID.self, forKey: .recipientID),
            recipientEmail: try container.decodeIfPresent(EmailAddress.self, forKey: .recipientEmail),
            ticketID: try container.decodeIfPresent(String.self, forKey: .ticketID) ?? "",
            agent: try container.decodeIfPresent(String.self, forKey: .agent) ?? "",
            company: try container.decodeIfPresent(String.self, forKey: .company) ?? "",
            rating: rating,
            comment: try container.decodeIfPresent(String.self, forKey: .comment),
            source: try container.decode(Source.self, forKey: .source),
            classification: try container.decode(Classification.self, forKey: .classification),
            receivedAt: try container.decode(Date.self, forKey: .receivedAt),
            messageID: try container.decodeIfPresent(String.self, forKey: .messageID),
            inReplyTo: try container.decodeIfPresent(String.self, forKey: .inReplyTo),
            parserWarnings: try container.decodeIfPresent([String].self, forKey: .parserWarnings) ?? [],
            bounce: try container.decodeIfPresent(Bounce.self, forKey: .bounce),
            writer: try container.decodeIfPresent(String.self, forKey: .writer),
            confirmation: try container.decodeIfPresent(Confirmation.self, forKey: .confirmation)
        )
    }

    /// Writes the record in schema version ``FeedbackRecord/schemaVersion``.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.schemaVersion, forKey: .schemaVersion)
        try container.encode(id, forKey: .id)
        try container.encodeIfPresent(surveyID, forKey: .surveyID)
        try container.encodeIfPresent(recipientID, forKey: .recipientID)
        try container.encodeIfPresent(recipientEmail, forKey: .recipientEmail)
        try container.encode(ticketID, forKey: .ticketID)
        try container.encode(agent, forKey: .agent)
        try container.encode(company, forKey: .company)
        try container.encodeIfPresent(rating.map { StoredRating(scale: $0.scale, value: $0.value) }, forKey: .rating)
        try container.encodeIfPresent(comment, forKey: .comment)
        try container.encode(source, forKey: .source)
        try container.encode(classification, forKey: .classification)
        try container.encode(receivedAt, forKey: .receivedAt)
        try container.encodeIfPresent(messageID, forKey: .messageID)
        try container.encodeIfPresent(inReplyTo, forKey: .inReplyTo)
        try container.encode(parserWarnings, forKey: .parserWarnings)
        try container.encodeIfPresent(bounce, forKey: .bounce)
        try container.encodeIfPresent(writer, forKey: .writer)
        try container.encodeIfPresent(confirmation, forKey: .confirmation)
    }
}

/// Thrown while decoding a file written with a later schema version.
struct NewerSchemaError: Error {
    let version: Int
}

/// The JSON settings every file of the store is written and read with.
enum StoreJSON {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = StoreDates.encoding
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = StoreDates.decoding
        return decoder
    }

    /// Encodes a value, reporting failure against `path`.
    static func encode(_ value: some Encodable, path: String) throws(StoreError) -> [UInt8] {
        do {
            var bytes = [UInt8](try encoder().encode(value))
            bytes.append(0x0A)
            return bytes
        } catch {
            throw StoreError.encoding(path: path, detail: "\(error)")
        }
    }

    /// Decodes a value, reporting a damaged file against `path`.
    static func decode<Value: Decodable>(
        _ type: Value.Type,
        from bytes: [UInt8],
        path: String
    ) throws(StoreError) -> Value {
        do {
            return try decoder().decode(type, from: Data(bytes))
        } catch let error as NewerSchemaError {
            throw StoreError.newerSchema(path: path, version: error.version)
        } catch let DecodingError.dataCorrupted(context) {
            throw StoreError.corrupt(path: path, detail: context.debugDescription + Self.describe(context.codingPath))
        } catch let DecodingError.keyNotFound(key, context) {
            throw StoreError.corrupt(
                path: path,
                detail: "'\(key.stringValue)' is missing" + Self.describe(context.codingPath)
            )
        } catch let DecodingError.typeMismatch(_, context) {
            throw StoreError.corrupt(path: path, detail: context.debugDescription + Self.describe(context.codingPath))
        } catch let DecodingError.valueNotFound(_, context) {
            throw StoreError.corrupt(path: path, detail: context.debugDescription + Self.describe(context.codingPath))
        } catch {
            throw StoreError.corrupt(path: path, detail: "\(error)")
        }
    }

    private static func describe(_ path: [any CodingKey]) -> String {
        path.isEmpty ? "" : " at '" + path.map(\.stringValue).joined(separator: ".") + "'"
    }
}
