import Foundation
import GRDB
import KioskCore
import PoolFormat

extension SQLiteCatalog {
    public func series(named name: String, source: PlaySource) async throws -> SeriesMenu? {
        try await database.writer.read { db in
            let rows = try ResourceRow.fetchAll(
                db, sql: "SELECT * FROM resource WHERE series = ? AND \(Self.playable)", arguments: [name]
            ).sorted(by: Self.episodeOrder)
            guard let first = rows.first else { return nil }
            let completed = try Self.completedResources(db, ids: rows.map(\.id), source: source)
            let next = rows.first { !completed.contains($0.id) }?.id ?? first.id
            return SeriesMenu(name: name, category: first.topCategory, episodes: rows.map { $0.card() }, next: next)
        }
    }

    public func resource(id: String, source: PlaySource) async throws -> ResourceDetail? {
        try await database.writer.read { db in
            guard
                let row = try ResourceRow.fetchOne(
                    db, sql: "SELECT * FROM resource WHERE id = ? AND \(Self.playable)", arguments: [id]),
                let mediaSHA256 = row.mediaSHA256,
                let media = try CacheEntryRow.fetchOne(
                    db, sql: "SELECT * FROM cacheEntry WHERE sha256 = ?", arguments: [mediaSHA256])
            else { return nil }
            let entry = try row.resource()
            let lastPosition = try Double.fetchOne(
                db, sql: "SELECT position FROM play WHERE source = ? AND resourceID = ? ORDER BY id DESC LIMIT 1",
                arguments: [source.rawValue, id])
            let resume = lastPosition.map {
                PlayRules.resumePosition(position: $0, durationSeconds: row.durationSeconds)
            }
            return ResourceDetail(
                resource: row.card(), summary: entry.summary, copyrightHolder: entry.copyrightHolder,
                created: entry.created, keywords: entry.keywords ?? [], clicks: entry.clicks, learners: entry.learners,
                media: MediaLink(
                    url: CachedFile.urlPath(
                        sha256: media.sha256, fileExtension: CachedFile.fileExtension(forMIME: media.mime)),
                    mime: media.mime, bytes: media.bytes),
                resumePosition: resume ?? 0,
                nextInSeries: try Self.nextEpisode(db, after: row))
        }
    }

    /// The episode after `row` in its series, or nil.
    static func nextEpisode(_ db: Database, after row: ResourceRow) throws -> String? {
        guard let series = row.series else { return nil }
        let episodes = try ResourceRow.fetchAll(
            db, sql: "SELECT * FROM resource WHERE series = ? AND \(playable)", arguments: [series]
        ).sorted(by: episodeOrder)
        guard let index = episodes.firstIndex(where: { $0.id == row.id }), index + 1 < episodes.count else {
            return nil
        }
        return episodes[index + 1].id
    }

    /// Resources among `ids` that some play on `source` took to the completion threshold.
    static func completedResources(_ db: Database, ids: [String], source: PlaySource) throws -> Set<String> {
        let rows = try String.fetchAll(
            db,
            sql: """
                SELECT DISTINCT resourceID FROM play WHERE source = ? AND resourceID IN (SELECT value FROM json_each(?))
                  AND position >= durationSeconds * ?
                """,
            arguments: [
                source.rawValue, String(decoding: try JSONEncoder().encode(ids), as: UTF8.self),
                PlayRules.completionFraction,
            ])
        return Set(rows)
    }
}
