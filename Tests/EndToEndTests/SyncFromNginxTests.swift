import ContentStore
import Foundation
import KioskCore
import KioskStore
import KioskTesting
import Testing

/// `yinling sync` against real nginx on 127.0.0.1 serving a published pool.
@Suite("End to end: sync from nginx")
struct SyncFromNginxTests {
    /// A site that syncs from `nginx`, with `curation` lines under `[curation]`.
    static func site(_ nginx: Nginx, curation: String = "", pool: String = "", at site: KioskSite? = nil) throws
        -> KioskSite
    {
        let configuration = """
            [pool]
            url = "\(nginx.baseURL)manifest.json"
            trusted_keys = ["\(TestPool.publicKey)"]
            \(pool)
            [curation]
            reserve = 0
            \(curation)
            """
        guard let site else { return try KioskSite(extra: configuration) }
        try """
        [storage]
        data_dir = "\(site.dataDirectory)"
        cache_dir = "\(site.cacheDirectory)"
        \(configuration)
        """.write(toFile: site.config, atomically: true, encoding: .utf8)
        return site
    }

    /// Bytes of pool files (not the manifest) nginx sent.
    static func fileBytes(_ nginx: Nginx) -> Int64 {
        nginx.accessLog.filter { $0.path.hasPrefix("/media/") || $0.path.hasPrefix("/covers/") }
            .reduce(0) { $0 + $1.bodyBytes }
    }

    @Test func fullSyncThenNothingThenACurationChangeThatEvictsAndAdds() async throws {
        let pool = try TestPool()
        let nginx = try await Nginx(serving: pool.path)
        defer { nginx.stop() }

        let site = try Self.site(nginx, curation: #"categories = ["养生保健"]"#)
        let first = try await SyncTests.sync(site)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("added 4, kept 0, evicted 0, failed 0"))
        #expect(try await SyncTests.catalog(site) == ["YS-TJQ-01", "YS-TJQ-02", "YS-TJQ-03", "YS-TJQ-04"])

        let second = try await SyncTests.sync(site)
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect(second.stdout.contains("added 0, kept 4, evicted 0, failed 0; downloaded 0 B"))
        let afterTwo = Self.fileBytes(nginx)

        _ = try Self.site(nginx, curation: #"categories = ["科技应用"]"#, at: site)
        let third = try await SyncTests.sync(site)
        #expect(third.status == 0, "\(third.stdout)\(third.stderr)")
        #expect(third.stdout.contains("added 4, kept 0, evicted 4, failed 0"))
        #expect(try await SyncTests.catalog(site) == ["KJ-WX-01", "KJ-WX-02", "KJ-WX-03", "KJ-CX-01"])
        #expect(try SyncRefusalTests.files(site).filter { $0.hasSuffix(".mp4") }.count == 4)

        _ = try Self.site(nginx, at: site)
        let all = try await SyncTests.sync(site)
        #expect(all.stdout.contains("added 13, kept 4, evicted 0, failed 0"), "\(all.stdout)")
        // Each file crossed the wire once, the Tai Chi ones twice (evicted, then wanted again).
        let taiChi = pool.fileBytes(of: ["YS-TJQ-01", "YS-TJQ-02", "YS-TJQ-03", "YS-TJQ-04"])
        #expect(afterTwo == taiChi)
        #expect(Self.fileBytes(nginx) == pool.fileBytes() + taiChi)
    }
}

/// The real `yinling sync` killed with SIGKILL at random moments while it downloads from nginx.
@Suite("End to end: sync killed at any moment")
struct SyncKillTests {
    @Test func killedSyncsResumeAndNeverListAnUnverifiedFile() async throws {
        let pool = try TestPool()
        try pool.addCopies(of: "KJ-CX-01", count: 10, mediaBytes: 6 << 20)
        try pool.write()
        let nginx = try await Nginx(serving: pool.path)
        defer { nginx.stop() }
        // Metered, so that a run downloads for long enough to be cut in the middle of a file.
        let site = try SyncFromNginxTests.site(nginx, pool: "bandwidth_limit = \"2 MiB\"")
        var generator = SystemRandomNumberGenerator()
        var kills = 0
        var attempts = 0
        while kills < 22, attempts < 60 {
            attempts += 1
            let sync = try ChildProcess(KioskSite.yinling, ["sync", "--config", site.config])
            let jitter = Duration.milliseconds(Int.random(in: 0..<200, using: &generator))
            sync.sigkill(whenOutputContains: attempts % 4 == 0 ? "ready" : "started", after: jitter)
            _ = try await sync.wait(timeout: .seconds(60))
            if sync.endedBySignal { kills += 1 }
            try await CatalogCheck.verify(site)
        }
        #expect(kills >= 20, "SIGKILLs that interrupted a running sync: \(kills) of \(attempts) runs")
        _ = try SyncFromNginxTests.site(nginx, at: site)  // the rest at full speed
        let final = try await SyncTests.sync(site)
        #expect(final.status == 0, "\(final.stdout)\(final.stderr)")
        #expect(try await SyncTests.catalog(site).count == 27)
        try await CatalogCheck.verify(site)
        let poolBytes = pool.fileBytes()
        let sent = SyncFromNginxTests.fileBytes(nginx)
        print("sync killed \(kills) times in \(attempts) runs: nginx sent \(sent) bytes for a pool of \(poolBytes)")
        // One chunk per kill: the 256 KiB batch being hashed plus what the sockets held: nginx's send
        // buffer (64 KiB) and the kiosk's receive buffer, which loopback autotuning grows past 1 MiB
        // when the reader lags (a loaded machine: 1.3 MiB a kill on average was seen in a full
        // `swift test`); 2 MiB a kill. Starting over would resend everything downloaded so far.
        #expect(sent <= poolBytes + Int64(kills) * (2 << 20), "sent \(sent) for a pool of \(poolBytes), \(kills) kills")
        #expect(sent >= poolBytes)
    }
}

/// What must hold after any interruption: every file the catalog lists is on disk and verifies,
/// and SQLite is intact.
enum CatalogCheck {
    static func verify(_ site: KioskSite) async throws {
        let path = site.dataDirectory + "/kiosk.sqlite"
        guard FileManager.default.fileExists(atPath: path) else { return }
        let database = try KioskDatabase(path: path)
        defer { try? database.close() }
        #expect(try await database.quickCheck() == "ok")
        let listed = try await database.cachedFiles()
        for file in listed {
            let (sha256, bytes) = try ContentStore.hash(fileAt: site.cacheDirectory + "/" + file.relativePath)
            #expect(sha256 == file.sha256 && bytes == file.bytes, "\(file.relativePath) does not verify")
        }
        let catalog = try await database.catalogIDs()
        #expect(catalog.isEmpty || !listed.isEmpty)
    }
}
