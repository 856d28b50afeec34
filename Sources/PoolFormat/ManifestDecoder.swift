import Foundation

/// A manifest after decoding: the good entries, and every entry that was left out with its reasons.
public struct DecodedManifest: Sendable, Hashable {
    /// The manifest with only the entries that passed every rule, in their original order.
    public var manifest: Manifest
    /// The entries left out, in their original order.
    public var rejected: [EntryRejection]
}

/// Decodes and validates `manifest.json` (POOL-FORMAT.md).
///
/// A manifest whose `format` is unknown, or whose top-level fields are wrong, is refused as a whole
/// (``PoolFormatError``). A bad entry is left out alone (``EntryRejection``), so one school's typo
/// never hides the rest of the pool. Unknown keys are ignored at every level, so newer pools still load.
public enum ManifestDecoder {
    /// Decodes `data`, the exact bytes of `manifest.json`.
    public static func decode(_ data: Data) throws(PoolFormatError) -> DecodedManifest {
        let decoder = JSONDecoder()
        let probe: FormatProbe
        do {
            probe = try decoder.decode(FormatProbe.self, from: data)
        } catch {
            throw PoolFormatError(.notJSON, "manifest.json is not a JSON object (\(Self.summary(of: error)))")
        }
        guard let format = probe.format else {
            throw PoolFormatError(
                .unknownFormat, "manifest.json has no \"format\"; expected \"\(Manifest.currentFormat)\"")
        }
        guard format == Manifest.currentFormat else {
            throw PoolFormatError(
                .unknownFormat,
                "manifest.json has format \"\(format)\", which this kiosk does not know (it reads \"\(Manifest.currentFormat)\"); update yinling"
            )
        }
        let body: Body
        do {
            body = try decoder.decode(Body.self, from: data)
        } catch {
            throw PoolFormatError(.badField, "manifest.json: \(Self.summary(of: error))")
        }
        if body.pool.trimmed.isEmpty { throw PoolFormatError(.badField, "manifest.json: \"pool\" is empty") }
        if !Self.isTimestamp(body.publishedAt) {
            throw PoolFormatError(
                .badField, "manifest.json: \"publishedAt\" \"\(body.publishedAt)\" is not an ISO 8601 time")
        }
        return Self.sort(entries: body.resources, pool: body.pool, publishedAt: body.publishedAt)
    }

    /// Splits entries into good and rejected; the first entry with an id wins, later duplicates are rejected.
    private static func sort(entries: [Entry], pool: String, publishedAt: String) -> DecodedManifest {
        var good: [Resource] = []
        var rejected: [EntryRejection] = []
        var firstIndex: [String: Int] = [:]
        for (index, entry) in entries.enumerated() {
            switch entry.result {
            case .success(let resource):
                if let first = firstIndex[resource.id] {
                    let problem = FieldProblem("id", "duplicate of resources[\(first)]; only the first is used")
                    rejected.append(EntryRejection(index: index, id: resource.id, problems: [problem]))
                } else {
                    firstIndex[resource.id] = index
                    good.append(resource)
                }
            case .failure(var rejection):
                rejection.index = index
                rejected.append(rejection)
            }
        }
        let manifest = Manifest(pool: pool, publishedAt: publishedAt, resources: good)
        return DecodedManifest(manifest: manifest, rejected: rejected)
    }

    /// `yyyy-mm-ddThh:mm:ss` followed by optional fractions and a zone.
    static func isTimestamp(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 19, let date = String(bytes: utf8[0..<10], encoding: .utf8), Resource.isValidDate(date),
            utf8[10] == UInt8(ascii: "T") || utf8[10] == UInt8(ascii: " "),
            let time = String(bytes: utf8[11..<19], encoding: .utf8), let clock = MediaDuration(time),
            clock.seconds < 86_400
        else { return false }
        return true
    }

    private static func summary(of error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ keys: [any CodingKey]) -> String { keys.map(\.stringValue).joined(separator: ".") }
        switch error {
        case .keyNotFound(let key, let context): return "\"\(path(context.codingPath + [key]))\" is missing"
        case .typeMismatch(_, let context): return "\"\(path(context.codingPath))\" has the wrong type"
        case .valueNotFound(_, let context): return "\"\(path(context.codingPath))\" is null"
        case .dataCorrupted(let context):
            let underlying = context.underlyingError.map { " (\($0))" } ?? ""
            return context.codingPath.isEmpty
                ? "not valid JSON\(underlying)" : "\"\(path(context.codingPath))\": \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

/// Reads only `format`, so an unknown format is refused before anything else is looked at.
private struct FormatProbe: Decodable {
    var format: String?
}

private struct Body: Decodable {
    var pool: String
    var publishedAt: String
    var resources: [Entry]
}

/// One element of `resources`; never fails, so one bad entry cannot fail the array.
private struct Entry: Decodable {
    var result: Result<Resource, EntryRejection>

    init(from decoder: any Decoder) {
        do {
            result = .success(try Resource(from: decoder))
        } catch let rejection as EntryRejection {
            result = .failure(rejection)
        } catch {
            result = .failure(EntryRejection(index: 0, id: nil, problems: [FieldProblem("entry", "is not an object")]))
        }
    }
}
