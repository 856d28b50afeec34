import Foundation
import GRDB
import HubCore
import PoolFormat

/// ``UsageStore`` in the hub's SQLite database.
///
/// Each batch is written in a savepoint: its `batch` row first (`INSERT … ON CONFLICT DO
/// NOTHING` on the unique (site, installation, number)), then, only if that row was new, its body
/// (`batchBody`) and its counts added to the sums per site, year and resource (`total`). Concurrent batches share one transaction (``GroupCommit``), so ingest is not limited to one
/// fsync per batch; a batch is acknowledged only after the transaction holding it committed.
public final class SQLiteUsageStore: UsageStore {
    let database: HubDatabase
    private let commits: GroupCommit<ReceivedBatch, IngestOutcome>

    /// - Parameter maximumGroup: batches written in one transaction at most (1: one each).
    public init(database: HubDatabase, maximumGroup: Int = 64) {
        self.database = database
        let writer = database.writer
        commits = GroupCommit(maximumGroup: maximumGroup) { batches in
            await Self.write(batches, to: writer)
        }
    }

    public func ingest(_ batch: ReceivedBatch) async throws -> IngestOutcome {
        try await commits.submit(batch)
    }

    /// Writes `batches` in one transaction, each in its savepoint. The callback form of GRDB's
    /// write runs on its writer queue and ignores task cancellation, so a group is never abandoned
    /// because the request that leads it was cancelled.
    static func write(_ batches: [ReceivedBatch], to writer: any DatabaseWriter) async
        -> [Result<IngestOutcome, any Error>]
    {
        await withCheckedContinuation { continuation in
            writer.asyncWrite { db in
                batches.map { batch in
                    Result { () throws(StoreError) -> IngestOutcome in try store(batch, in: db) }
                        .mapError { $0 as any Error }
                }
            } completion: { _, result in
                switch result {
                case .success(let outcomes):
                    continuation.resume(returning: outcomes)
                case .failure(let error):
                    // The commit failed: nothing of the group is stored.
                    let failure = StoreError(
                        .write, "cannot store usage batches: \(HubDatabase.describe(error))", underlying: error)
                    continuation.resume(returning: Array(repeating: .failure(failure), count: batches.count))
                }
            }
        }
    }

    private static func store(_ received: ReceivedBatch, in db: Database) throws(StoreError) -> IngestOutcome {
        let batch = received.batch
        var outcome = IngestOutcome.stored
        do {
            try db.inSavepoint {
                let insert = try db.cachedStatement(
                    sql: """
                        INSERT INTO batch (site, installation, number, bodySHA256, bodyBytes, createdAt, kioskVersion, \
                        receivedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (site, installation, number) DO NOTHING
                        """)
                try insert.execute(arguments: [
                    batch.site, batch.installation, batch.batch, received.bodySHA256, received.bodyBytes,
                    batch.createdAt, batch.kiosk.version, HubDatabase.milliseconds(received.receivedAt),
                ])
                guard db.changesCount == 1 else {
                    let stored = try String.fetchOne(
                        db, sql: "SELECT bodySHA256 FROM batch WHERE site = ? AND installation = ? AND number = ?",
                        arguments: [batch.site, batch.installation, batch.batch])
                    outcome = stored == received.bodySHA256 ? .duplicate : .conflict(storedSHA256: stored ?? "")
                    return .commit
                }
                try insertCounts(of: received, batchID: db.lastInsertedRowID, in: db)
                return .commit
            }
        } catch {
            throw StoreError(
                .write, "cannot store batch \(received.key): \(HubDatabase.describe(error))", underlying: error)
        }
        return outcome
    }
}
