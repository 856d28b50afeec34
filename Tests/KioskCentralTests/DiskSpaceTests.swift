import ContentStore
import Foundation
import KioskCentral
import KioskTesting
import PoolFormat
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Disk full and the free-space reserve")
struct DiskSpaceTests {
    let pool: PoolFixture
    let clock = RecordingClock()

    init() throws { pool = try PoolFixture() }

    func download(_ file: FileObject, into cache: ContentStore, reserveBytes: Int64 = 0) async throws -> SourceError? {
        try await FaultyPoolServer.with(serving: pool.poolPath) { server in
            let source = try HTTPPoolSource(url: server.baseURL)
            let failure = await #expect(throws: SourceError.self) {
                try await source.download(
                    file, as: pool.relativePath(of: file), label: "media of R1", into: cache,
                    options: PoolFixture.options(clock: clock, reserveBytes: reserveBytes)
                ) { _ in }
            }
            await source.shutdown()
            return failure
        }
    }

    /// A file already installed in `cache`, which a full disk must not take away.
    func installSmallFile(in cache: ContentStore) throws -> FileObject {
        let installed = try pool.addFile(bytes: 50_000)
        try cache.importFile(
            from: pool.poolPath + "/" + installed.path, to: pool.relativePath(of: installed),
            sha256: installed.sha256, bytes: installed.bytes)
        return installed
    }

    /// ENOSPC without root: the partial is a link to /dev/full, where every write fails so.
    @Test func diskFullStopsCleanlyAndKeepsWhatIsInstalled() async throws {
        let installed = try installSmallFile(in: pool.cache)
        let file = try pool.addFile(bytes: 1024 * 1024)
        try FileManager.default.createSymbolicLink(
            atPath: pool.cache.partialPath(sha256: file.sha256), withDestinationPath: "/dev/full")
        let failure = try await download(file, into: pool.cache)
        #expect(failure?.code == .diskFull)
        #expect(failure?.message.contains(pool.cache.root) == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: pool.cache.partialDirectory).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: pool.cache.path(of: pool.relativePath(of: file))))
        #expect(pool.cacheHolds(installed))
        #expect(clock.sleeps.isEmpty)
    }

    /// A real full file system: a 1 MiB tmpfs (needs root; skipped elsewhere).
    @Test(.enabled(if: TinyFileSystem.canMount)) func tinyFileSystemFillsUp() async throws {
        let mount = try TinyFileSystem(at: pool.directory.appending("tiny"), bytes: 1024 * 1024)
        defer { mount.unmount() }
        let cache = try ContentStore(root: mount.path + "/cache")
        let installed = try installSmallFile(in: cache)
        let file = try pool.addFile(bytes: 2 * 1024 * 1024)
        let failure = try await download(file, into: cache)
        #expect(failure?.code == .diskFull)
        #expect(failure?.message.contains("disk full") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.partialDirectory).isEmpty)
        #expect(
            FileManager.default.contentsEqual(
                atPath: cache.path(of: pool.relativePath(of: installed)), andPath: pool.poolPath + "/" + installed.path)
        )
    }

    @Test func reserveReachedStopsBeforeWriting() async throws {
        let file = try pool.addFile(bytes: 300_000)
        // A reserve as large as the disk: never satisfied, whatever other tests free meanwhile.
        let failure = try await download(file, into: pool.cache, reserveBytes: try pool.cache.diskSpace().totalBytes)
        #expect(failure?.code == .diskFull)
        #expect(failure?.message.contains("free-space reserve reached") == true)
        #expect(!FileManager.default.fileExists(atPath: pool.cache.path(of: pool.relativePath(of: file))))
        #expect((pool.partialBytes(of: file) ?? 0) == 0)
    }
}

/// A tmpfs of a few bytes mounted for one test: a disk that really fills up.
struct TinyFileSystem {
    let path: String

    static var canMount: Bool {
        guard geteuid() == 0 else { return false }
        let probe = TemporaryDirectory("mount-probe")
        guard mount("tmpfs", probe.path, "tmpfs", 0, "size=64k") == 0 else { return false }
        umount(probe.path)
        return true
    }

    init(at path: String, bytes: Int) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard mount("tmpfs", path, "tmpfs", 0, "size=\(bytes)") == 0 else {
            throw SourceError(.io, "mount tmpfs on \(path): errno \(errno)")
        }
    }

    func unmount() { umount(path) }
}
