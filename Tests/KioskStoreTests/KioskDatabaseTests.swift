import Foundation
import GRDB
import KioskCore
import KioskTesting
import PoolFormat
import Testing

@testable import KioskStore

@Suite("Kiosk database")
struct KioskDatabaseTests {
    let fixture = StoreFixture()

    @Test func usesWALWithFullSynchronousWrites() async throws {
        let database = try fixture.open()
        let (journal, synchronous) = try await database.writer.write { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
        }
        #expect(journal == "wal")
        #expect(synchronous == 2, "2 is FULL")
        #expect(try await database.quickCheck() == "ok")
    }

    @Test func migrationsAreNamedAndRunOnce() async throws {
        let database = try fixture.open()
        let applied = try await database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        }
        #expect(
            applied == [
                "v1 settings and installation id", "v1 cache index", "v1 catalog", "v1 play log", "v2 usage outbox",
            ])
    }

    @Test func playsLoggedBeforeTheUsageMigrationAreCountedAfterIt() async throws {
        // A database of the previous version, with a play that reached 95 % and then sought back.
        try Self.previousVersion(at: fixture.path)
        let database = try fixture.open()
        let row = try database.writer.read { db in
            try Row.fetchOne(db, sql: "SELECT furthestPosition FROM play WHERE token = 'old'")
        }
        #expect(row?["furthestPosition"] == 570.0)
        #expect(
            try await SQLiteUsageOutbox(database: database).status(
                now: .init(wallMilliseconds: 0, bootID: "b1", monotonicNanoseconds: 0)
            ).unbatchedPlays == 1)
    }

    @Test func installationIDIsMadeOnceAndSurvivesReopening() async throws {
        let first = try fixture.open()
        let id = try await first.installationID()
        #expect(UUID(uuidString: id) != nil && id == id.lowercased())
        try await StoreFixture.installDemo(into: first)
        try first.close()

        let reopened = try fixture.open()
        #expect(try await reopened.installationID() == id)
        #expect(try await reopened.setting(Setting.poolName) == "测试池")
        #expect(try await SQLiteCatalog(database: reopened).home(source: .tv).categories.count == 9)
        let other = StoreFixture()
        #expect(try await other.open().installationID() != id, "a new database is a new installation")
    }

    @Test func resourceWithoutVerifiedFilesIsRefusedAndNothingChanges() async throws {
        let database = try fixture.open()
        try await StoreFixture.installDemo(into: database, only: ["KJ-CX-01"])
        let manifest = try StoreFixture.demoManifest()
        let resource = try #require(manifest.resources.first { $0.id == "SX-JF-01" })
        await #expect(throws: (any Error).self) {
            try await database.commitInstall(
                resources: [InstallableResource(resource: resource, position: 0)], files: [], poolName: "x",
                publishedAt: "y", installedAt: 2)
        }
        let home = try await SQLiteCatalog(database: database).home(source: .tv)
        #expect(home.categories.map(\.name) == ["科技应用"])
        #expect(try await database.setting(Setting.poolName) == "测试池")
    }

    @Test func replacedFilesBecomeUnreferenced() async throws {
        let database = try fixture.open()
        try await StoreFixture.installDemo(into: database)
        #expect(try await database.unreferencedFiles().isEmpty)
        var resource = try #require(try StoreFixture.demoManifest().resources.first { $0.id == "KJ-CX-01" })
        let oldMedia = try #require(resource.media)
        resource.media?.sha256 = String(repeating: "e", count: 64)
        try await database.commitInstall(
            resources: [InstallableResource(resource: resource, position: 7)],
            files: [StoreFixture.cached(resource.media!)],
            poolName: "测试池", publishedAt: "z", installedAt: 3)
        let unused = try await database.unreferencedFiles()
        #expect(unused.map(\.sha256) == [oldMedia.sha256])
        try await database.forgetFiles(sha256: unused.map(\.sha256) + [resource.cover.sha256])
        #expect(try await database.cachedFiles().count == 33, "the new media is added, the cover still in use is kept")
    }

    @Test func writesChangeTheGeneration() async throws {
        let database = try fixture.open()
        let catalog = SQLiteCatalog(database: database)
        let before = catalog.generation
        try await StoreFixture.installDemo(into: database)
        let installed = catalog.generation
        try await StoreFixture.play("KJ-CX-01", on: .tv, position: 5, played: 5, duration: 20, in: database)
        #expect(before < installed && installed < catalog.generation)
    }

    /// A database migrated up to the play log only, holding one play that reached 95 % and sought back.
    static func previousVersion(at path: String) throws {
        let pool = try DatabasePool(path: path)
        try KioskDatabase.migrator.migrate(pool, upTo: "v1 play log")
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO play (token, resourceID, source, durationSeconds, startedWall, startedBoot,
                      startedMonotonic, startPosition, position, playedSeconds, updatedWall, updatedBoot,
                      updatedMonotonic, ended) VALUES ('old', 'R1', 'tv', 600, 1, 'b0', 1, 570, 300, 31, 2, 'b0', 2, 1)
                    """)
        }
        try pool.close()
    }
}
