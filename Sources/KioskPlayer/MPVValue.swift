/// A JSON value as mpv's IPC sends and takes it (`data` of a property, a command's arguments).
enum MPVValue: Sendable, Hashable, Codable {
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([MPVValue])
    case object([String: MPVValue])
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([MPVValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: MPVValue].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }

    var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    subscript(key: String) -> MPVValue? {
        if case .object(let value) = self { return value[key] }
        return nil
    }
}
