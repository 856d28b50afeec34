import Foundation
import GRDB
import KioskCore
import PoolFormat

/// The menu's reads (``Catalog``) from the kiosk database.
public struct SQLiteCatalog: Catalog {
    let database: KioskDatabase

    /// Tiles in 大家都在看.
    static let popularCount = 6

    public init(database: KioskDatabase) {
        self.database = database
    }

    public var generation: UInt64 { database.changes.current }

    /// Only resources with a cached media file are playable; online courses (A03) are not listed.
    static let playable = "mediaSHA256 IS NOT NULL"

    public func home(source: PlaySource) async throws -> HomeMenu {
        try await database.writer.read { db in
            let counts = try Row.fetchAll(
                db,
                sql: "SELECT topCategory, COUNT(*) AS count FROM resource WHERE \(Self.playable) GROUP BY topCategory")
            let countByName = Dictionary(
                uniqueKeysWithValues: counts.map { ($0["topCategory"] as String, $0["count"] as Int) })
            let categories = Categories.topLevel.compactMap { name in
                countByName[name].map { CategoryTile(name: name, count: $0, icon: Categories.iconPath(for: name)) }
            }
            // Local views first (min(30 s, half the resource) played), then the nation's clicks.
            let popular = try ResourceRow.fetchAll(
                db,
                sql: """
                    SELECT resource.* FROM resource LEFT JOIN (
                      SELECT resourceID, COUNT(*) AS views FROM play
                      WHERE playedSeconds >= MIN(?, durationSeconds * ?) GROUP BY resourceID
                    ) AS local ON local.resourceID = resource.id
                    WHERE \(Self.playable)
                    ORDER BY COALESCE(local.views, 0) DESC, clicks DESC, position, id LIMIT ?
                    """,
                arguments: [PlayRules.viewMinimumSeconds, PlayRules.viewFraction, Self.popularCount]
            ).map { $0.card() }
            return HomeMenu(resume: try Self.resume(db, source: source), categories: categories, popular: popular)
        }
    }

    /// The most recent resource whose latest play on `source` stopped part-way.
    static func resume(_ db: Database, source: PlaySource) throws -> ResumeEntry? {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT play.position, resource.* FROM play
                JOIN (SELECT MAX(id) AS id FROM play WHERE source = ? GROUP BY resourceID) AS latest ON latest.id = play.id
                JOIN resource ON resource.id = play.resourceID AND resource.\(playable)
                ORDER BY play.id DESC LIMIT 20
                """,
            arguments: [source.rawValue])
        for row in rows {
            let resource = try ResourceRow(row: row)
            let position = PlayRules.resumePosition(
                position: row["position"], durationSeconds: resource.durationSeconds)
            if position > 0 { return ResumeEntry(resource: resource.card(), position: position) }
        }
        return nil
    }

    public func category(named name: String) async throws -> CategoryMenu? {
        try await database.writer.read { db in
            let rows = try ResourceRow.fetchAll(
                db, sql: "SELECT * FROM resource WHERE topCategory = ? AND \(Self.playable) ORDER BY position, id",
                arguments: [name])
            guard !rows.isEmpty else { return nil }
            return CategoryMenu(name: name, entries: Self.entries(rows))
        }
    }

    /// A series becomes one tile where its first episode stands; other resources are tiles of their own.
    static func entries(_ rows: [ResourceRow]) -> [MenuEntry] {
        let bySeries = Dictionary(grouping: rows.filter { $0.series != nil }, by: { $0.series! })
        var seen: Set<String> = []
        return rows.compactMap { row in
            guard let series = row.series else {
                let card = row.card()
                return MenuEntry(
                    kind: .resource, id: row.id, title: row.title, cover: card.cover, lecturers: card.lecturers,
                    durationSeconds: row.durationSeconds, episodes: nil)
            }
            guard seen.insert(series).inserted else { return nil }
            let episodes = bySeries[series, default: []].sorted(by: episodeOrder).map { $0.card() }
            var lecturers: [String] = []
            for name in episodes.flatMap(\.lecturers) where !lecturers.contains(name) { lecturers.append(name) }
            return MenuEntry(
                kind: .series, id: series, title: series, cover: episodes[0].cover, lecturers: lecturers,
                durationSeconds: episodes.reduce(0) { $0 + $1.durationSeconds }, episodes: episodes.count)
        }
    }

    static func episodeOrder(_ lhs: ResourceRow, _ rhs: ResourceRow) -> Bool {
        (lhs.seriesOrder ?? .max, lhs.position, lhs.id) < (rhs.seriesOrder ?? .max, rhs.position, rhs.id)
    }

    public func file(sha256: String) async throws -> CachedFile? {
        try await database.writer.read { db in
            try CacheEntryRow.fetchOne(db, sql: "SELECT * FROM cacheEntry WHERE sha256 = ?", arguments: [sha256])?
                .cachedFile
        }
    }
}
