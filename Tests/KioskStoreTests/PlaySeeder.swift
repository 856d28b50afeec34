import Foundation
import GRDB
import KioskCore
import KioskTesting
import PoolFormat
import Testing

@testable import KioskStore

/// Writes plays straight into the `play` table (as a test or a benchmark seeds a database) and
/// reads them back as usage counting sees them.
struct PlaySeeder {
    let database: KioskDatabase

    func insert(_ plays: [CountablePlay]) async throws {
        try await database.writer.write { db in
            let statement = try db.makeStatement(
                sql: """
                    INSERT INTO play (token, resourceID, source, durationSeconds, startedWall, startedBoot,
                      startedMonotonic, startPosition, position, playedSeconds, updatedWall, updatedBoot,
                      updatedMonotonic, ended, furthestPosition)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for play in plays {
                try statement.execute(arguments: [
                    UUID().uuidString, play.resourceID, play.source.rawValue, play.durationSeconds,
                    play.started.wallMilliseconds, play.started.bootID, play.started.monotonicNanoseconds,
                    play.furthestPosition, play.playedSeconds, play.updated.wallMilliseconds, play.updated.bootID,
                    play.updated.monotonicNanoseconds, play.ended, play.furthestPosition,
                ])
            }
        }
    }

    /// Every play, with whether a batch counted it, by id.
    func all() async throws -> [(id: Int64, play: CountablePlay)] {
        try await database.writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT play.*, EXISTS (SELECT 1 FROM playBatchRange r WHERE r.firstID <= play.id AND r.lastID >= play.id)
                      AS counted
                    FROM play ORDER BY id
                    """
            ).map { row in
                let play = CountablePlay(
                    resourceID: row["resourceID"], source: PlaySource(rawValue: row["source"]) ?? .phone,
                    durationSeconds: row["durationSeconds"],
                    started: EventTime(
                        wallMilliseconds: row["startedWall"], bootID: row["startedBoot"],
                        monotonicNanoseconds: row["startedMonotonic"]),
                    updated: EventTime(
                        wallMilliseconds: row["updatedWall"], bootID: row["updatedBoot"],
                        monotonicNanoseconds: row["updatedMonotonic"]),
                    ended: row["ended"], playedSeconds: row["playedSeconds"],
                    furthestPosition: row["furthestPosition"], batched: row["counted"])
                return (row["id"], play)
            }
        }
    }

    /// More progress on play `id`, as the play log writes it.
    func progress(id: Int64, played: Double, furthest: Double, ended: Bool, at time: EventTime) async throws {
        try await database.writer.write { db in
            try db.execute(
                sql: """
                    UPDATE play SET playedSeconds = MAX(playedSeconds, ?), furthestPosition = MAX(furthestPosition, ?),
                      position = ?, ended = ended OR ?, updatedWall = ?, updatedBoot = ?, updatedMonotonic = ?
                    WHERE id = ?
                    """,
                arguments: [
                    played, furthest, furthest, ended, time.wallMilliseconds, time.bootID, time.monotonicNanoseconds,
                    id,
                ])
        }
    }

    /// The counts of batches `numbers`, in order.
    func counts(of numbers: [Int]) async throws -> [UsageCount] {
        var counts: [UsageCount] = []
        for number in numbers {
            let body = try #require(try await SQLiteUsageOutbox(database: database).body(ofBatch: number))
            counts += try UsageBatchDecoder.decode(Data(body)).counts
        }
        return counts
    }
}
