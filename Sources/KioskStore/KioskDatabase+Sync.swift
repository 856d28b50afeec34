import Foundation
import GRDB
import KioskCore

extension KioskDatabase {
    /// Ids of the resources in the catalog now.
    public func catalogIDs() async throws -> Set<String> {
        try await writer.read { db in Set(try String.fetchAll(db, sql: "SELECT id FROM resource")) }
    }

    /// Views on this kiosk per resource (plays of at least min(30 s, half the resource)): the
    /// planner's local popularity.
    public func localViews() async throws -> [String: Int] {
        try await writer.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT play.resourceID AS id, COUNT(*) AS views FROM play JOIN resource ON resource.id = play.resourceID
                    WHERE play.playedSeconds >= MIN(?, resource.durationSeconds * ?) GROUP BY play.resourceID
                    """,
                arguments: [PlayRules.viewMinimumSeconds, PlayRules.viewFraction])
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["id"] as String, $0["views"] as Int) })
        }
    }

    /// The curation keys set on the staff page (none when staff never changed any).
    public func curationOverrides() async throws -> CurationOverrides {
        guard let text = try await setting(Setting.curationOverrides) else { return CurationOverrides() }
        do {
            return try JSONDecoder().decode(CurationOverrides.self, from: Data(text.utf8))
        } catch {
            throw StoreError(.read, "the staff page's curation in the database is unreadable (\(error)); set it again")
        }
    }

    /// Replaces the staff page's curation overrides.
    public func setCurationOverrides(_ overrides: CurationOverrides) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try await setSetting(Setting.curationOverrides, String(decoding: try encoder.encode(overrides), as: UTF8.self))
    }

    /// Writes one setting.
    public func setSetting(_ key: String, _ value: String) async throws {
        try await writer.write { db in
            try db.execute(
                sql:
                    "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [key, value])
        }
    }
}
