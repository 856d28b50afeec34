import Foundation
import GRDB
import KioskCore

extension SQLiteUsageOutbox {
    /// What the database says about usage at `now`: batches waiting, the last acknowledged, the
    /// current problem, plays not yet batched, and whether this boot's clock is trusted.
    public func status(now: EventTime) async throws -> UsageStatus {
        try await database.writer.read { db in
            var status = UsageStatus()
            status.pendingBatches =
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM usageBatch WHERE acknowledgedAt IS NULL") ?? 0
            status.lastBatch = try Int.fetchOne(db, sql: "SELECT MAX(number) FROM usageBatch")
            if let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT number, acknowledgedAt FROM usageBatch WHERE acknowledgedAt IS NOT NULL
                    ORDER BY number DESC LIMIT 1
                    """)
            {
                status.lastAcknowledgedBatch = row["number"]
                status.lastAcknowledgedAt = row["acknowledgedAt"]
            }
            if let text = try String.fetchOne(
                db, sql: "SELECT lastFailure FROM usageBatch WHERE acknowledgedAt IS NULL ORDER BY number LIMIT 1")
            {
                status.lastError = try? JSONDecoder().decode(UploadFailure.self, from: Data(text.utf8))
            }
            let uncounted = """
                id >= :from AND NOT EXISTS (
                  SELECT 1 FROM playBatchRange r WHERE r.lastID >= play.id AND r.firstID <= play.id)
                """
            let from = try Self.countedBelow(db)
            status.unbatchedPlays =
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM play WHERE \(uncounted)", arguments: ["from": from])
                ?? 0
            status.clockTrusted =
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM clockTrust WHERE bootID = ?)", arguments: [now.bootID])
                ?? false
            if !status.clockTrusted {
                status.waitingForClock =
                    try Int.fetchOne(
                        db,
                        sql: """
                            SELECT COUNT(*) FROM play WHERE \(uncounted) AND startedBoot = :boot
                              AND (ended = 1 OR updatedBoot != :boot OR updatedMonotonic <= :settledBefore)
                            """,
                        arguments: [
                            "from": from, "boot": now.bootID,
                            "settledBefore": now.monotonicNanoseconds - PlayCounting.settleSeconds * 1_000_000_000,
                        ]) ?? 0
            }
            return status
        }
    }
}
