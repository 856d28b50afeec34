import Foundation
import GRDB

extension KioskDatabase {
    /// Named migrations. A migration that has shipped is never edited: changes are new migrations.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 settings and installation id") { db in
            try db.create(table: "setting") { table in
                table.primaryKey("key", .text)
                table.column("value", .text).notNull()
            }
            try db.execute(
                sql: "INSERT INTO setting (key, value) VALUES (?, ?)",
                arguments: [Setting.installationID, UUID().uuidString.lowercased()])
        }
        migrator.registerMigration("v1 cache index") { db in
            try db.create(table: "cacheEntry") { table in
                table.primaryKey("sha256", .text)
                table.column("path", .text).notNull()
                table.column("bytes", .integer).notNull()
                table.column("mime", .text).notNull()
                table.column("verifiedAt", .integer).notNull()
            }
        }
        migrator.registerMigration("v1 catalog") { db in
            try db.create(table: "resource") { table in
                table.primaryKey("id", .text)
                table.column("position", .integer).notNull()
                table.column("title", .text).notNull()
                table.column("type", .text).notNull()
                table.column("topCategory", .text).notNull().indexed()
                table.column("series", .text).indexed()
                table.column("seriesOrder", .integer)
                table.column("durationSeconds", .integer).notNull()
                table.column("clicks", .integer).notNull()
                table.column("lecturers", .jsonText).notNull()
                table.column("category", .jsonText).notNull()
                table.column("coverSHA256", .text).notNull().references("cacheEntry")
                table.column("mediaSHA256", .text).references("cacheEntry")
                table.column("installedAt", .integer).notNull()
                // The manifest entry as published, so nothing of the standard's metadata is lost.
                table.column("entry", .jsonText).notNull()
            }
            try db.create(table: "category") { table in
                table.primaryKey("path", .text)
                table.column("name", .text).notNull()
                table.column("parent", .text)
                table.column("depth", .integer).notNull()
                table.column("position", .integer).notNull()
            }
            try db.create(table: "series") { table in
                table.primaryKey("name", .text)
                table.column("topCategory", .text).notNull()
                table.column("position", .integer).notNull()
                table.column("episodes", .integer).notNull()
            }
        }
        migrator.registerMigration("v1 play log") { db in
            try db.create(table: "play") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("token", .text).notNull().unique()
                // No foreign key: a play outlives the resource it played, so it can still be counted.
                table.column("resourceID", .text).notNull().indexed()
                table.column("source", .text).notNull().check { ["tv", "phone"].contains($0) }
                table.column("durationSeconds", .integer).notNull()
                table.column("startedWall", .integer).notNull()
                table.column("startedBoot", .text).notNull()
                table.column("startedMonotonic", .integer).notNull()
                table.column("startPosition", .double).notNull()
                table.column("position", .double).notNull()
                table.column("playedSeconds", .double).notNull()
                table.column("updatedWall", .integer).notNull()
                table.column("updatedBoot", .text).notNull()
                table.column("updatedMonotonic", .integer).notNull()
                table.column("ended", .boolean).notNull()
            }
            try db.create(index: "play_source_resource", on: "play", columns: ["source", "resourceID", "id"])
        }
        migrator.registerMigration("v2 usage outbox", migrate: Self.migrateUsageOutbox)
        return migrator
    }
}
