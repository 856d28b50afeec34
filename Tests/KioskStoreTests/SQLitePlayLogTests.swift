import GRDB
import KioskCore
import KioskTesting
import Testing

@testable import KioskStore

@Suite("Play log in SQLite")
struct SQLitePlayLogTests {
    let fixture = StoreFixture()

    @Test func playIsDurableWithItsClocksAndOnlyGrows() async throws {
        let database = try fixture.open()
        let log = SQLitePlayLog(database: database)
        let start = EventTime(
            wallMilliseconds: 1_790_000_000_000, bootID: "boot-a", monotonicNanoseconds: 42_000_000_000)
        let record = PlayRecord(
            token: "t1", resourceID: "R1", source: .phone, durationSeconds: 60, started: start, startPosition: 3,
            position: 3, playedSeconds: 0, updated: start, ended: false)
        #expect(try await log.start(record) == record)
        let later = EventTime(
            wallMilliseconds: 1_790_000_010_000, bootID: "boot-a", monotonicNanoseconds: 52_000_000_000)
        _ = try await log.update(
            token: "t1", with: PlayUpdate(position: 13, playedSeconds: 10, ended: false, at: later))
        _ = try await log.update(token: "t1", with: PlayUpdate(position: 12, playedSeconds: 9, ended: true, at: later))
        try database.close()

        let reopened = try fixture.open()
        let stored = try #require(try await SQLitePlayLog(database: reopened).play(token: "t1"))
        #expect(stored.started == start && stored.updated == later && stored.startPosition == 3)
        #expect(stored.position == 12 && stored.playedSeconds == 10 && stored.ended)
        #expect(try await SQLitePlayLog(database: reopened).play(token: "nope") == nil)
        await #expect(throws: KioskError.self) {
            _ = try await SQLitePlayLog(database: reopened).update(
                token: "nope", with: PlayUpdate(position: 1, playedSeconds: 1, ended: false, at: later))
        }
    }

    @Test func sourceMustBeTVOrPhone() async throws {
        let database = try fixture.open()
        await #expect(throws: DatabaseError.self) {
            try await database.writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO play (token, resourceID, source, durationSeconds, startedWall, startedBoot,
                          startedMonotonic, startPosition, position, playedSeconds, updatedWall, updatedBoot,
                          updatedMonotonic, ended) VALUES ('x', 'R', 'radio', 1, 1, 'b', 1, 0, 0, 0, 1, 'b', 1, 0)
                        """)
            }
        }
    }
}
