import Foundation
import GRDB
import KioskCore

/// The usage outbox in the kiosk database (USAGE-PROTOCOL.md "Batches"): numbered, immutable
/// batches made from settled plays in the same transaction that marks those plays counted, and
/// the clock evidence of each boot.
public struct SQLiteUsageOutbox: UsageOutbox {
    let database: KioskDatabase

    public init(database: KioskDatabase) {
        self.database = database
    }

    public func oldestPendingBatch() async throws -> OutboxBatch? {
        try await database.writer.read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT number, body FROM usageBatch WHERE acknowledgedAt IS NULL ORDER BY number LIMIT 1")
            else { return nil }
            // Copied once, straight from SQLite's buffer: a body is up to 1 MiB.
            return OutboxBatch(number: row[0], body: try row.withUnsafeData(atIndex: 1) { [UInt8]($0 ?? Data()) })
        }
    }

    public func acknowledge(batch: Int, at: String) async throws {
        try await database.writer.write { db in
            try db.execute(
                sql: """
                    UPDATE usageBatch SET acknowledgedAt = ?, attempts = attempts + 1, lastFailure = NULL
                    WHERE number = ? AND acknowledgedAt IS NULL
                    """,
                arguments: [at, batch])
        }
    }

    public func recordFailure(_ failure: UploadFailure) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(failure), as: UTF8.self)
        try await database.writer.write { db in
            try db.execute(
                sql: "UPDATE usageBatch SET attempts = attempts + 1, lastFailure = ? WHERE number = ?",
                arguments: [text, failure.batch])
        }
    }

    public func recordEvidence(_ evidence: ClockEvidence) async throws {
        let learnedAt = Int64(Date().timeIntervalSince1970 * 1000)
        try await database.writer.write { db in
            // The first evidence of a boot stays: a later one must not move days already counted.
            try db.execute(
                sql: """
                    INSERT INTO clockTrust (bootID, offsetMilliseconds, source, learnedAtWall) VALUES (?, ?, ?, ?)
                    ON CONFLICT(bootID) DO NOTHING
                    """,
                arguments: [evidence.bootID, evidence.offsetMilliseconds, evidence.source.rawValue, learnedAt])
        }
    }

    /// The evidence of every boot whose clock became trusted.
    public func evidence() async throws -> [ClockEvidence] {
        try await database.writer.read { db in try Self.evidence(db) }
    }

    static func evidence(_ db: Database) throws -> [ClockEvidence] {
        try Row.fetchAll(db, sql: "SELECT bootID, offsetMilliseconds, source FROM clockTrust").map { row in
            ClockEvidence(
                bootID: row["bootID"], offsetMilliseconds: row["offsetMilliseconds"],
                source: ClockEvidence.Source(rawValue: row["source"]) ?? .hub)
        }
    }

    /// The batch that counted the play with `token` (the last batch of the transaction that
    /// counted it), or nil while none has.
    public func batch(ofPlayToken token: String) async throws -> Int? {
        try await database.writer.read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT r.batch FROM play p JOIN playBatchRange r ON r.firstID <= p.id AND r.lastID >= p.id
                    WHERE p.token = ?
                    """, arguments: [token])
        }
    }

    /// The stored body of batch `number` (nil when there is none): the bytes every attempt sends.
    public func body(ofBatch number: Int) async throws -> [UInt8]? {
        try await database.writer.read { db in
            try Data.fetchOne(db, sql: "SELECT body FROM usageBatch WHERE number = ?", arguments: [number])
        }.map { [UInt8]($0) }
    }
}
