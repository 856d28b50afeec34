import GRDB

extension KioskDatabase {
    /// The usage issue: the furthest position of plays, which batch counted which plays, the
    /// boots whose clock became trusted, and the outbox of numbered batches (docs/usage.md).
    static func migrateUsageOutbox(_ db: Database) throws {
        // The furthest position reported: completions count it, not the last position.
        try db.alter(table: "play") { table in table.add(column: "furthestPosition", .double).notNull().defaults(to: 0)
        }
        try db.execute(sql: "UPDATE play SET furthestPosition = MAX(startPosition, position)")
        // Which plays a batch counted: runs of play ids, each with the (last) batch of the
        // transaction that counted them. Below the setting `usage.countedBelow` every play is
        // counted, so batching reads only the plays from there on, and marking a million plays
        // is one row here rather than a million rows rewritten.
        try db.create(table: "playBatchRange") { table in
            table.primaryKey("firstID", .integer)
            table.column("lastID", .integer).notNull().indexed()
            table.column("batch", .integer).notNull()
        }
        try db.create(table: "clockTrust") { table in
            table.primaryKey("bootID", .text)
            // True milliseconds since 1970 minus the boot's monotonic milliseconds.
            table.column("offsetMilliseconds", .integer).notNull()
            table.column("source", .text).notNull().check { ["kernel", "hub"].contains($0) }
            // The wall clock when it was learned, for people reading the table.
            table.column("learnedAtWall", .integer).notNull()
        }
        try db.create(table: "usageBatch") { table in
            // 1, 2, 3 … without gaps: the installation's sequence number.
            table.primaryKey("number", .integer)
            // The exact bytes sent on every attempt.
            table.column("body", .blob).notNull()
            table.column("createdAt", .text).notNull()
            table.column("counts", .integer).notNull()
            table.column("plays", .integer).notNull()
            table.column("acknowledgedAt", .text)
            table.column("attempts", .integer).notNull().defaults(to: 0)
            // JSON of the last UploadFailure while the batch is pending.
            table.column("lastFailure", .text)
        }
        try db.create(
            index: "usageBatch_pending", on: "usageBatch", columns: ["number"],
            condition: Column("acknowledgedAt") == nil)
        // A batch is never rewritten (USAGE-PROTOCOL.md): the database itself refuses to.
        try db.execute(
            sql: """
                CREATE TRIGGER usageBatch_immutable BEFORE UPDATE OF number, body, createdAt, counts, plays ON usageBatch
                BEGIN SELECT RAISE(ABORT, 'a usage batch is never rewritten'); END
                """)
    }
}
