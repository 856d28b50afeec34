import Foundation
import GRDB
import KioskCore
import PoolFormat

/// A resource whose files are verified in the cache, ready to enter the catalog.
public struct InstallableResource: Sendable {
    public var resource: Resource
    /// Its position in the manifest: the menu's order.
    public var position: Int

    public init(resource: Resource, position: Int) {
        self.resource = resource
        self.position = position
    }
}

extension KioskDatabase {
    /// Puts verified files and the resources that use them into the catalog, in one transaction.
    ///
    /// Resources are added or replaced by id; the ids in `removing` leave the catalog; resources not
    /// mentioned stay as they are. The files must already be in the cache: the foreign keys refuse a
    /// resource whose file is not indexed.
    public func commitInstall(
        resources: [InstallableResource], files: [CachedFile], removing: [String] = [], poolName: String,
        publishedAt: String, installedAt: Int64
    ) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let rows = try resources.map { item in
            try ResourceRow(item.resource, position: item.position, installedAt: installedAt, encoder: encoder)
        }
        try await writer.write { db in
            for file in files {
                try db.execute(
                    sql: """
                        INSERT INTO cacheEntry (sha256, path, bytes, mime, verifiedAt) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT(sha256) DO UPDATE SET path = excluded.path, bytes = excluded.bytes,
                          mime = excluded.mime, verifiedAt = excluded.verifiedAt
                        """,
                    arguments: [file.sha256, file.relativePath, file.bytes, file.mime, file.verifiedAtMilliseconds])
            }
            for id in removing { try db.execute(sql: "DELETE FROM resource WHERE id = ?", arguments: [id]) }
            for row in rows { try row.save(db) }
            try Self.rebuildDerivedTables(db)
            for (key, value) in [(Setting.poolName, poolName), (Setting.poolPublishedAt, publishedAt)] {
                try db.execute(
                    sql:
                        "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    arguments: [key, value])
            }
        }
        changes.bump()
    }

    /// Cache entries no resource uses any more; their files can be deleted.
    public func unreferencedFiles() async throws -> [CachedFile] {
        try await writer.read { db in
            try CacheEntryRow.fetchAll(
                db,
                sql: """
                    SELECT * FROM cacheEntry WHERE sha256 NOT IN (SELECT coverSHA256 FROM resource)
                      AND sha256 NOT IN (SELECT mediaSHA256 FROM resource WHERE mediaSHA256 IS NOT NULL)
                    """
            ).map(\.cachedFile)
        }
    }

    /// Every cache entry.
    public func cachedFiles() async throws -> [CachedFile] {
        try await writer.read { db in try CacheEntryRow.fetchAll(db, sql: "SELECT * FROM cacheEntry").map(\.cachedFile)
        }
    }

    /// Removes cache entries (before their files are deleted); entries still in use are kept.
    public func forgetFiles(sha256 hashes: [String]) async throws {
        try await writer.write { db in
            for hash in hashes {
                try db.execute(
                    sql: """
                        DELETE FROM cacheEntry WHERE sha256 = ? AND sha256 NOT IN (SELECT coverSHA256 FROM resource)
                          AND sha256 NOT IN (SELECT mediaSHA256 FROM resource WHERE mediaSHA256 IS NOT NULL)
                        """,
                    arguments: [hash])
            }
        }
    }

    /// Categories and series are derived from the resources; rebuilt inside the writing transaction.
    static func rebuildDerivedTables(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM category")
        try db.execute(sql: "DELETE FROM series")
        let decoder = JSONDecoder()
        var categories: [String: (name: String, parent: String?, depth: Int, position: Int)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT category, position FROM resource") {
            let path = try decoder.decode([String].self, from: Data((row["category"] as String).utf8))
            let position: Int = row["position"]
            for depth in path.indices {
                let key = path[...depth].joined(separator: "/")
                let parent = depth == 0 ? nil : path[..<depth].joined(separator: "/")
                let known = categories[key]?.position ?? .max
                categories[key] = (path[depth], parent, depth, min(known, position))
            }
        }
        for (path, category) in categories {
            try db.execute(
                sql: "INSERT INTO category (path, name, parent, depth, position) VALUES (?, ?, ?, ?, ?)",
                arguments: [path, category.name, category.parent, category.depth, category.position])
        }
        try db.execute(
            sql: """
                INSERT INTO series (name, topCategory, position, episodes)
                SELECT series, MIN(topCategory), MIN(position), COUNT(*) FROM resource
                WHERE series IS NOT NULL GROUP BY series
                """)
    }
}
