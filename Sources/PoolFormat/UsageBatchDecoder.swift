import Foundation

/// Decodes and checks a usage batch as the hub receives it (USAGE-PROTOCOL.md "The hub's ingest API").
///
/// Strict, unlike the manifest: a batch is one unit that is stored whole or not at all, so any bad
/// field refuses it with a message naming the field (a 400). Keys outside the protocol are refused
/// too: the format is versioned, and nothing the protocol does not list may reach the hub.
public enum UsageBatchDecoder {
    public static func decode(_ data: Data) throws(PoolFormatError) -> UsageBatch {
        guard data.count <= UsageBatch.maximumBytes else {
            throw PoolFormatError(.badField, "the batch is \(data.count) bytes; at most \(UsageBatch.maximumBytes)")
        }
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw PoolFormatError(.notJSON, "the batch is not a JSON object")
            }
            object = parsed
        } catch let error as PoolFormatError {
            throw error
        } catch {
            throw PoolFormatError(.notJSON, "the batch is not valid JSON")
        }
        guard let format = object["format"] as? String else {
            throw PoolFormatError(
                .unknownFormat, "the batch has no \"format\"; expected \"\(UsageBatch.currentFormat)\"")
        }
        guard format == UsageBatch.currentFormat else {
            throw PoolFormatError(
                .unknownFormat,
                "format \"\(format)\" is not known here (this hub reads \"\(UsageBatch.currentFormat)\")")
        }
        try Self.onlyKeys(
            ["format", "site", "installation", "batch", "createdAt", "kiosk", "counts"], in: object, at: "")
        let site = try Self.string("site", in: object, at: "")
        guard Self.isSiteID(site) else {
            throw PoolFormatError(.badField, "\"site\" \"\(site)\" is not a site id (a-z, 0-9 and -, at most 64)")
        }
        let installation = try Self.string("installation", in: object, at: "")
        guard Self.isInstallationID(installation) else {
            throw PoolFormatError(.badField, "\"installation\" \"\(installation)\" is not a lower-case UUID")
        }
        let batch = try Self.integer("batch", in: object, at: "")
        guard batch >= 1 else { throw PoolFormatError(.badField, "\"batch\" must be 1 or more, not \(batch)") }
        let createdAt = try Self.string("createdAt", in: object, at: "")
        guard ManifestDecoder.isTimestamp(createdAt) else {
            throw PoolFormatError(.badField, "\"createdAt\" \"\(createdAt)\" is not an ISO 8601 time")
        }
        guard let kiosk = object["kiosk"] as? [String: Any] else {
            throw PoolFormatError(.badField, "\"kiosk\" must be an object with \"version\"")
        }
        try Self.onlyKeys(["version"], in: kiosk, at: "kiosk.")
        let version = try Self.string("version", in: kiosk, at: "kiosk.")
        guard let rows = object["counts"] as? [Any] else {
            throw PoolFormatError(.badField, "\"counts\" must be an array")
        }
        var counts: [UsageCount] = []
        var seen: [String: Int] = [:]
        for (index, row) in rows.enumerated() {
            let count = try Self.count(row, at: "counts[\(index)].")
            let key = "\(count.resource)\u{0}\(count.day ?? "")\u{0}\(count.source.rawValue)"
            if let first = seen[key] {
                throw PoolFormatError(
                    .badField, "counts[\(index)] repeats the resource, day and source of counts[\(first)]")
            }
            seen[key] = index
            counts.append(count)
        }
        return UsageBatch(
            site: site, installation: installation, batch: batch, createdAt: createdAt,
            kiosk: UsageBatch.Kiosk(version: version), counts: counts)
    }

    private static func count(_ value: Any, at path: String) throws(PoolFormatError) -> UsageCount {
        guard let row = value as? [String: Any] else {
            throw PoolFormatError(.badField, "\"\(path.dropLast())\" is not an object")
        }
        try Self.onlyKeys(UsageCount.CodingKeys.allCases.map(\.rawValue), in: row, at: path)
        let resource = try Self.string("resource", in: row, at: path)
        guard !resource.isEmpty, resource.utf8.count <= 64 else {
            throw PoolFormatError(.badField, "\"\(path)resource\" must be 1 to 64 bytes")
        }
        guard row.keys.contains("day") else {
            throw PoolFormatError(.badField, "\"\(path)day\" is missing (null when the day is unknown)")
        }
        var day: String?
        if !(row["day"] is NSNull) {
            let text = try Self.string("day", in: row, at: path)
            guard Resource.isValidDate(text) else {
                throw PoolFormatError(.badField, "\"\(path)day\" \"\(text)\" is not a date yyyy-mm-dd")
            }
            day = text
        }
        let sourceText = try Self.string("source", in: row, at: path)
        guard let source = UsageSource(rawValue: sourceText) else {
            throw PoolFormatError(.badField, "\"\(path)source\" \"\(sourceText)\" is not tv or phone")
        }
        var numbers: [String: Int] = [:]
        for key in ["plays", "views", "completions", "watchSeconds"] {
            let number = try Self.integer(key, in: row, at: path)
            guard number >= 0 else { throw PoolFormatError(.badField, "\"\(path)\(key)\" must not be negative") }
            numbers[key] = number
        }
        let plays = numbers["plays", default: 0]
        for key in ["views", "completions"] where numbers[key, default: 0] > plays {
            throw PoolFormatError(.badField, "\"\(path)\(key)\" is more than \"plays\" (\(plays))")
        }
        return UsageCount(
            resource: resource, day: day, source: source, plays: plays, views: numbers["views", default: 0],
            completions: numbers["completions", default: 0], watchSeconds: numbers["watchSeconds", default: 0])
    }

    private static func onlyKeys(_ allowed: [String], in object: [String: Any], at path: String) throws(PoolFormatError)
    {
        if let extra = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw PoolFormatError(.badField, "\"\(path)\(extra)\" is not a field of \(UsageBatch.currentFormat)")
        }
    }

    private static func string(_ key: String, in object: [String: Any], at path: String) throws(PoolFormatError)
        -> String
    {
        guard let value = object[key] else { throw PoolFormatError(.badField, "\"\(path)\(key)\" is missing") }
        guard let text = value as? String else {
            throw PoolFormatError(.badField, "\"\(path)\(key)\" must be a string")
        }
        return text
    }

    /// A JSON integer (not a boolean, not a fraction) that fits an Int.
    private static func integer(_ key: String, in object: [String: Any], at path: String) throws(PoolFormatError)
        -> Int
    {
        guard let value = object[key] else { throw PoolFormatError(.badField, "\"\(path)\(key)\" is missing") }
        // JSONSerialization's integers are NSNumbers of a C integer type; true/false are `c`, fractions `d`.
        guard let number = value as? NSNumber, ["i", "l", "q", "s"].contains(String(cString: number.objCType)) else {
            throw PoolFormatError(.badField, "\"\(path)\(key)\" must be a whole number")
        }
        return number.intValue
    }

    /// A site id: lower-case letters, digits and `-`, 1 to 64 bytes (the hub checks ids it issues the same way).
    public static func isSiteID(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64
            && text.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
    }

    static func isInstallationID(_ text: String) -> Bool {
        guard let uuid = UUID(uuidString: text) else { return false }
        return uuid.uuidString.lowercased() == text
    }
}
