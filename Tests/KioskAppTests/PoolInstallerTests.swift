import ContentStore
import Foundation
import KioskApp
import KioskCore
import KioskStore
import KioskTesting
import PoolFormat
import Testing

@Suite("Installing a pool directory")
struct PoolInstallerTests {
    let directory = TemporaryDirectory("install")

    func runtime() throws -> KioskRuntime {
        var configuration = KioskConfiguration()
        configuration.storage.dataDirectory = directory.appending("data")
        configuration.storage.cacheDirectory = directory.appending("cache")
        configuration.pool.trustedKeys = [Repository.demoPublicKey, TestPool.publicKey]
        return try KioskRuntime.open(configuration, purpose: "test")
    }

    func playableIDs(_ runtime: KioskRuntime) async throws -> Set<String> {
        let catalog = SQLiteCatalog(database: runtime.database)
        var ids: Set<String> = []
        for tile in try await catalog.home(source: .tv).categories {
            for entry in try await catalog.category(named: tile.name)?.entries ?? [] {
                if entry.kind == .resource {
                    ids.insert(entry.id)
                } else {
                    ids.formUnion(try await catalog.series(named: entry.id, source: .tv)?.episodes.map(\.id) ?? [])
                }
            }
        }
        return ids
    }

    @Test func badEntriesAreRefusedByIdAndTheRestInstalls() async throws {
        let pool = try TestPool()
        try pool.breakThreeEntries()

        let runtime = try runtime()
        let report = try await runtime.installer.install(poolDirectory: pool.path)
        #expect(Set(report.refused.map(\.id)) == TestPool.brokenIDs)
        let reasons = Dictionary(report.refused, uniquingKeysWith: { $1 })
        #expect(reasons["KJ-CX-01"]?.contains("media.path") == true && reasons["KJ-CX-01"]?.contains("'..'") == true)
        #expect(reasons["SX-JF-01"]?.contains("duplicate") == true)
        #expect(
            reasons["LC-CS-01"]?.contains("media: ") == true && reasons["LC-CS-01"]?.contains("sha256 mismatch") == true
        )
        #expect(report.installed.count == 14 && !report.isComplete)
        let playable = try await playableIDs(runtime)
        #expect(playable.count == 13, "14 installed, minus the online course")
        #expect(playable.isDisjoint(with: ["KJ-CX-01", "LC-CS-01", "WH-SF-01"]))
        #expect(playable.contains("SX-JF-01"), "the first entry with a duplicated id stays")
        // Nothing half-copied is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: runtime.cache.partialDirectory).isEmpty)
    }

    @Test func aBadNewVersionNeverRemovesWhatAlreadyPlays() async throws {
        let runtime = try runtime()
        #expect(try await runtime.installer.install(poolDirectory: Repository.demoPool).isComplete)
        let before = try await SQLiteCatalog(database: runtime.database).resource(id: "LC-CS-01", source: .tv)

        let pool = try TestPool()
        try pool.corrupt(relativePath: pool.file("LC-CS-01", "media")["path"] as! String)
        pool.setFile("LC-CS-01", "media", "sha256", String(repeating: "b", count: 64))
        pool.setFile("LC-CS-01", "media", "path", "media/bb/\(String(repeating: "b", count: 64)).mp4")
        var entries = pool.resources
        entries[pool.index(of: "LC-CS-01")]["title"] = "新版本"
        pool.resources = entries
        try pool.write()
        let report = try await runtime.installer.install(poolDirectory: pool.path)
        #expect(report.refused.map(\.id) == ["LC-CS-01"])

        let after = try #require(
            try await SQLiteCatalog(database: runtime.database).resource(id: "LC-CS-01", source: .tv))
        #expect(after == before, "the old, verified version still plays")
        let sha = after.media.url.dropFirst("/media/".count).prefix(64)
        #expect(runtime.cache.holds("media/\(sha.prefix(2))/\(sha).mp4", bytes: after.media.bytes))
    }

    @Test func filesNoLongerUsedAreDeletedAfterTheCatalogMovesOn() async throws {
        let runtime = try runtime()
        _ = try await runtime.installer.install(poolDirectory: Repository.demoPool)
        let pool = try TestPool()
        // KJ-CX-01 now uses the media file of KJ-WX-01: its own file is no longer needed.
        let oldSHA = pool.file("KJ-CX-01", "media")["sha256"] as! String
        var entries = pool.resources
        entries[pool.index(of: "KJ-CX-01")]["media"] = pool.file("KJ-WX-01", "media")
        pool.resources = entries
        try pool.write()
        let report = try await runtime.installer.install(poolDirectory: pool.path)
        #expect(report.isComplete && report.removedFiles == 1 && report.copiedFiles == 0)
        #expect(
            !FileManager.default.fileExists(atPath: runtime.cache.path(of: "media/\(oldSHA.prefix(2))/\(oldSHA).mp4")))
        #expect(try await runtime.database.file(oldSHA) == nil)
    }

    @Test func aManifestThatCannotBeReadChangesNothing() async throws {
        let runtime = try runtime()
        _ = try await runtime.installer.install(poolDirectory: Repository.demoPool)
        let pool = try TestPool()
        pool.manifest["format"] = "yinling-pool/9"
        try pool.write()
        await #expect {
            _ = try await runtime.installer.install(poolDirectory: pool.path)
        } throws: { "\($0)".contains("yinling-pool/9") && "\($0)".contains("nothing was changed") }
        await #expect {
            _ = try await runtime.installer.install(poolDirectory: directory.path)
        } throws: { "\($0)".contains("no manifest.json") }
        #expect(try await playableIDs(runtime).count == 16)
    }

    @Test func anUnsignedOrUntrustedPoolIsRefused() async throws {
        let runtime = try runtime()
        let pool = try TestPool()
        try FileManager.default.removeItem(atPath: pool.path + "/manifest.json.sig")
        await #expect {
            _ = try await runtime.installer.install(poolDirectory: pool.path)
        } throws: { "\($0)".contains("manifest.json.sig is missing") && "\($0)".contains("nothing was changed") }
        try ManifestSignature.sign(
            try Data(contentsOf: URL(fileURLWithPath: pool.path + "/manifest.json")), with: .generate()
        ).write(to: URL(fileURLWithPath: pool.path + "/manifest.json.sig"))
        await #expect {
            _ = try await runtime.installer.install(poolDirectory: pool.path)
        } throws: { "\($0)".contains("does not verify with any trusted key") }
        #expect(try await playableIDs(runtime).isEmpty)
    }

    @Test func oneProcessOwnsTheDataDirectory() throws {
        let first = try runtime()
        #expect {
            _ = try runtime()
        } throws: { "\($0)".contains("another yinling process (pid") && "\($0)".contains("test") }
        _ = first
    }
}

extension KioskDatabase {
    /// The cache entry for a hash, for assertions.
    func file(_ sha256: String) async throws -> CachedFile? {
        try await SQLiteCatalog(database: self).file(sha256: sha256)
    }
}
