import GRDB
import KioskCore

/// The ``PlayLog`` in the kiosk database: one row per play, committed before the call returns.
public struct SQLitePlayLog: PlayLog {
    let database: KioskDatabase

    public init(database: KioskDatabase) {
        self.database = database
    }

    public func start(_ play: PlayRecord) async throws -> PlayRecord {
        try await database.writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO play (token, resourceID, source, durationSeconds, startedWall, startedBoot,
                      startedMonotonic, startPosition, position, playedSeconds, updatedWall, updatedBoot,
                      updatedMonotonic, ended, furthestPosition)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    play.token, play.resourceID, play.source.rawValue, play.durationSeconds,
                    play.started.wallMilliseconds, play.started.bootID, play.started.monotonicNanoseconds,
                    play.startPosition, play.position, play.playedSeconds, play.updated.wallMilliseconds,
                    play.updated.bootID, play.updated.monotonicNanoseconds, play.ended,
                    max(play.position, play.startPosition),
                ])
        }
        database.changes.bump()
        return play
    }

    public func play(token: String) async throws -> PlayRecord? {
        try await database.writer.read { db in try Self.fetch(db, token: token) }
    }

    public func update(token: String, with update: PlayUpdate) async throws -> PlayRecord {
        let record = try await database.writer.write { db in
            try db.execute(
                sql: """
                    UPDATE play SET position = ?, playedSeconds = MAX(playedSeconds, ?), updatedWall = ?,
                      updatedBoot = ?, updatedMonotonic = ?, ended = ended OR ?,
                      furthestPosition = MAX(furthestPosition, ?)
                    WHERE token = ?
                    """,
                arguments: [
                    update.position, update.playedSeconds, update.at.wallMilliseconds, update.at.bootID,
                    update.at.monotonicNanoseconds, update.ended, update.position, token,
                ])
            return try Self.fetch(db, token: token)
        }
        guard let record else { throw KioskError(.unknownPlay, "no play with this token") }
        database.changes.bump()
        return record
    }

    static func fetch(_ db: Database, token: String) throws -> PlayRecord? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM play WHERE token = ?", arguments: [token]) else {
            return nil
        }
        return PlayRecord(
            token: row["token"], resourceID: row["resourceID"],
            source: PlaySource(rawValue: row["source"]) ?? .phone, durationSeconds: row["durationSeconds"],
            started: EventTime(
                wallMilliseconds: row["startedWall"], bootID: row["startedBoot"],
                monotonicNanoseconds: row["startedMonotonic"]),
            startPosition: row["startPosition"], position: row["position"], playedSeconds: row["playedSeconds"],
            updated: EventTime(
                wallMilliseconds: row["updatedWall"], bootID: row["updatedBoot"],
                monotonicNanoseconds: row["updatedMonotonic"]),
            ended: row["ended"])
    }
}
