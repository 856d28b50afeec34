import Foundation
import KioskStore
import KioskTesting
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
