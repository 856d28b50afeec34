import Foundation
import KioskStore
import KioskTesting
import PoolFormat
import Testing

/// `yinling sync`, the real executable, from a signed pool directory.
@Suite("End to end: sync")
struct SyncTests {
    /// A site whose configuration points at `pool` and trusts its key.
    static func site(_ pool: TestPool, curation: String = "", trust: String? = nil) throws -> KioskSite {
        try KioskSite(
            extra: """
                [pool]
                url = "\(pool.path)"
                trusted_keys = ["\(trust ?? pool.publicKey)"]
                [curation]
                reserve = 0
                \(curation)
                """)
    }

    static func sync(_ site: KioskSite, _ arguments: [String] = []) async throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        try await ChildProcess.run(KioskSite.yinling, ["sync", "--config", site.config] + arguments)
    }

    static func catalog(_ site: KioskSite) async throws -> Set<String> {
        let database = try KioskDatabase(path: site.dataDirectory + "/kiosk.sqlite")
        defer { try? database.close() }
        return try await database.catalogIDs()
    }

    @Test func fullSyncThenNothingThenCurationChange() async throws {
        let pool = try TestPool()
        let site = try Self.site(pool)
        let first = try await Self.sync(site)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("signature verified"))
        #expect(first.stdout.contains("summary    added 17, kept 0, evicted 0, failed 0"))
        #expect(try await Self.catalog(site).count == 17)

        let second = try await Self.sync(site)
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect(second.stdout.contains("added 0, kept 17, evicted 0, failed 0; downloaded 0 B"))

        let narrowed = try Self.site(pool, curation: #"categories = ["养生保健"]"#)
        try FileManager.default.removeItem(atPath: narrowed.directory.path)
        try FileManager.default.copyItem(atPath: site.directory.path, toPath: narrowed.directory.path)
        try """
        [storage]
        data_dir = "\(site.dataDirectory)"
        cache_dir = "\(site.cacheDirectory)"
        [pool]
        url = "\(pool.path)"
        trusted_keys = ["\(pool.publicKey)"]
        [curation]
        reserve = 0
        categories = ["养生保健"]
        """.write(toFile: site.config, atomically: true, encoding: .utf8)
        let third = try await Self.sync(site)
        #expect(third.status == 0, "\(third.stdout)\(third.stderr)")
        #expect(third.stdout.contains("added 0, kept 4, evicted 13"))
        #expect(try await Self.catalog(site) == ["YS-TJQ-01", "YS-TJQ-02", "YS-TJQ-03", "YS-TJQ-04"])
        let mediaFiles = FileManager.default.enumerator(atPath: site.cacheDirectory + "/media")?
            .compactMap { $0 as? String }.filter { $0.hasSuffix(".mp4") || $0.hasSuffix(".mp3") }
        #expect(mediaFiles?.count == 4)
    }

    @Test func dryRunPrintsAPlanAndChangesNothing() async throws {
        let pool = try TestPool()
        let site = try Self.site(pool)
        let result = try await Self.sync(site, ["--dry-run"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("Plan for 老年教育资源共享池"))
        #expect(result.stdout.contains("Download 17 resource(s)"))
        #expect(result.stdout.contains("YS-TJQ-01  太极拳入门 第1集"))
        #expect(result.stdout.contains("Nothing was downloaded or changed (dry run)."))
        #expect(try await Self.catalog(site).isEmpty)
    }
}

/// One owner: while `yinling serve` runs, `yinling sync` and `yinling status` ask it.
@Suite("End to end: sync through the service")
struct SyncThroughServiceTests {
    @Test func syncAndStatusGoThroughTheRunningService() async throws {
        let pool = try TestPool()
        let site = try SyncTests.site(pool)
        let (server, port) = try await site.serve()
        defer { server.signal(SIGTERM) }
        let synced = try await SyncTests.sync(site)
        #expect(synced.status == 0, "\(synced.stdout)\(synced.stderr)")
        #expect(synced.stdout.contains("yinling serve is running: it does the sync"))
        #expect(synced.stdout.contains("summary    added 17, kept 0, evicted 0, failed 0"))
        let home = try await withClient(port: port) { try await $0.json("/api/v1/home") }
        #expect((home["categories"] as? [Any])?.count == 9)

        let status = try await ChildProcess.run(KioskSite.yinling, ["status", "--config", site.config])
        #expect(status.status == 0, "\(status.stdout)\(status.stderr)")
        #expect(status.stdout.contains("Service:   running"))
        #expect(status.stdout.contains("Last sync: finished"))
        #expect(status.stdout.contains("categories          all   (config file)"))

        let again = try await SyncTests.sync(site, ["--json"])
        #expect(again.status == 0)
        #expect(again.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("{") })
    }
}

/// Bad pools never touch what is cached: each refusal names the reason.
@Suite("End to end: sync refuses bad manifests")
struct SyncRefusalTests {
    enum Damage: String, CaseIterable, Sendable {
        case unsigned, tampered, untrusted, unknownFormat, truncated, missingManifest
    }

    @Test(arguments: Damage.allCases)
    func badManifestLeavesTheCacheUntouched(_ damage: Damage) async throws {
        let pool = try TestPool()
        let site = try SyncTests.site(pool)
        #expect(try await SyncTests.sync(site).status == 0)
        let filesBefore = try Self.files(site)
        let manifestPath = pool.path + "/manifest.json"
        switch damage {
        case .unsigned:
            try FileManager.default.removeItem(atPath: pool.path + "/" + ManifestSignature.fileName)
        case .tampered:
            pool.resources = Array(pool.resources.prefix(3))
            let data = try JSONSerialization.data(withJSONObject: pool.manifest)
            try data.write(to: URL(fileURLWithPath: manifestPath))
        case .untrusted:
            let stranger = PoolSigningKey.generate()
            let data = try Data(contentsOf: URL(fileURLWithPath: manifestPath))
            try ManifestSignature.sign(data, with: stranger).write(
                to: URL(fileURLWithPath: pool.path + "/" + ManifestSignature.fileName))
        case .unknownFormat:
            pool.manifest["format"] = "yinling-pool/9"
            try pool.write()
        case .truncated:
            let data = try Data(contentsOf: URL(fileURLWithPath: manifestPath))
            try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: manifestPath))
            try pool.sign()
        case .missingManifest:
            try FileManager.default.removeItem(atPath: manifestPath)
        }
        let result = try await SyncTests.sync(site)
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        let expected: [Damage: String] = [
            .unsigned: "manifest.json.sig is missing", .tampered: "does not verify with any trusted key",
            .untrusted: "does not verify with any trusted key", .unknownFormat: "format \"yinling-pool/9\"",
            .truncated: "is not a JSON object", .missingManifest: "no manifest.json",
        ]
        #expect(result.stdout.contains(expected[damage]!), "\(result.stdout)")
        #expect(result.stdout.contains("nothing was changed"))
        #expect(try await SyncTests.catalog(site).count == 17)
        #expect(try Self.files(site) == filesBefore)
    }

    @Test func badEntriesAreRefusedByIDAndTheRestSyncs() async throws {
        let pool = try TestPool()
        try pool.breakThreeEntries()  // a traversal path, a duplicate id, a file whose bytes are wrong
        let site = try SyncTests.site(pool)
        let result = try await SyncTests.sync(site)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("REFUSED    KJ-CX-01") && result.stdout.contains(".."), "\(result.stdout)")
        #expect(
            result.stdout.contains("REFUSED    SX-JF-01") && result.stdout.contains("duplicate"), "\(result.stdout)")
        #expect(result.stdout.contains("FAILED     LC-CS-01") && result.stdout.contains("sha256 mismatch"))
        #expect(result.stdout.contains("added 14, kept 0, evicted 0, failed 3"), "\(result.stdout)")
        let catalog = try await SyncTests.catalog(site)
        // The first SX-JF-01 stays; the later entry that reused its id (WH-SF-01's) is the one left out.
        #expect(catalog.count == 14 && catalog.isDisjoint(with: ["KJ-CX-01", "LC-CS-01", "WH-SF-01"]))
        try await CatalogCheck.verify(site)
    }

    static func files(_ site: KioskSite) throws -> [String] {
        (FileManager.default.enumerator(atPath: site.cacheDirectory + "/media")?.compactMap { $0 as? String } ?? [])
            .sorted()
    }
}
