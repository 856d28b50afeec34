import Foundation
import HummingbirdTesting
import KioskTesting
import NIOCore
import Testing

/// A disk that fills up during a sync: the sync stops cleanly, keeps what was installed, and
/// reports it; what was cached before still plays.
@Suite("End to end: sync onto a full disk")
struct SyncDiskFullTests {
    @Test func fullDiskStopsTheSyncAndTheOldContentStillPlays() async throws {
        let pool = try TestPool()
        try pool.addCopies(of: "KJ-CX-01", count: 6, mediaBytes: 4 << 20)
        try pool.write()
        let nginx = try await Nginx(serving: pool.path)
        defer { nginx.stop() }
        let site = try SyncFromNginxTests.site(nginx, curation: #"categories = ["养生保健"]"#)
        // The cache on a small file system of its own (CI runs as root; mounting needs it).
        try FileManager.default.createDirectory(atPath: site.cacheDirectory, withIntermediateDirectories: true)
        let mount = try await ChildProcess.run(
            "/bin/mount", ["-t", "tmpfs", "-o", "size=20m", "tmpfs", site.cacheDirectory])
        try #require(mount.status == 0, "cannot mount a tmpfs for the cache (needs root): \(mount.stderr)")
        defer { _ = try? Process.run(URL(fileURLWithPath: "/bin/umount"), arguments: ["-l", site.cacheDirectory]) }

        let first = try await SyncTests.sync(site)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        let taiChi: Set<String> = ["YS-TJQ-01", "YS-TJQ-02", "YS-TJQ-03", "YS-TJQ-04"]
        #expect(try await SyncTests.catalog(site) == taiChi)

        // Everything, slowly; once the first new resource is in, something else fills the disk.
        _ = try SyncFromNginxTests.site(nginx, pool: "bandwidth_limit = \"4 MiB\"", at: site)
        let sync = try ChildProcess(KioskSite.yinling, ["sync", "--config", site.config])
        _ = try await sync.line(startingWith: "ready")
        try Self.fill(site.cacheDirectory + "/filler")
        let status = try await sync.wait(timeout: .seconds(60))
        #expect(status == 1, "\(sync.stdout)\(sync.stderr)")
        #expect(sync.stdout.contains("STOPPING"), "\(sync.stdout)")
        #expect(sync.stdout.contains("disk") && sync.stdout.contains("stopped early"), "\(sync.stdout)")
        let catalog = try await SyncTests.catalog(site)
        #expect(catalog.isSuperset(of: taiChi) && catalog.count > 4 && catalog.count < 23, "\(catalog.sorted())")
        try await CatalogCheck.verify(site)

        // The menu still plays what was there: serve it and fetch a Tai Chi video byte for byte.
        try FileManager.default.removeItem(atPath: site.cacheDirectory + "/filler")
        let (server, port) = try await site.serve()
        defer { server.signal(SIGTERM) }
        let media = try #require(pool.file("YS-TJQ-01", "media")["sha256"] as? String)
        let expected = try pool.contents(of: try #require(pool.file("YS-TJQ-01", "media")["path"] as? String))
        let body = try await withClient(port: port) { client in
            try await client.get("/media/\(media).mp4").body.map { Data($0.readableBytesView) }
        }
        #expect(body == expected)
    }

    /// Writes zeros until the file system is full.
    static func fill(_ path: String) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let megabyte = Data(count: 1 << 20)
        while (try? handle.write(contentsOf: megabyte)) != nil {}
        let kilobyte = Data(count: 1 << 10)
        while (try? handle.write(contentsOf: kilobyte)) != nil {}
        try? handle.synchronize()
    }
}
