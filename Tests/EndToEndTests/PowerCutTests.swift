import ContentStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import KioskCore
import KioskStore
import KioskTesting
import Testing

/// SIGKILL at random moments: the cache and the database stay usable and consistent.
/// (A SIGKILL keeps the kernel's page cache, so it proves the ordering of writes, not the fsyncs;
/// the sync issue adds qemu power cuts for those.)
@Suite("End to end: killed at any moment")
struct PowerCutTests {
    @Test func installKilledAtRandomMomentsNeverLeavesABrokenCache() async throws {
        let pool = try TestPool()
        try pool.addCopies(of: "KJ-CX-01", count: 12, mediaBytes: 16 << 20)
        try pool.write()
        let site = try KioskSite()
        var generator = SystemRandomNumberGenerator()
        var interrupted = 0
        for round in 0..<14 {
            let install = try ChildProcess(KioskSite.yinling, ["install", "--config", site.config, pool.path])
            if round < 2 {
                // While it starts: opening and migrating the database, reading the manifest.
                install.sigkill(
                    whenOutputContains: nil, after: .milliseconds(Int.random(in: 5..<40, using: &generator)))
            } else {
                // Soon after this run has copied something: mid-way through the next file or commit.
                let jitter = Duration.microseconds(Int.random(in: 0..<8000, using: &generator))
                install.sigkill(whenOutputContains: "(copied", after: jitter)
            }
            _ = try await install.wait(timeout: .seconds(60))
            if install.endedBySignal { interrupted += 1 }
            try await Self.checkConsistent(site)
        }
        #expect(interrupted >= 10, "kills interrupt running installs (\(interrupted) of 14)")
        let final = try await site.install(pool.path)
        #expect(final.status == 0, "\(final.stdout)\(final.stderr)")
        #expect(final.stdout.contains("29 installed, 0 refused"))
        try await Self.checkConsistent(site)
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.cacheDirectory + "/partial").isEmpty)
    }

    /// The database passes its check, every indexed file exists and hashes to its name, and every
    /// playable resource's files are indexed.
    static func checkConsistent(_ site: KioskSite) async throws {
        guard FileManager.default.fileExists(atPath: site.dataDirectory + "/kiosk.sqlite") else { return }
        let database = try KioskDatabase(path: site.dataDirectory + "/kiosk.sqlite")
        defer { try? database.close() }
        #expect(try await database.quickCheck() == "ok")
        for file in try await database.cachedFiles() {
            let (sha256, bytes) = try ContentStore.hash(fileAt: site.cacheDirectory + "/" + file.relativePath)
            #expect(sha256 == file.sha256 && bytes == file.bytes, "\(file.relativePath)")
        }
        let catalog = SQLiteCatalog(database: database)
        for tile in try await catalog.home(source: .tv).categories {
            for entry in try await catalog.category(named: tile.name)?.entries ?? [] where entry.kind == .resource {
                #expect(try await catalog.resource(id: entry.id, source: .tv) != nil)
            }
        }
    }

    @Test func anAcknowledgedPlaySurvivesSIGKILL() async throws {
        let site = try KioskSite()
        #expect(try await site.install(Repository.demoPool).status == 0)
        var (server, port) = try await site.serve()
        let token = try await withClient(port: port) { client in
            let (status, start) = try await client.post(
                "/api/v1/plays", json: #"{"resource": "XL-QX-01", "source": "tv"}"#)
            #expect(status == .created)
            let token = try #require(start["token"] as? String)
            try await Task.sleep(for: .seconds(1))
            let (progress, _) = try await client.post(
                "/api/v1/plays/\(token)", json: #"{"position": 12.5, "played": 1}"#)
            #expect(progress == .ok)
            return token
        }
        server.signal(SIGKILL)
        _ = try await server.wait(timeout: .seconds(10))

        (server, port) = try await site.serve()
        try await withClient(port: port) { client in
            let detail = try await client.json("/api/v1/resources/XL-QX-01?source=tv")
            #expect(detail["resumePosition"] as? Double == 12.5)
            let home = try await client.json("/api/v1/home?source=tv")
            #expect(
                (home["resume"] as? [String: Any]).flatMap { ($0["resource"] as? [String: Any])?["id"] as? String }
                    == "XL-QX-01")
            // Same boot (only the process restarted): the page's play goes on being recorded.
            let (late, body) = try await client.post("/api/v1/plays/\(token)", json: #"{"position": 13, "played": 2}"#)
            #expect(late == .ok && body["playedSeconds"] as? Double == 2)
        }
        server.signal(SIGTERM)
        #expect(try await server.wait(timeout: .seconds(15)) == 0)
    }
}
