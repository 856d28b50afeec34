import Foundation
import GRDB
import KioskCore
import PoolFormat

/// A row of `resource`: the columns the menu queries, plus the whole manifest entry.
struct ResourceRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "resource"

    var id: String
    var position: Int
    var title: String
    var type: String
    var topCategory: String
    var series: String?
    var seriesOrder: Int?
    var durationSeconds: Int
    var clicks: Int
    var lecturers: String
    var category: String
    var coverSHA256: String
    var mediaSHA256: String?
    var installedAt: Int64
    var entry: String

    init(_ resource: Resource, position: Int, installedAt: Int64, encoder: JSONEncoder) throws {
        func json(_ value: some Encodable) throws -> String {
            String(decoding: try encoder.encode(value), as: UTF8.self)
        }
        id = resource.id
        self.position = position
        title = resource.title
        type = resource.type.rawValue
        topCategory = resource.topCategory
        series = resource.series
        seriesOrder = resource.seriesOrder
        durationSeconds = resource.duration?.seconds ?? 0
        clicks = resource.clicks ?? 0
        lecturers = try json(resource.lecturers)
        category = try json(resource.category)
        coverSHA256 = resource.cover.sha256
        mediaSHA256 = resource.media?.sha256
        self.installedAt = installedAt
        entry = try json(resource)
    }

    /// The tile form of this resource.
    func card() -> ResourceCard {
        let decoder = JSONDecoder()
        return ResourceCard(
            id: id, title: title, type: type,
            lecturers: (try? decoder.decode([String].self, from: Data(lecturers.utf8))) ?? [],
            durationSeconds: durationSeconds,
            cover: CachedFile.urlPath(sha256: coverSHA256, fileExtension: "jpg"),
            series: series, seriesOrder: seriesOrder,
            category: (try? decoder.decode([String].self, from: Data(category.utf8))) ?? [topCategory]
        )
    }

    /// The manifest entry this row was made from.
    func resource() throws -> Resource {
        try JSONDecoder().decode(Resource.self, from: Data(entry.utf8))
    }
}

/// A row of `cacheEntry`.
struct CacheEntryRow: Codable, FetchableRecord {
    var sha256: String
    var path: String
    var bytes: Int64
    var mime: String
    var verifiedAt: Int64

    var cachedFile: CachedFile {
        CachedFile(sha256: sha256, relativePath: path, bytes: bytes, mime: mime, verifiedAtMilliseconds: verifiedAt)
    }
}
