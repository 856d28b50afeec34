import GRDB

/// The database's upkeep for the running service: its liveness for the watchdog and its scheduled
/// WAL checkpoints (SD-card care: one checkpoint now and then instead of one inside a play's commit).
extension KioskDatabase {
    /// The automatic checkpoint threshold set on the writer, in pages: a safety net well above what
    /// the scheduled checkpoints leave, so commits on the request path do not checkpoint.
    public static let automaticCheckpointPages = 8192

    /// Takes and releases the write lock (`BEGIN IMMEDIATE; COMMIT`, nothing written): returns once
    /// the writer connection is free, so a stuck write stalls whoever waits here (the watchdog).
    public func writerResponds() async throws(StoreError) {
        do {
            try await writer.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                try db.execute(sql: "COMMIT")
            }
        } catch {
            throw StoreError(.write, "the database's writer did not answer: \(Self.describe(error))", underlying: error)
        }
    }

    /// Copies the WAL into the database and truncates it when it holds any frames; a no-op (nothing
    /// written) when it is empty. Returns the number of frames that were checkpointed.
    @discardableResult
    public func checkpoint() async throws(StoreError) -> Int {
        do {
            return try await writer.writeWithoutTransaction { db in
                let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)")
                let frames: Int = row?[1] ?? 0
                guard frames > 0 else { return 0 }
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                return frames
            }
        } catch {
            throw StoreError(.write, "cannot checkpoint the database: \(Self.describe(error))", underlying: error)
        }
    }
}
