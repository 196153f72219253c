import Foundation

/// A trigger's JSON body, read once, with values looked up by dotted path (`issue.fields.reporter.emailAddress`;
/// a number indexes an array). Strings, numbers and booleans read as text; objects, arrays and null do not.
struct TriggerPayload {
    /// A JSON value.
    indirect enum Value: Decodable {
        case object([String: Value])
        case array([Value])
        case string(String)
        case number(String)
        case bool(Bool)
        case null

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() {
                self = .null
            } else if let bool = try? c.decode(Bool.self) {
                self = .bool(bool)
            } else if let int = try? c.decode(Int64.self) {
                self = .number(String(int))
            } else if let double = try? c.decode(Double.self) {
                self = .number(String(double))
            } else if let string = try? c.decode(String.self) {
                self = .string(string)
            } else if let array = try? c.decode([Value].self) {
                self = .array(array)
            } else {
                self = .object(try c.decode([String: Value].self))
            }
        }
    }

    private let root: [String: Value]
    /// Values found elsewhere (an address fetched over the help desk's API), by path; they win over the body's.
    private var overlay: [String: String] = [:]

    /// Parses `body` as a JSON object (a UTF-8 BOM is skipped).
    init(_ body: [UInt8]) throws(TriggerError) {
        var bytes = body[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard !bytes.isEmpty else { throw .malformed("the body is empty") }
        let value: Value
        do { value = try JSONDecoder().decode(Value.self, from: Data(bytes)) } catch {
            throw .malformed("the body is not JSON")
        }
        guard case .object(let object) = value else { throw .malformed("the body is not a JSON object") }
        root = object
    }

    /// A payload over a JSON object found inside another (ConnectWise's `Entity`, Autotask's `item`).
    init(object: [String: Value]) {
        root = object
    }

    /// This payload with `value` at `path` (a value fetched from the help desk's API).
    func adding(_ value: String, at path: String) -> TriggerPayload {
        var copy = self
        copy.overlay[path] = value
        return copy
    }

    /// The JSON value at `path`, whatever its kind.
    func value(at path: String) -> Value? {
        var node = Value.object(root)
        for component in path.split(separator: ".", omittingEmptySubsequences: false) {
            switch node {
            case .object(let object):
                guard let next = object[String(component)] else { return nil }
                node = next
            case .array(let array):
                guard let index = Int(component), array.indices.contains(index) else { return nil }
                node = array[index]
            default: return nil
            }
        }
        return node
    }

    /// The object at `path`, or the object a JSON string at `path` holds (ConnectWise sends `Entity` both ways).
    func object(at path: String) -> TriggerPayload? {
        switch value(at: path) {
        case .object(let object): return TriggerPayload(object: object)
        case .string(let text): return try? TriggerPayload(Array(text.utf8))
        default: return nil
        }
    }

    /// A payload of flat values (a Salesforce notification's fields).
    init(values: [String: String]) {
        root = values.mapValues { .string($0) }
    }

    /// The value at `path` as text, trimmed; nil when absent, null, empty or not a scalar.
    func text(at path: String) -> String? {
        if let value = overlay[path] { return value }
        guard let node = value(at: path) else { return nil }
        let text: String
        switch node {
        case .string(let string): text = string
        case .number(let number): text = number
        case .bool(let bool): text = bool ? "true" : "false"
        default: return nil
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
