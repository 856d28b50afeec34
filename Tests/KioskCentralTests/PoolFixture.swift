import ContentStore
import Foundation
import KioskCentral
import KioskCore
import KioskTesting
import PoolFormat

/// A temporary pool directory with files of random bytes, and an empty cache beside it.
final class PoolFixture {
    let directory = TemporaryDirectory("central")
    var poolPath: String { directory.appending("pool") }
    let cache: ContentStore

    init() throws {
        try FileManager.default.createDirectory(atPath: directory.appending("pool"), withIntermediateDirectories: true)
        cache = try ContentStore(root: directory.appending("cache"))
    }

    /// Adds a media file of `bytes` random bytes to the pool; returns its file object.
    func addFile(bytes: Int) throws -> FileObject {
        let data = Self.randomData(count: bytes)
        let scratch = directory.appending("scratch.bin")
        try data.write(to: URL(fileURLWithPath: scratch))
        let (sha256, size) = try ContentStore.hash(fileAt: scratch)
        let path = "media/\(sha256.prefix(2))/\(sha256).mp4"
        try FileManager.default.createDirectory(
            atPath: poolPath + "/media/\(sha256.prefix(2))", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: scratch, toPath: poolPath + "/" + path)
        return FileObject(path: path, sha256: sha256, bytes: size, mime: "video/mp4")
    }

    static func randomData(count: Int) -> Data {
        var generator = SystemRandomNumberGenerator()
        let words = (0..<(count + 7) / 8).map { _ in generator.next() as UInt64 }
        return words.withUnsafeBytes { Data($0.prefix(count)) }
    }

    /// The pool's bytes of `file`.
    func contents(of file: FileObject) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: poolPath + "/" + file.path))
    }

    /// Where `file` goes in the cache.
    func relativePath(of file: FileObject) -> String {
        CachedFile.relativePath(sha256: file.sha256, fileExtension: file.fileExtension)
    }

    /// Whether the cache holds `file`, byte for byte.
    func cacheHolds(_ file: FileObject) -> Bool {
        FileManager.default.contentsEqual(
            atPath: cache.path(of: relativePath(of: file)), andPath: poolPath + "/" + file.path)
    }

    /// Leaves a partial file as an earlier run would have: the first `count` bytes of `file`.
    func leavePartial(of file: FileObject, bytes count: Int) throws {
        try contents(of: file).prefix(count).write(to: URL(fileURLWithPath: cache.partialPath(sha256: file.sha256)))
    }

    /// Leaves a partial file of arbitrary bytes.
    func leavePartial(of file: FileObject, data: Data) throws {
        try data.write(to: URL(fileURLWithPath: cache.partialPath(sha256: file.sha256)))
    }

    /// The size of `file`'s partial, or nil when there is none.
    func partialBytes(of file: FileObject) -> Int64? { cache.partialBytes(sha256: file.sha256) }

    /// Options whose waits go to `clock`: retries return at once and are recorded.
    static func options(
        clock: RecordingClock, maxAttempts: Int = 5, limiter: BandwidthLimiter? = nil, reserveBytes: Int64 = 0
    ) -> DownloadOptions {
        DownloadOptions(
            retry: RetryPolicy(
                maxAttempts: maxAttempts, baseDelay: .seconds(1), maxDelay: .seconds(30),
                sleep: clock.sleepFunction),
            limiter: limiter, reserveBytes: reserveBytes)
    }
}

extension PoolFixture {
    /// Runs `body` with a faulty server over the pool and an HTTP source for it, shut down afterwards.
    func withFaultyServer<Result>(_ body: (FaultyPoolServer, HTTPPoolSource) async throws -> Result) async throws
        -> Result
    {
        try await FaultyPoolServer.with(serving: poolPath) { server in
            let source = try HTTPPoolSource(url: server.baseURL)
            do {
                let result = try await body(server, source)
                await source.shutdown()
                return result
            } catch {
                await source.shutdown()
                throw error
            }
        }
    }
}
