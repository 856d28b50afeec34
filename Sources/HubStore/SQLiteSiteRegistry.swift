import Foundation
import GRDB
import HubCore

/// ``SiteRegistry`` in the hub's SQLite database: the `site` table and the admin token's hash
/// in `setting`.
public struct SQLiteSiteRegistry: SiteRegistry {
    static let adminTokenKey = "adminTokenSHA256"
    let database: HubDatabase

    public init(database: HubDatabase) {
        self.database = database
    }

    public func add(_ site: Site, tokenSHA256: String) async throws -> Bool {
        try await write("add site \(site.id)") { db in
            try db.execute(
                sql: """
                    INSERT INTO site (id, region, tokenSHA256, addedAt) VALUES (?, ?, ?, ?)
                    ON CONFLICT (id) DO NOTHING
                    """,
                arguments: [site.id, site.region, tokenSHA256, HubDatabase.milliseconds(site.addedAt)])
            return db.changesCount == 1
        }
    }

    public func replaceToken(of siteID: String, tokenSHA256: String) async throws -> Bool {
        try await write("replace the token of \(siteID)") { db in
            try db.execute(sql: "UPDATE site SET tokenSHA256 = ? WHERE id = ?", arguments: [tokenSHA256, siteID])
            return db.changesCount == 1
        }
    }

    public func sites() async throws -> [Site] {
        try await read("the sites") { db in try Self.fetchSites(db) }
    }

    public func site(tokenSHA256: String) async throws -> Site? {
        try await read("the sites") { db in
            try Row.fetchOne(
                db, sql: "SELECT id, region, addedAt FROM site WHERE tokenSHA256 = ?", arguments: [tokenSHA256]
            ).map(Self.site)
        }
    }

    public func setAdminToken(sha256: String) async throws {
        try await write("set the admin token") { db in
            try db.execute(
                sql:
                    "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                arguments: [Self.adminTokenKey, sha256])
        }
    }

    public func adminTokenSHA256() async throws -> String? {
        try await read("the admin token") { db in
            try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [Self.adminTokenKey])
        }
    }

    static func fetchSites(_ db: Database) throws -> [Site] {
        try Row.fetchAll(db, sql: "SELECT id, region, addedAt FROM site ORDER BY id").map(site)
    }

    static func site(_ row: Row) -> Site {
        Site(id: row[0], region: row[1], addedAt: HubDatabase.date(milliseconds: row[2]))
    }

    private func read<T: Sendable>(_ what: String, _ body: @Sendable (Database) throws -> T) async throws(StoreError)
        -> T
    {
        do {
            return try await database.writer.read(body)
        } catch {
            throw StoreError(.read, "cannot read \(what): \(HubDatabase.describe(error))", underlying: error)
        }
    }

    private func write<T: Sendable>(_ what: String, _ body: @Sendable (Database) throws -> T) async throws(StoreError)
        -> T
    {
        do {
            return try await database.writer.write(body)
        } catch {
            throw StoreError(.write, "cannot \(what): \(HubDatabase.describe(error))", underlying: error)
        }
    }
}
