extension Resource {
    /// Decodes leniently: every field is tried, every problem is collected, and the entry is then
    /// checked against ``validate()``, so one rejection lists everything wrong with the entry.
    /// Throws ``EntryRejection`` (with `index` 0; the manifest decoder sets it).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var fields = FieldReader(container: container)
        let id = fields.required(String.self, .id)
        let placeholderFile = FileObject(path: "", sha256: "", bytes: 0, mime: "")
        self.init(
            id: id ?? "",
            title: fields.required(String.self, .title) ?? "",
            type: fields.required(ResourceType.self, .type) ?? .video,
            platform: fields.optional(String.self, .platform),
            link: fields.optional(String.self, .link),
            series: fields.optional(String.self, .series),
            seriesOrder: fields.optional(Int.self, .seriesOrder),
            summary: fields.required(String.self, .summary) ?? "",
            duration: fields.optional(MediaDuration.self, .duration),
            created: fields.optional(String.self, .created),
            copyrightHolder: fields.required(String.self, .copyrightHolder) ?? "",
            lecturers: fields.required([String].self, .lecturers) ?? [],
            clicks: fields.optional(Int.self, .clicks),
            learners: fields.optional(Int.self, .learners),
            cover: fields.required(FileObject.self, .cover) ?? placeholderFile,
            catalogXML: fields.optional(String.self, .catalogXML),
            keywords: fields.optional([String].self, .keywords),
            category: fields.required([String].self, .category) ?? [],
            media: fields.optional(MediaFile.self, .media)?.file
        )
        // A field that failed to decode already has its problem; rules on its placeholder would only repeat it.
        let failed = Set(fields.problems.map { $0.field.split(separator: ".").first.map(String.init) ?? $0.field })
        let ruleProblems = validate().filter { problem in
            !failed.contains(problem.field.split(separator: ".").first.map(String.init) ?? problem.field)
        }
        let problems = fields.problems + ruleProblems
        if !problems.isEmpty {
            throw EntryRejection(index: 0, id: id?.isEmpty == false ? id : nil, problems: problems)
        }
    }
}

/// `media` is optional, but when present it must decode; wrapping it keeps that distinction.
private struct MediaFile: Decodable {
    var file: FileObject
    init(from decoder: any Decoder) throws {
        file = try FileObject(from: decoder)
    }
}

/// Reads fields of one entry, turning decoding failures into ``FieldProblem``s instead of stopping.
struct FieldReader<Key: CodingKey> {
    let container: KeyedDecodingContainer<Key>
    private(set) var problems: [FieldProblem] = []

    init(container: KeyedDecodingContainer<Key>) {
        self.container = container
    }

    mutating func required<T: Decodable>(_ type: T.Type, _ key: Key) -> T? {
        guard container.contains(key), (try? container.decodeNil(forKey: key)) != true else {
            problems.append(FieldProblem(key.stringValue, "missing"))
            return nil
        }
        return decode(type, key)
    }

    /// Absent and `null` both mean "not given".
    mutating func optional<T: Decodable>(_ type: T.Type, _ key: Key) -> T? {
        guard container.contains(key), (try? container.decodeNil(forKey: key)) != true else { return nil }
        return decode(type, key)
    }

    private mutating func decode<T: Decodable>(_ type: T.Type, _ key: Key) -> T? {
        do {
            return try container.decode(type, forKey: key)
        } catch let error as DecodingError {
            problems.append(problem(from: error, key: key))
        } catch let rejection as EntryRejection {
            problems.append(contentsOf: rejection.problems)
        } catch {
            problems.append(FieldProblem(key.stringValue, "\(error)"))
        }
        return nil
    }

    /// Names the field by its path below the entry, e.g. `cover.sha256` or `lecturers[1]`.
    private func problem(from error: DecodingError, key: Key) -> FieldProblem {
        let base = container.codingPath.count
        func name(_ path: [any CodingKey]) -> String {
            let relative = path.dropFirst(base)
            guard !relative.isEmpty else { return key.stringValue }
            return relative.reduce(into: "") { name, component in
                if let index = component.intValue {
                    name += "[\(index)]"
                } else {
                    name += name.isEmpty ? component.stringValue : ".\(component.stringValue)"
                }
            }
        }
        switch error {
        case .typeMismatch(let type, let context):
            return FieldProblem(name(context.codingPath), "expected \(Self.describe(type))")
        case .valueNotFound(let type, let context):
            return FieldProblem(name(context.codingPath), "expected \(Self.describe(type)), found null")
        case .keyNotFound(let missing, let context):
            return FieldProblem(name(context.codingPath + [missing]), "missing")
        case .dataCorrupted(let context):
            return FieldProblem(name(context.codingPath), context.debugDescription)
        @unknown default:
            return FieldProblem(key.stringValue, "\(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "text"
        case is Int.Type, is Int64.Type: "a whole number"
        case is Double.Type: "a number"
        case is [String].Type, is [Any].Type: "a list"
        default: "an object"
        }
    }
}
